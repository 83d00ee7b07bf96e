// Two of the smallest workflows a Temporal server can run, for `npm run bench:temporal`: what the
// server itself costs, without the product's activities or databases.
import { proxyActivities } from '@temporalio/workflow';

/** The one activity: answers at once. */
export const trivialActivities = {
  async ack(): Promise<null> {
    return null;
  },
};

const { ack } = proxyActivities<typeof trivialActivities>({ startToCloseTimeout: '10 seconds' });

/** One activity, then done: two workflow tasks and one activity task. */
export async function oneActivity(): Promise<null> {
  return ack();
}

/**
 * No activity: returns the workflow clock, which is the time the server started its first
 * workflow task, so a client can split start → result at that moment.
 */
export async function workflowClock(): Promise<number> {
  return Date.now();
}
