// Changing a company's rules: a new version from a date, validated, audited, and everything that
// runs on the rules brought along at once (the reminder loop recomputes, the report schedules are
// replaced with the new times).
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { AttendanceRules } from '../domain/attendance-rules';
import { rulesChangedSignal, shiftRemindersId } from '../domain/signals';
import { localDate } from '../domain/time';
import { writeAudit } from '../db/repositories/audit';
import { followRulesZone, rulesInForce, saveRules } from '../db/repositories/rules';
import { getTenant, tenantStanding, type Tenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { NotFoundError } from '../db/errors';
import { syncTenantSchedules } from './schedules';

/** Saves a rules version (throws InvalidRulesError naming every problem) and applies it. */
export interface RulesDeps {
  pool: Pool;
  temporal: Client;
  /** REPORT_SCHEDULES: 'paused' keeps every report schedule paused. */
  reportSchedules: 'on' | 'paused';
}

export async function changeRules(
  deps: RulesDeps,
  c: { tenantId: number; effectiveFrom: string; rules: AttendanceRules; actor: string },
): Promise<void> {
  const tenant = await withTenant(deps.pool, c.tenantId, async (tx) => {
    const found = await getTenant(tx, c.tenantId);
    if (!found) throw new NotFoundError(`tenant ${c.tenantId} not found`);
    await saveRules(tx, c.tenantId, c.effectiveFrom, c.rules, c.actor);
    await writeAudit(tx, { tenantId: c.tenantId, actor: c.actor, action: 'rules.saved', payload: { effectiveFrom: c.effectiveFrom, rules: c.rules } });
    // A version in force today that names another zone moves the company there now.
    const zone = await followRulesZone(tx, found, new Date());
    if (zone === null) return found;
    await writeAudit(tx, { tenantId: c.tenantId, actor: c.actor, action: 'company.zone.changed', payload: { from: found.timeZone, to: zone } });
    return { ...found, timeZone: zone };
  });
  await applyRules(deps, tenant);
}

/**
 * Brings what runs on a company's rules in line with the rules in force today and its
 * subscription: the report schedules (paused unless active) and the reminder loop.
 */
export async function applyRules(deps: RulesDeps, tenant: Tenant, now = new Date()): Promise<void> {
  const rules = await withTenant(deps.pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, localDate(now, tenant.timeZone), tenant.timeZone));
  await syncTenantSchedules(
    deps.temporal,
    { id: tenant.id, uid: tenant.uid, active: tenantStanding(tenant, now) === 'ok', heldByDeployment: deps.reportSchedules === 'paused' },
    rules,
  );
  await deps.temporal.workflow.getHandle(shiftRemindersId(tenant.uid)).signal(rulesChangedSignal).catch(() => undefined);
}
