// At worker start: every company's report schedules are checked against its rules and
// subscription, and a missing or out-of-date one is repaired. Runs beside the worker (a slow
// Temporal does not hold up work), retrying until it has been through every company once.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { describeError, type Logger } from '../config/logger';
import { followRulesZone, rulesInForce } from '../db/repositories/rules';
import { getTenant, tenantStanding } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { localDate } from '../domain/time';
import { syncTenantSchedules, type SyncOutcome } from '../services/schedules';

export async function reconcileSchedules(deps: {
  temporal: Client;
  pool: Pool;
  platformPool: Pool;
  log: Logger;
  reportSchedules: 'on' | 'paused';
  now?: () => Date;
}): Promise<Record<SyncOutcome, number>> {
  const { rows } = await deps.platformPool.query<{ id: number }>("SELECT id FROM tenants WHERE kind = 'group' AND telegram_chat_id IS NOT NULL ORDER BY id");
  const counts: Record<SyncOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  for (const { id } of rows) {
    const now = deps.now?.() ?? new Date();
    const found = await withTenant(deps.pool, id, async (tx) => {
      const found = await getTenant(tx, id);
      if (!found) return null;
      const zone = await followRulesZone(tx, found, now);
      const tenant = zone === null ? found : { ...found, timeZone: zone };
      return { tenant, rules: await rulesInForce(tx, id, localDate(now, tenant.timeZone), tenant.timeZone) };
    });
    if (!found) continue;
    const outcomes = await syncTenantSchedules(deps.temporal, { id, uid: found.tenant.uid, active: tenantStanding(found.tenant, now) === 'ok', heldByDeployment: deps.reportSchedules === 'paused' }, found.rules);
    for (const [scheduleId, outcome] of Object.entries(outcomes)) {
      counts[outcome] += 1;
      if (outcome !== 'unchanged') deps.log.info({ scheduleId, outcome, tenantId: id }, 'report schedule repaired');
    }
  }
  return counts;
}

/** Reconciles in the background until one pass succeeds. */
export function reconcileSchedulesInBackground(deps: Parameters<typeof reconcileSchedules>[0], signal: AbortSignal): Promise<void> {
  return (async () => {
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        const counts = await reconcileSchedules(deps);
        deps.log.info({ ...counts }, 'report schedules reconciled');
        return;
      } catch (err) {
        deps.log.warn({ err: describeError(err), attempt }, 'could not reconcile report schedules; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(60_000, 1000 * 2 ** attempt)));
      }
    }
  })();
}
