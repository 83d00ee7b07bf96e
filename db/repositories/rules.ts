// Versioned attendance rules: a day is judged by the newest version effective on or before it.
import { DEFAULT_RULES, type AttendanceRules } from '../../domain/attendance-rules';
import { rulesProblemsInEnglish, validateRules, type RulesProblem } from '../../domain/rules-validation';
import { localDate } from '../../domain/time';
import { one, type Queryable } from '../queryable';

/** The rules cannot be stored; `problems` says why, to be shown in the company's languages. */
export class InvalidRulesError extends Error {
  constructor(readonly problems: RulesProblem[]) {
    super(`invalid rules: ${rulesProblemsInEnglish(problems).join(' ')}`);
  }
}

export async function saveRules(db: Queryable, tenantId: number, effectiveFrom: string, rules: AttendanceRules, actor: string): Promise<void> {
  const problems = validateRules(rules);
  if (problems.length) throw new InvalidRulesError(problems);
  await db.query(
    `INSERT INTO tenant_rules (tenant_id, effective_from, rules, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, effective_from) DO UPDATE SET rules = EXCLUDED.rules, created_by = EXCLUDED.created_by, created_at = now()`,
    [tenantId, effectiveFrom, rules, actor],
  );
}

/**
 * The company's zone is the one its rules in force say: an admin who moves the rules to another
 * zone moves the company (its "today", its months, the times the panel shows). Brought in line
 * when a version is saved, and by the daily report run and the worker's start for a version that
 * came into force since. Returns the new zone, or null when nothing changed.
 */
export async function followRulesZone(db: Queryable, tenant: { id: number; timeZone: string }, now: Date): Promise<string | null> {
  const row = await one<{ zone: string | null }>(
    db,
    `SELECT rules->>'timeZone' AS zone FROM tenant_rules WHERE tenant_id = $1 AND effective_from <= $2 ORDER BY effective_from DESC LIMIT 1`,
    [tenant.id, localDate(now, tenant.timeZone)],
  );
  if (!row?.zone || row.zone === tenant.timeZone) return null;
  await db.query('UPDATE tenants SET time_zone = $2 WHERE id = $1', [tenant.id, row.zone]);
  return row.zone;
}

/**
 * Rules for a workday: the newest version effective on or before it; for a day before the first
 * version (a company set up where the date was already later, then moved west), that first
 * version, which is all the company ever had; defaults (in the tenant's zone) when it never saved any.
 */
export async function rulesInForce(db: Queryable, tenantId: number, workday: string, fallbackZone: string): Promise<AttendanceRules> {
  const row = await one<{ rules: AttendanceRules }>(
    db,
    `SELECT rules FROM tenant_rules WHERE tenant_id = $1
     ORDER BY effective_from <= $2::date DESC, CASE WHEN effective_from <= $2::date THEN effective_from END DESC, effective_from
     LIMIT 1`,
    [tenantId, workday],
  );
  return row?.rules ?? { ...DEFAULT_RULES, timeZone: fallbackZone };
}

/**
 * Every version in force on or before `upTo`, and the first one even if later (it stands for the
 * days before it, as in rulesInForce), oldest first (see rulesOn in domain/month-summary.ts).
 */
export async function rulesVersions(db: Queryable, tenantId: number, upTo: string): Promise<Array<{ effectiveFrom: string; rules: AttendanceRules }>> {
  const { rows } = await db.query<{ effective_from: string; rules: AttendanceRules }>(
    `SELECT effective_from::text AS effective_from, rules FROM tenant_rules
     WHERE tenant_id = $1 AND (effective_from <= $2 OR effective_from = (SELECT min(effective_from) FROM tenant_rules WHERE tenant_id = $1))
     ORDER BY effective_from`,
    [tenantId, upTo],
  );
  return rows.map((r) => ({ effectiveFrom: r.effective_from, rules: r.rules }));
}
