// The queries on hot paths, run through the repositories themselves (not copies of their SQL)
// against a database seeded at a given size, with their plans. `npm run bench:queries` prints
// them as JSON for a million punches; test/integration/query-plans.test.ts checks them smaller.
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { clockInsNotHandedOff, memberDayPunches } from '../db/repositories/clock-ins';
import { findGroupMembershipsOfEmployee, findRegistration, findSubscribers, groupMembershipsOfUser, hasPrivateChat } from '../db/repositories/members';
import { employeeHasPunched } from '../db/repositories/punches';
import { pendingRequests, requestOfMessage, requestsNotHandedOff } from '../db/repositories/requests';
import { priorThisMonth } from '../db/repositories/violations';
import { DEFAULT_RULES } from '../domain/attendance-rules';
import type { Queryable } from '../db/queryable';

export interface Seeded {
  tenants: number;
  members: number;
  punches: number;
}

/**
 * A platform of `tenants` group companies of `membersPerTenant` members, each with punches spread
 * over the last year, some violations, requests (a few pending) and hand-offs (almost all done).
 */
export async function seedPlatform(db: Pool, o: { tenants: number; membersPerTenant: number; punches: number }): Promise<Seeded> {
  await db.query(
    `INSERT INTO tenants (slug, name, time_zone, kind, subscription_state, telegram_chat_id)
     SELECT 'seed-' || g, 'Company ' || g, 'Asia/Almaty', 'group', 'active', -1009000000000 - g FROM generate_series(1, $1) g`,
    [o.tenants],
  );
  await db.query(
    `INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name, employee_code, iin, active)
     SELECT t.id, 500000000 + (t.rn - 1) * $1 + m, 500000000 + (t.rn - 1) * $1 + m, 'Member ' || m,
            'E' || ((t.rn - 1) * $1 + m), CASE WHEN m % 4 = 0 THEN lpad(((t.rn - 1) * $1 + m)::text, 12, '0') END, m % 20 <> 0
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM tenants WHERE slug LIKE 'seed-%') t, generate_series(1, $1) m`,
    [o.membersPerTenant],
  );
  // Punches: member k punches in and out on random days of the past year.
  await db.query(
    `INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, workflow_id)
     SELECT m.tenant_id, 'group', 'seed:' || g, m.employee_code, m.id,
            now() - make_interval(secs => (g::bigint * 7919 % 31536000)), CASE WHEN g % 2 = 0 THEN 'check-in' ELSE 'check-out' END, 'punch:seed:' || g
     FROM generate_series(1, $1) g
     CROSS JOIN (SELECT min(id) AS first, count(*) AS n FROM members) s
     JOIN members m ON m.id = s.first + (g::bigint * 104729 % s.n)`,
    [o.punches],
  );
  await db.query(`INSERT INTO punch_handoffs (punch_id, tenant_id, recorded_at, handed_at)
                  SELECT id, tenant_id, recorded_at, CASE WHEN id % 100000 = 0 THEN NULL ELSE recorded_at END FROM punches`);
  await db.query(`INSERT INTO violations (tenant_id, member_id, punch_id, workday, kind, minutes, amount, currency, free)
                  SELECT tenant_id, member_id, id, (punched_at AT TIME ZONE 'Asia/Almaty')::date, 'late', 5, 1000, 'KZT', false
                  FROM punches WHERE id % 10 = 0 AND kind = 'check-in'`);
  await db.query(`INSERT INTO advances (tenant_id, member_id, amount, currency, expires_at, workflow_id, status, handed_at, requested_at)
                  SELECT tenant_id, id, 1000, 'KZT', now() + interval '3 days', 'advance:seed:' || id,
                         CASE WHEN id % 50 = 0 THEN 'pending' ELSE 'approved' END, CASE WHEN id % 500 = 0 THEN NULL ELSE now() END,
                         now() - interval '1 hour'
                  FROM members`);
  await db.query(`INSERT INTO violation_voids (violation_id, tenant_id, cause, cause_id, amount)
                  SELECT id, tenant_id, 'leave', 1, amount FROM violations WHERE id % 7 = 0`);
  await db.query(`INSERT INTO leave_requests (tenant_id, member_id, leave_type, from_day, to_day, days, expires_at, workflow_id, status, handed_at)
                  SELECT tenant_id, id, 'personal', current_date + 30, current_date + 30, 1, now() + interval '3 days', 'leave:seed:' || id,
                         CASE WHEN id % 50 = 1 THEN 'pending' ELSE 'rejected' END, now()
                  FROM members`);
  await db.query(`INSERT INTO corrections (tenant_id, member_id, workday, action, punched_at, expires_at, workflow_id, status, handed_at)
                  SELECT tenant_id, id, current_date - 1, 'in', now() - interval '1 day', now() + interval '3 days', 'correction:seed:' || id,
                         CASE WHEN id % 50 = 2 THEN 'pending' ELSE 'approved' END, now()
                  FROM members`);
  await db.query(`INSERT INTO request_messages (tenant_id, workflow_id, chat_id, message_id)
                  SELECT tenant_id, workflow_id, 700000000 + id % 1000, id FROM advances`);
  await db.query(`INSERT INTO private_chats (telegram_user_id) SELECT telegram_user_id FROM members WHERE id % 3 = 0 ON CONFLICT DO NOTHING`);
  await db.query('ANALYZE');
  const counts = await db.query<{ tenants: number; members: number; punches: number }>(
    'SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM punches)::int AS punches',
  );
  return counts.rows[0]!;
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

export interface QueryPlan {
  query: string;
  /** Every statement the repository function ran, with its plan. */
  statements: Array<{ sql: string; plan: PlanNode; executionMs: number | null }>;
}

/** Every table the plan reads in full (a sequential scan), outside the ones too small to matter. */
export function fullScans(plan: PlanNode, smallTables: readonly string[] = ['tenants', 'biotime_sources', 'tenant_rules', 'pgmigrations']): string[] {
  const own = plan['Node Type'] === 'Seq Scan' && plan['Relation Name'] && !smallTables.includes(plan['Relation Name']) ? [plan['Relation Name']] : [];
  return [...own, ...(plan.Plans ?? []).flatMap((p) => fullScans(p, smallTables))];
}

/** A Queryable that answers every statement with its plan instead of its rows (and records the plan). */
function explainer(db: Queryable, analyze: boolean, into: QueryPlan['statements']): Queryable {
  return {
    query: (async (sql: string, params?: unknown[]) => {
      const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time'?: number }> }>(
        `EXPLAIN (FORMAT JSON${analyze ? ', ANALYZE, BUFFERS' : ''}) ${sql}`,
        params,
      );
      const [root] = rows[0]!['QUERY PLAN'];
      into.push({ sql: sql.replace(/\s+/g, ' ').trim(), plan: root!.Plan, executionMs: root!['Execution Time'] ?? null });
      return { rows: [], rowCount: 0, command: 'SELECT', oid: 0, fields: [] } as unknown as QueryResult<QueryResultRow>;
    }) as Queryable['query'],
  };
}

