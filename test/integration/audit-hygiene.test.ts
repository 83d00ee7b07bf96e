// The audit trail: the application can add to it and never rewrite it, and no IIN is ever stored
// in it or written to a log, even where an employee code is the IIN itself.
import { createTenantScopedPool, withTenant } from '../../db/tenant-scope';
import { writeAudit } from '../../db/repositories/audit';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
const group: FakeChat = { id: -1005550701, type: 'supergroup', title: 'Audit Co' };
const boss: FakeUser = { id: 6301, first_name: 'Boss' };
const aida: FakeUser = { id: 6302, first_name: 'Aida' };
const impostor: FakeUser = { id: 6303, first_name: 'Impostor' };
// The demo directory's employee codes are the IINs themselves: the case that must still not leak.
const AIDA_IIN = '791028302728';

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

test('When the application tries to change or delete an audit row, then the database refuses; adding one works', async () => {
  const tenantId = (await stack.appPool.query('SELECT tenant_id FROM biotime_sources')).rows[0].tenant_id;
  const appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 1 });
  try {
    await withTenant(appRole, tenantId, (tx) => writeAudit(tx, { tenantId, actor: 'system:test', action: 'test.appended' }));
    await expect(withTenant(appRole, tenantId, (tx) => tx.query("UPDATE audit_log SET action = 'rewritten' WHERE action = 'test.appended'"))).rejects.toThrow(/permission denied/);
    await expect(withTenant(appRole, tenantId, (tx) => tx.query("DELETE FROM audit_log WHERE action = 'test.appended'"))).rejects.toThrow(/permission denied/);
    await expect(withTenant(appRole, tenantId, (tx) => tx.query('TRUNCATE audit_log'))).rejects.toThrow(/permission denied/);
  } finally {
    await appRole.end();
  }
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.appended'")).rows[0].n).toBe(1);
});

test('When an employee registers, punches, joins a company and someone tries the same IIN, then no audit row and no log line holds the IIN', async () => {
  // Act: a whole day of things that are audited and logged around an IIN.
  stack.fake.setChatMember(group.id, boss, 'creator');
  stack.fake.setChatMember(group.id, aida, 'member');
  await stack.setUpGroup(group, boss);
  await stack.clockIn(aida, group);
  expect((await stack.register(aida, AIDA_IIN)).text).toContain('Registered');
  expect((await stack.register(impostor, AIDA_IIN)).text).toContain('already bound');
  const row = await stack.insertPunch({ employee: AIDA_IIN, terminal: 'Audit gate' });
  await stack.punchOutcome(row);

  // Assert
  const { rows } = await stack.appPool.query('SELECT action, target, payload::text AS payload FROM audit_log ORDER BY id');
  const actions = rows.map((r) => r.action);
  expect(actions).toEqual(expect.arrayContaining(['member.registered', 'member.register.refused', 'member.linked', 'punch.recorded', 'punch.notified']));
  const leaking = rows.filter((r) => `${r.target} ${r.payload}`.includes(AIDA_IIN));
  expect(leaking).toEqual([]);
  expect(rows.some((r) => `${r.target}`.includes('••••••••2728'))).toBe(true);
  const logs = stack.logs();
  expect(logs.length).toBeGreaterThan(1_000);
  expect(logs).not.toContain(AIDA_IIN);
});
