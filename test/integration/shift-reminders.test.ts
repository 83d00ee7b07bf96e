// Reminders the company can turn on: before the shift starts (to the group), and to anyone
// still clocked in after the shift is over.
import { DEFAULT_RULES, type AttendanceRules } from '../../domain/attendance-rules';
import { saveRules } from '../../db/repositories/rules';
import { rulesChangedSignal, shiftRemindersId, shiftWatchId } from '../../domain/signals';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';

const ZONE = NOON_ZONE;

let stack: Stack;
let tenantId: number;
let tenantUid: string;
const group: FakeChat = { id: -1007770001, type: 'supergroup', title: 'Reminder Co' };
const boss: FakeUser = { id: 7701, first_name: 'Boss' };
const forgetful: FakeUser = { id: 7702, first_name: 'Forgetful' };
const tidy: FakeUser = { id: 7703, first_name: 'Tidy' };

/** HH:MM in the zone, `minutes` from the current minute's start. */
function wallClock(minutes: number): { hhmm: string; instant: number } {
  const instant = Math.floor(Date.now() / 60_000) * 60_000 + minutes * 60_000;
  const hhmm = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(instant));
  return { hhmm, instant };
}

async function replaceRules(rules: AttendanceRules) {
  await stack.appPool.query('DELETE FROM tenant_rules WHERE tenant_id = $1', [tenantId]);
  await saveRules(stack.appPool, tenantId, '2000-01-01', rules, 'test');
  // What the admin panel does after saving rules.
  await stack.temporal.workflow.getHandle(shiftRemindersId(tenantUid)).signal(rulesChangedSignal);
}

beforeAll(async () => {
  stack = await startStack({ zone: ZONE });
  stack.fake.setChatMember(group.id, boss, 'creator');
  const setup = stack.fake.userSends(boss, '/setup', group);
  await stack.fake.waitForSent((s) => s.replyTo === setup.message_id);
  ({ id: tenantId, uid: tenantUid } = (await stack.appPool.query('SELECT id, uid FROM tenants WHERE telegram_chat_id = $1', [group.id])).rows[0]);
});
afterAll(async () => {
  await stack?.close();
});

test('When a company is set up, then its reminder loop runs (and reminders are off by default)', async () => {
  const description = await stack.temporal.workflow.getHandle(shiftRemindersId(tenantUid)).describe();
  expect(description.status.name).toBe('RUNNING');
  expect(description.typedSearchAttributes.get({ name: 'TenantId', type: 'KEYWORD' })).toBe(String(tenantId));
});

test('When a reminder before the shift start is turned on, then the group gets it on time', async () => {
  // Arrange: the shift starts in about 2 minutes; the reminder is due 4 seconds from now.
  const start = wallClock(2);
  const dueAt = Date.now() + 4_000;
  const beforeStartMinutes = (start.instant - dueAt) / 60_000;
  await replaceRules({
    ...DEFAULT_RULES,
    timeZone: ZONE,
    workdays: [1, 2, 3, 4, 5, 6, 7],
    shiftStart: start.hhmm,
    shiftEnd: wallClock(8 * 60).hhmm,
    reminders: { beforeStartMinutes, beforeEndMinutes: null, stillClockedInAfterMinutes: null },
  });

  // Act
  const reminder = await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('The shift starts in'), 20_000, 'the start reminder');

  // Assert: neither early nor late (a durable timer, then one send through the outbound queue).
  expect(reminder.text).toContain(`(${start.hhmm})`);
  expect(reminder.text).toContain('距离上班还有');
  expect(reminder.at).toBeGreaterThanOrEqual(dueAt);
  expect(reminder.at).toBeLessThan(dueAt + 3_000);
});

test('When a reminder before the shift end is turned on, then the group gets it on time', async () => {
  // Arrange: the shift (which began an hour ago) ends in about 2 minutes; the reminder is due in 4 seconds.
  const end = wallClock(2);
  const dueAt = Date.now() + 4_000;
  await replaceRules({
    ...DEFAULT_RULES,
    timeZone: ZONE,
    workdays: [1, 2, 3, 4, 5, 6, 7],
    shiftStart: wallClock(-60).hhmm,
    shiftEnd: end.hhmm,
    reminders: { beforeStartMinutes: null, beforeEndMinutes: (end.instant - dueAt) / 60_000, stillClockedInAfterMinutes: null },
  });

  // Act
  const reminder = await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('The shift ends in'), 20_000, 'the end reminder');

  // Assert
  expect(reminder.text).toContain(`(${end.hhmm})`);
  expect(reminder.at).toBeGreaterThanOrEqual(dueAt);
  expect(reminder.at).toBeLessThan(dueAt + 3_000);
});

test('When someone is still clocked in after the shift, then they are told (having come after it, that long after they came, not at once); someone who clocked out is not', async () => {
  const end = wallClock(-1);
  await replaceRules({
    ...DEFAULT_RULES,
    timeZone: ZONE,
    workdays: [1, 2, 3, 4, 5, 6, 7],
    shiftStart: wallClock(-120).hhmm,
    shiftEnd: end.hhmm,
    absenceAfterMinutes: 600,
    // Five seconds: they clock in after the shift, so five seconds after they clock in, not at once.
    reminders: { beforeStartMinutes: null, beforeEndMinutes: null, stillClockedInAfterMinutes: 5 / 60 },
  });
  // Both with the company since before today (someone who joins today and first clocks in after
  // the shift is not judged for it, nor reminded).
  for (const u of [tidy, forgetful]) {
    await stack.appPool.query(
      "INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name, registered_at) VALUES ($1, $2, $2, $3, now() - interval '1 day')",
      [tenantId, u.id, u.first_name],
    );
  }
  const dueAt = Date.now() + 5_000;
  stack.fake.userSends(tidy, '/in', group);
  stack.fake.userSends(forgetful, '/in', group);
  await eventually(async () => (await stack.appPool.query("SELECT count(*)::int AS n FROM punches WHERE kind = 'check-in'")).rows[0].n === 2, 10_000, 'both clock-ins');
  stack.fake.userSends(tidy, '/out', group);

  const notice = await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('still clocked in'), 30_000, 'the still-clocked-in notice');
  expect(notice.text).toContain('Forgetful');
  expect(notice.text).toContain(`the shift ended at ${end.hhmm}`);
  // A command's clock-in is its message's time, in whole seconds: up to a second before it was sent.
  expect(notice.at).toBeGreaterThanOrEqual(dueAt - 1_100);
  expect(notice.at).toBeLessThan(dueAt + 3_000);

  const tidyMember = (await stack.appPool.query('SELECT uid FROM members WHERE telegram_user_id = $1', [tidy.id])).rows[0].uid;
  const workday = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE }).format(new Date());
  const watch = stack.temporal.workflow.getHandle(shiftWatchId(tidyMember, workday));
  expect(await watch.result()).toEqual({ reminded: false });
  expect(stack.fake.sentTo(group.id).filter((s) => s.text.includes('still clocked in') && s.text.includes('Tidy'))).toHaveLength(0);
});
