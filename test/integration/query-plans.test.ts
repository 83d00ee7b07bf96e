// Queries on hot paths stay index lookups as the data grows: none reads a big table in full, and
// nobody on Telegram can make the registration lookup scan BioTime's punch table.
import { Client as PgClient } from 'pg';
import { createBiotimeSource } from '../../db/biotime-source';
import { createPool } from '../../db/pool';
import { createTenantScopedPool } from '../../db/tenant-scope';
import { explainHotQueries, fullScans, planLines, seedPlatform, type QueryPlan } from '../../bench/hot-queries';
import { eventually, startStack, type Stack } from '../support/stack';

let stack: Stack;
let plans: QueryPlan[];

beforeAll(async () => {
  stack = await startStack({ services: [] });
  await seedPlatform(stack.appPool, { tenants: 20, membersPerTenant: 250, punches: 120_000 });
  const { rows } = await stack.appPool.query(
    `SELECT m.tenant_id, m.id, m.employee_code, m.telegram_user_id, (p.punched_at AT TIME ZONE 'Asia/Almaty')::date::text AS workday
     FROM punches p JOIN members m ON m.id = p.member_id ORDER BY p.id DESC LIMIT 1`,
  );
  const sample = { tenantId: rows[0].tenant_id, memberId: rows[0].id, employeeCode: rows[0].employee_code, telegramUserId: rows[0].telegram_user_id, workday: rows[0].workday };
  const appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 1 });
  const client = await appRole.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [String(sample.tenantId)]);
    plans = await explainHotQueries(stack.appPool, client, sample);
    await client.query('ROLLBACK');
  } finally {
    client.release();
    await appRole.end();
  }
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

test('Every hot query was planned', () => {
  expect(plans.length).toBeGreaterThanOrEqual(12);
  for (const p of plans) expect(p.statements.length).toBeGreaterThan(0);
});

test.each([
  'BioTime punch: group companies employing an employee code',
  'private command: companies of a Telegram user',
  'group join: IIN registration of a Telegram user',
  'sweep: clock-ins without their workflow',
  'sweep: requests without their workflow',
  'reply with a reason: the request of an admin copy',
  'BioTime punch: subscribers of an employee code',
  "clock-in: the member's day",
  "violation: the month's earlier ones (free allowance)",
  'registration: has this employee code punched',
  "inbox: the company's pending requests",
])('With 120,000 punches and 5,000 members, "%s" reads no big table in full', (query) => {
  const plan = plans.find((p) => p.query === query)!;
  const scans = plan.statements.flatMap((s) => fullScans(s.plan));
  if (scans.length) throw new Error(`full scans of ${scans.join(', ')}:\n${plan.statements.flatMap((s) => planLines(s.plan)).join('\n')}`);
  expect(scans).toEqual([]);
});

test('When someone sends IINs to a bare attendance_log source (no directory, no index on emp_id), then BioTime\'s punch table is never read for them', async () => {
  // Arrange: a BioTime database that is only a big attendance_log.
  const url = `${String(stack.env.BIOTIME_DATABASE_URL)}_bare`;
  const admin = new PgClient({ connectionString: String(stack.env.BIOTIME_DATABASE_URL).replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${url.split('/').pop()}"`);
  await admin.end();
  const bare = new PgClient({ connectionString: url });
  await bare.connect();
  await bare.query(`CREATE TABLE attendance_log (id serial PRIMARY KEY, emp_id varchar(20) NOT NULL, punch_time timestamp NOT NULL, terminal_alias varchar(50), processed boolean NOT NULL DEFAULT false)`);
  await bare.query(`INSERT INTO attendance_log (emp_id, punch_time) SELECT lpad(g::text, 12, '0'), now() FROM generate_series(1, 50000) g`);
  await bare.query('ANALYZE attendance_log');
  const pool = createPool(url, { max: 1 });
  const asked: string[] = [];
  const source = createBiotimeSource(pool, { table: 'attendance_log', iinColumn: 'emp_code', seenInPunches: async (code) => (asked.push(code), code === '990101300011') });
  const scansBefore = (await bare.query("SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'attendance_log'")).rows[0].seq_scan;

  // Act
  const unknown = await source.findEmployeeByIin('880101300012');
  const known = await source.findEmployeeByIin('990101300011');

  // Assert: answered from our own indexed record of punches; BioTime's table was not scanned
  // (a session's statistics are complete once it has ended).
  expect(await source.directoryIndexed()).toBe(false);
  await pool.end();
  const database = url.split('/').pop();
  await eventually(async () => (await bare.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database])).rows[0].n === 0, 5_000, 'the lookup session gone');
  const scansAfter = (await bare.query("SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'attendance_log'")).rows[0].seq_scan;
  expect(scansAfter).toBe(scansBefore);
  expect(unknown).toBeUndefined();
  expect(known).toMatchObject({ employeeCode: '990101300011' });
  expect(asked).toEqual(['880101300012', '990101300011']);
  await bare.end();
});

test('The directory lookup at registration uses BioTime\'s index on the IIN column', async () => {
  const source = createBiotimeSource(stack.biotimePool, { table: 'iclock_transaction', iinColumn: 'emp_code' });
  expect(await source.directoryIndexed()).toBe(true);
  expect(await source.findEmployeeByIin('791028302728')).toMatchObject({ employeeCode: '791028302728' });
});
