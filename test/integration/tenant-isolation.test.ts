// Isolation down to the storage layer: working as the app role with tenant A set, no query
// returns or changes tenant B's rows, whatever the SQL says.
import type { Pool } from 'pg';
import { createTenantScopedPool, withTenant } from '../../db/tenant-scope';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let app: Pool;
let a: number;
let b: number;

const TABLES = ['tenants', 'members', 'punches', 'violations', 'tenant_rules', 'audit_log', 'leave_requests', 'corrections', 'violation_voids'] as const;

async function seedTenant(slug: string, chatId: number): Promise<number> {
  const db = stack.appPool; // the owning role: the platform-operator path
  const tenant = (await db.query("INSERT INTO tenants (slug, name, time_zone, kind, telegram_chat_id) VALUES ($1, $1, 'Asia/Almaty', 'group', $2) RETURNING id", [slug, chatId])).rows[0].id;
  const member = (await db.query("INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name) VALUES ($1, $2, $2, 'Someone') RETURNING id", [tenant, chatId * -1])).rows[0].id;
  const punch = (await db.query(
    "INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, workflow_id) VALUES ($1, 'group', $2, 'x', $3, now(), 'check-in', 'w') RETURNING id",
    [tenant, `${slug}-1`, member],
  )).rows[0].id;
  const violation = (await db.query(
    "INSERT INTO violations (tenant_id, member_id, punch_id, workday, kind, minutes, amount, currency, free) VALUES ($1, $2, $3, CURRENT_DATE, 'late', 10, 1000, 'KZT', false) RETURNING id",
    [tenant, member, punch],
  )).rows[0].id;
  const leave = (await db.query(
    "INSERT INTO leave_requests (tenant_id, member_id, leave_type, from_day, to_day, days, expires_at, workflow_id) VALUES ($1, $2, 'sick', CURRENT_DATE, CURRENT_DATE, 1, now(), 'w') RETURNING id",
    [tenant, member],
  )).rows[0].id;
  await db.query(
    "INSERT INTO corrections (tenant_id, member_id, workday, action, punched_at, expires_at, workflow_id) VALUES ($1, $2, CURRENT_DATE, 'in', now(), now(), 'w')",
    [tenant, member],
  );
  await db.query("INSERT INTO violation_voids (violation_id, tenant_id, cause, cause_id, amount) VALUES ($1, $2, 'leave', $3, 1000)", [violation, tenant, leave]);
  await db.query("INSERT INTO tenant_rules (tenant_id, effective_from, rules, created_by) VALUES ($1, '2026-01-01', '{}', 'test')", [tenant]);
  await db.query("INSERT INTO audit_log (tenant_id, actor, action) VALUES ($1, 'test', 'seeded')", [tenant]);
  return tenant;
}

beforeAll(async () => {
  stack = await startStack({ services: [] });
  a = await seedTenant('company-a', -100111);
  b = await seedTenant('company-b', -100222);
  app = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 2 });
});
afterAll(async () => {
  await app?.end();
  await stack?.close();
});

test.each(TABLES)('When tenant A reads %s, then only its own rows come back', async (table) => {
  const column = table === 'tenants' ? 'id' : 'tenant_id';
  const seen = await withTenant(app, a, async (tx) => (await tx.query(`SELECT DISTINCT ${column} AS t FROM ${table}`)).rows.map((r) => r.t));
  expect(seen).toEqual([a]);
  const asked = await withTenant(app, a, async (tx) => (await tx.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [b])).rows[0].n);
  expect(asked).toBe(0);
});

test('When tenant A tries to change or delete tenant B\'s rows, then nothing happens to them', async () => {
  const changed = await withTenant(app, a, async (tx) => {
    const u = await tx.query("UPDATE members SET full_name = 'hacked' WHERE tenant_id = $1", [b]);
    const t = await tx.query("UPDATE tenants SET subscription_state = 'suspended' WHERE id = $1", [b]);
    const d = await tx.query('DELETE FROM violations WHERE tenant_id = $1', [b]);
    return [u.rowCount, t.rowCount, d.rowCount];
  });
  expect(changed).toEqual([0, 0, 0]);
  const { rows } = await stack.appPool.query('SELECT full_name FROM members WHERE tenant_id = $1', [b]);
  expect(rows).toEqual([{ full_name: 'Someone' }]);
  expect((await stack.appPool.query('SELECT count(*)::int AS n FROM violations WHERE tenant_id = $1', [b])).rows[0].n).toBe(1);
});

test('When tenant A tries to write a row into tenant B, then the database refuses it', async () => {
  await expect(
    withTenant(app, a, (tx) => tx.query("INSERT INTO audit_log (tenant_id, actor, action) VALUES ($1, 'intruder', 'forged')", [b])),
  ).rejects.toThrow(/row-level security/);
  await expect(
    withTenant(app, a, (tx) => tx.query('UPDATE members SET tenant_id = $1 WHERE tenant_id = $2', [b, a])),
  ).rejects.toThrow(/row-level security/);
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'forged'")).rows[0].n).toBe(0);
});

test('Every table that holds tenant rows is under row-level security', async () => {
  const { rows } = await stack.appPool.query(
    `SELECT c.relname AS table, c.relrowsecurity AS secured FROM information_schema.columns col
     JOIN pg_class c ON c.relname = col.table_name AND c.relkind = 'r' JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = col.table_schema
     WHERE col.column_name = 'tenant_id' AND col.table_schema = 'public' ORDER BY 1`,
  );
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.filter((r) => !r.secured)).toEqual([]);
});

test('When no tenant is set, then the app role sees nothing at all', async () => {
  const { rows } = await app.query('SELECT count(*)::int AS n FROM members');
  expect(rows[0].n).toBe(0);
});

test('When tenant A works inside its own rows, then reads and writes succeed', async () => {
  const renamed = await withTenant(app, a, async (tx) => {
    await tx.query("INSERT INTO audit_log (tenant_id, actor, action) VALUES ($1, 'admin', 'renamed')", [a]);
    return (await tx.query("UPDATE members SET full_name = 'Renamed' WHERE tenant_id = $1", [a])).rowCount;
  });
  expect(renamed).toBe(1);
});

test('The pool the worker, listener and bot use works as a role that cannot bypass row-level security', async () => {
  const { rows } = await app.query(
    "SELECT current_user AS role, (SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user) AS bypass",
  );
  expect(rows[0]).toEqual({ role: 'attendance_app', bypass: false });
});
