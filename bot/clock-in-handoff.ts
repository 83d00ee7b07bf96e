// Handing stored clock-ins to their punch workflows. The member is answered before this runs,
// so Temporal's speed never shows in the group; a sweep catches any hand-off a crash interrupted.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from '../config/logger';
import { describeError } from '../config/logger';
import { clockInsNotHandedOff, markHandedOff } from '../db/repositories/clock-ins';
import { withTenant } from '../db/tenant-scope';
import type { PunchInput } from '../domain/punch';
import { startPunchWorkflow } from '../workers/start-workflows';

export async function handOffClockIn(deps: { temporal: Client; pool: Pool }, punchId: number, punch: PunchInput): Promise<void> {
  await startPunchWorkflow(deps.temporal, punch);
  await withTenant(deps.pool, punch.tenantId, (tx) => markHandedOff(tx, punch.tenantId, punchId));
}

/** Starts the workflows of clock-ins left without one; returns how many it handed over. */
export async function sweepClockIns(deps: { temporal: Client; pool: Pool; platformPool: Pool; log: Logger }, olderThanSeconds = 30): Promise<number> {
  let handed = 0;
  for (const { punchId, punch } of await clockInsNotHandedOff(deps.platformPool, olderThanSeconds)) {
    try {
      await handOffClockIn(deps, punchId, punch);
      handed += 1;
    } catch (err) {
      deps.log.warn({ err: describeError(err), punchId }, 'handing a clock-in to Temporal failed; the next sweep retries');
      break;
    }
  }
  if (handed) deps.log.info({ handed }, 'handed over clock-ins that had no workflow');
  return handed;
}
