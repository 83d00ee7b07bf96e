// A company that runs attendance in a group and also has BioTime terminals: a terminal punch of
// a member (linked through their IIN registration) is judged by the group's rules like a clock-in.
import { DEFAULT_RULES } from '../../domain/attendance-rules';
import { saveRules } from '../../db/repositories/rules';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { eventually, localNow, startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';

// Shifts here are built from the wall clock: in a zone where it is noon, none straddles midnight.
const ZONE = NOON_ZONE;

let stack: Stack;
let tenantId: number;
const group: FakeChat = { id: -1008880001, type: 'supergroup', title: 'Terminal Co' };
const boss: FakeUser = { id: 8801, first_name: 'Boss' };
const aida: FakeUser = { id: 8802, first_name: 'Aida', username: 'aida_t' };
const AIDA_IIN = '791028302728';

const hhmm = (offsetMinutes: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(Date.now() + offsetMinutes * 60_000));

const groupPunches = async () =>
  (await stack.appPool.query("SELECT kind, source FROM punches WHERE tenant_id = $1 ORDER BY punched_at, id", [tenantId])).rows;
const groupViolations = async () =>
  (await stack.appPool.query('SELECT kind FROM violations WHERE tenant_id = $1 ORDER BY id', [tenantId])).rows.map((r) => r.kind);

beforeAll(async () => {
  stack = await startStack({ zone: ZONE });
  stack.fake.setChatMember(group.id, boss, 'creator');
  const setup = stack.fake.userSends(boss, '/setup', group);
  const keyboard = await stack.fake.waitForSent((s) => s.replyTo === setup.message_id);
  tenantId = (await stack.appPool.query('SELECT id FROM tenants WHERE telegram_chat_id = $1', [group.id])).rows[0].id;
  await stack.appPool.query('DELETE FROM tenant_rules WHERE tenant_id = $1', [tenantId]);
  await saveRules(stack.appPool, tenantId, '2000-01-01', {
    ...DEFAULT_RULES,
    timeZone: ZONE,
    workdays: [1, 2, 3, 4, 5, 6, 7],
    shiftStart: hhmm(-30),
    shiftEnd: hhmm(90),
    penalties: { late: { mode: 'fixed', amount: 1_000_00 }, 'early-leave': { mode: 'fixed', amount: 2_000_00 } },
  }, 'test');

  // Aida registered privately with her IIN, then joined the group: her membership is linked.
  await stack.register(aida, AIDA_IIN);
  const id = stack.fake.userPresses(aida, keyboard, 'join');
  await stack.fake.waitForSent(() => stack.fake.callbackAnswers.some((a) => a.callbackQueryId === id));
});
afterAll(async () => {
  await stack?.close();
});

test('When a linked member punches in late at a terminal, then the group\'s rules judge it and the penalty is pushed', async () => {
  const row = await stack.insertPunch({ employee: AIDA_IIN, state: 0, terminal: 'Gate A' });
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('Gate A'), 20_000, 'the terminal notification');
  const late = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('late'), 20_000, 'the late notice');
  expect(late.text).toContain('Penalty: 1,000.00 KZT');
  expect(await stack.punchOutcome(row)).toMatchObject({ sent: 1, violations: 1 });
  expect(await groupPunches()).toEqual([{ kind: 'check-in', source: 'biotime' }]);
});

test('When the terminal records the same start again, then nothing is judged twice', async () => {
  const row = await stack.insertPunch({ employee: AIDA_IIN, state: 0, terminal: 'Gate A' });
  expect(await stack.punchOutcome(row)).toMatchObject({ violations: 0 });
  expect(await groupViolations()).toEqual(['late']);
});

test('When she breaks, returns and leaves early at the terminal, then the day follows and the early departure is penalised', async () => {
  // A few seconds apart, as a person walking between terminals would be.
  const breakOut = await stack.insertPunch({ employee: AIDA_IIN, state: 2, localTime: localNow(ZONE, 2) });
  await stack.punchOutcome(breakOut);
  const back = await stack.insertPunch({ employee: AIDA_IIN, state: 3, localTime: localNow(ZONE, 4) });
  await stack.punchOutcome(back);
  const leave = await stack.insertPunch({ employee: AIDA_IIN, state: 1, terminal: 'Gate B', localTime: localNow(ZONE, 6) });
  expect(await stack.punchOutcome(leave)).toMatchObject({ violations: 1 });
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('early'), 20_000, 'the early-leave notice');
  expect(notice.text).toContain('Penalty: 2,000.00 KZT');
  await eventually(async () => (await groupPunches()).length === 5, 10_000, 'all terminal punches in the group');
  expect((await groupPunches()).map((p) => p.kind)).toEqual(['check-in', 'check-in', 'break-out', 'break-in', 'check-out']);
  expect(await groupViolations()).toEqual(['late', 'early-leave']);
});

test('When the company is suspended, then terminal punches are still recorded for BioTime but not judged for the group', async () => {
  await stack.appPool.query("UPDATE tenants SET subscription_state = 'suspended' WHERE id = $1", [tenantId]);
  const before = (await groupPunches()).length;
  const row = await stack.insertPunch({ employee: AIDA_IIN, state: 0, localTime: localNow(ZONE, 8) });
  expect(await stack.punchOutcome(row)).toMatchObject({ created: true, violations: 0 });
  expect((await groupPunches()).length).toBe(before);
  await stack.appPool.query("UPDATE tenants SET subscription_state = 'trial' WHERE id = $1", [tenantId]);
});