/**
 * The hot queries: the platform path (BioTime routing, private commands, the hand-off sweeps) on
 * `platform`, tenant work on `tenant` (a client in a transaction with app.tenant_id set, as the
 * product runs it). `sample` names a real tenant, member and employee code.
 */
export async function explainHotQueries(
  platform: Queryable,
  tenant: PoolClient,
  sample: { tenantId: number; memberId: number; employeeCode: string; telegramUserId: number; workday: string },
  analyze = false,
): Promise<QueryPlan[]> {
  const plans: QueryPlan[] = [];
  const run = async (query: string, db: Queryable, call: (q: Queryable) => Promise<unknown>) => {
    const statements: QueryPlan['statements'] = [];
    await call(explainer(db, analyze, statements));
    plans.push({ query, statements });
  };
  await run('BioTime punch: group companies employing an employee code', platform, (q) => findGroupMembershipsOfEmployee(q, sample.employeeCode));
  await run('private command: companies of a Telegram user', platform, (q) => groupMembershipsOfUser(q, sample.telegramUserId));
  await run('group join: IIN registration of a Telegram user', platform, (q) => findRegistration(q, sample.telegramUserId));
  await run('private chat open', platform, (q) => hasPrivateChat(q, sample.telegramUserId));
  await run('sweep: clock-ins without their workflow', platform, (q) => clockInsNotHandedOff(q, 30));
  await run('sweep: requests without their workflow', platform, (q) => requestsNotHandedOff(q, 30));
  await run('reply with a reason: the request of an admin copy', platform, (q) => requestOfMessage(q, 700000001, 1));
  await run('BioTime punch: subscribers of an employee code', tenant, (q) => findSubscribers(q, sample.tenantId, sample.employeeCode));
  await run('clock-in: the member\'s day', tenant, (q) => memberDayPunches(q, sample.tenantId, sample.memberId, sample.workday, DEFAULT_RULES));
  await run('violation: the month\'s earlier ones (free allowance)', tenant, (q) => priorThisMonth(q, sample.memberId, 'late', sample.workday, 0));
  await run('registration: has this employee code punched', tenant, (q) => employeeHasPunched(q, sample.tenantId, sample.employeeCode));
  await run('inbox: the company\'s pending requests', tenant, (q) => pendingRequests(q, sample.tenantId));
  return plans;
}

/** Indented plan lines, as EXPLAIN prints them (node, relation, index). */
export function planLines(plan: PlanNode, depth = 0): string[] {
  const here = `${'  '.repeat(depth)}${plan['Node Type']}${plan['Relation Name'] ? ` on ${plan['Relation Name']}` : ''}${plan['Index Name'] ? ` using ${plan['Index Name']}` : ''}`;
  return [here, ...(plan.Plans ?? []).flatMap((p) => planLines(p, depth + 1))];
}
