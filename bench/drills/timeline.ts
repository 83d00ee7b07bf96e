// Where a workflow's time went after a moment: its history's events from then on, each with its
// offset in ms, which worker (by role) took a task, and why a task timed out. The worker drill
// uses it to say what an approval pressed while a worker was dead waited for.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType, TimeoutType, TaskQueueKind } = temporal.api.enums.v1;

export interface TimelineStep {
  /** ms after the moment asked about (negative: before it). */
  atMs: number;
  event: string;
  /** The worker that took the task, by role where known. */
  by?: string;
  detail?: string;
}

const millis = (ts: HistoryEvent['eventTime']): number =>
  Number(ts?.seconds ?? 0) * 1000 + Math.round((ts?.nanos ?? 0) / 1e6);

/** Event type without its prefix: WORKFLOW_TASK_TIMED_OUT, not EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT. */
const eventName = (e: HistoryEvent) => String(EventType[e.eventType ?? 0]).replace(/^EVENT_TYPE_/, '');

function describe(e: HistoryEvent, roleOf: (identity: string) => string): Pick<TimelineStep, 'by' | 'detail'> {
  const by = (identity: string | null | undefined) => (identity ? roleOf(identity) : undefined);
  if (e.workflowTaskScheduledEventAttributes) {
    const kind = e.workflowTaskScheduledEventAttributes.taskQueue?.kind;
    return { detail: kind === TaskQueueKind.TASK_QUEUE_KIND_STICKY ? 'sticky queue' : 'shared queue' };
  }
  if (e.workflowTaskStartedEventAttributes) return { by: by(e.workflowTaskStartedEventAttributes.identity) };
  if (e.workflowTaskCompletedEventAttributes) return { by: by(e.workflowTaskCompletedEventAttributes.identity) };
  if (e.workflowTaskTimedOutEventAttributes) return { detail: String(TimeoutType[e.workflowTaskTimedOutEventAttributes.timeoutType ?? 0]).replace(/^TIMEOUT_TYPE_/, '') };
  if (e.activityTaskScheduledEventAttributes) return { detail: e.activityTaskScheduledEventAttributes.activityType?.name ?? undefined };
  if (e.activityTaskStartedEventAttributes) return { by: by(e.activityTaskStartedEventAttributes.identity), detail: `attempt ${e.activityTaskStartedEventAttributes.attempt}` };
  if (e.activityTaskTimedOutEventAttributes) {
    const failure = e.activityTaskTimedOutEventAttributes.failure;
    const type = failure?.timeoutFailureInfo?.timeoutType;
    return { detail: type ? String(TimeoutType[type]).replace(/^TIMEOUT_TYPE_/, '') : (failure?.message ?? undefined) };
  }
  if (e.activityTaskFailedEventAttributes) return { by: by(e.activityTaskFailedEventAttributes.identity), detail: e.activityTaskFailedEventAttributes.failure?.message ?? undefined };
  return {};
}

/**
 * The histories of the workflows `query` lists (a visibility query), each from `from` (ms since
 * the epoch) on. `roles` maps a worker's pid to its role (worker identities are pid@host).
 */
export async function timelines(address: string, namespace: string, query: string, from: number, roles: Map<number, string>): Promise<Record<string, TimelineStep[]>> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    const roleOf = (identity: string) => {
      const pid = Number(identity.split('@')[0]);
      return roles.get(pid) ?? identity;
    };
    const out: Record<string, TimelineStep[]> = {};
    for await (const execution of client.workflow.list({ query })) {
      const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      out[execution.workflowId] = (history.events ?? [])
        .filter((e) => millis(e.eventTime) >= from)
        .map((e) => ({ atMs: millis(e.eventTime) - from, event: eventName(e), ...describe(e, roleOf) }));
    }
    return out;
  } finally {
    await connection.close();
  }
}
