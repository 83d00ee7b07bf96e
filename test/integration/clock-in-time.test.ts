// A clock-in is timed by when the member sent it, not by when the bot got to it: after the bot
// was down, the backlog is judged by the messages' own times, and nobody is fined for the outage.
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';
import { breakWatchId } from '../../domain/signals';

const ZONE = NOON_ZONE;

let stack: Stack;
let tenantId: number;
let keyboard: SentRecord;
const group: FakeChat = { id: -1005550501, type: 'supergroup', title: 'Backlog Co' };
const boss: FakeUser = { id: 6001, first_name: 'Boss' };
const aida: FakeUser = { id: 6002, first_name: 'Aida' };
const bolat: FakeUser = { id: 6003, first_name: 'Bolat' };
const chen: FakeUser = { id: 6004, first_name: 'Chen' };

const hhmm = (ms: number) => new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(ms));
/** The start of the minute after `ms` (a shift that starts then was not yet running at `ms`). */
const nextMinute = (ms: number) => Math.ceil(ms / 60_000) * 60_000;

/** Today's shift starts at `startMs` (a whole minute), no grace, a late start costs 1,000.00. */
async function shiftStartingAt(startMs: number) {
  await stack.setRules(tenantId, {
    workdays: [1, 2, 3, 4, 5, 6, 7],
    shiftStart: hhmm(startMs),
    shiftEnd: hhmm(startMs + 8 * 3_600_000),
    lateGraceMinutes: 0,
    absenceAfterMinutes: 600,
    penalties: { late: { mode: 'fixed', amount: 100_000 } },
  });
}

const punchOf = async (user: FakeUser) =>
  (await stack.appPool.query('SELECT p.punched_at, p.workflow_id FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 ORDER BY p.id DESC LIMIT 1', [user.id])).rows[0];
const lateOf = async (user: FakeUser) =>
  (await stack.appPool.query("SELECT count(*)::int AS n FROM violations v JOIN members m ON m.id = v.member_id WHERE m.telegram_user_id = $1 AND v.kind = 'late'", [user.id])).rows[0].n;

/** The punch's workflow has judged it (the member is answered first, the workflow starts right after). */
async function judged(user: FakeUser) {
  const handle = stack.temporal.workflow.getHandle((await eventually(() => punchOf(user), 20_000, 'the punch')).workflow_id);
  await eventually(() => handle.result().then(() => true), 20_000, 'the punch judged');
}

beforeAll(async () => {
  stack = await startStack({ zone: ZONE });
  stack.fake.setChatMember(group.id, boss, 'creator');
  for (const u of [aida, bolat, chen]) stack.fake.setChatMember(group.id, u, 'member');
  const setup = stack.fake.userSends(boss, '/setup', group);
  keyboard = await stack.fake.waitForSent((s) => s.replyTo === setup.message_id);
  tenantId = (await stack.appPool.query('SELECT id FROM tenants WHERE telegram_chat_id = $1', [group.id])).rows[0].id;
});
afterAll(async () => {
  await stack?.close();
});

test('When the bot was down while a member clocked in on time, then after its restart the clock-in is recorded at the message\'s time and is not late', async () => {
  // Arrange: the member sent /in two and a half minutes ago; the shift began after that.
  const sentAt = Math.floor(Date.now() / 1000) * 1000 - 150_000;
  const start = nextMinute(sentAt);
  await shiftStartingAt(start);
  await stack.stop('bot');
  const message = stack.fake.userSends(aida, '/in', group, undefined, sentAt / 1000);

  // Act: the bot comes back and reads its backlog, long after the shift began.
  await stack.start('bot');
  const answer = await stack.fake.waitForSent((s) => s.replyTo === message.message_id, 20_000, 'the answer to /in');
  await judged(aida);

  // Assert
  expect(Date.now()).toBeGreaterThan(start + 60_000);
  expect(new Date((await punchOf(aida)).punched_at).getTime()).toBe(sentAt);
  expect(answer.text).toContain(hhmm(sentAt));
  expect(await lateOf(aida)).toBe(0);
  expect(stack.fake.sentTo(group.id).concat(stack.fake.sentTo(aida.id)).some((s) => s.text.includes('late') && s.text.includes('Aida'))).toBe(false);
});

test('When a button was pressed while the bot was down, then it is timed by the first message Telegram queued after it, not by when the bot read it', async () => {
  // Arrange: Bolat pressed "in" while the bot was down; Chen wrote in the group 140 s ago, after him.
  const laterMessageAt = Math.floor(Date.now() / 1000) * 1000 - 140_000;
  const start = nextMinute(laterMessageAt + 1_000);
  await shiftStartingAt(start);
  await stack.stop('bot');
  const pressId = stack.fake.userPresses(bolat, keyboard, 'clock:in');
  stack.fake.userSends(chen, 'good morning', group, undefined, laterMessageAt / 1000);

  // Act
  await stack.start('bot');
  await stack.fake.waitForSent(() => stack.fake.callbackAnswers.some((a) => a.callbackQueryId === pressId), 20_000, 'the answer to the press');
  await judged(bolat);

  // Assert: recorded no later than one second after Chen's message; not late.
  const punchedAt = new Date((await punchOf(bolat)).punched_at).getTime();
  expect(punchedAt).toBe(laterMessageAt + 1_000);
  expect(punchedAt).toBeLessThanOrEqual(start);
  expect(await lateOf(bolat)).toBe(0);
});

test('When a clock-in arrives at once, then it is recorded at its own time and judged by it', async () => {
  const start = nextMinute(Date.now()) - 5 * 60_000;
  await shiftStartingAt(start);
  const message = stack.fake.userSends(chen, '/in', group);
  await stack.fake.waitForSent((s) => s.replyTo === message.message_id, 20_000, 'the answer to /in');
  await judged(chen);
  expect(new Date((await punchOf(chen)).punched_at).getTime()).toBe(message.date * 1000);
  expect(await lateOf(chen)).toBe(1);
});

test('When a member presses "in" and sends /smoke within the same second, then the break is recorded after the start and its watch runs', async () => {
  // Arrange: a shift that began a few minutes ago; the message is dated to the whole second, the press to the millisecond.
  await shiftStartingAt(nextMinute(Date.now()) - 5 * 60_000);
  const dana: FakeUser = { id: 6005, first_name: 'Dana' };
  stack.fake.setChatMember(group.id, dana, 'member');
  await stack.press(dana, keyboard, 'clock:in');
  const pressedAt = new Date((await punchOf(dana)).punched_at).getTime();

  // Act: /smoke dated to the start of the press's second, that is, "before" it.
  const message = stack.fake.userSends(dana, '/smoke', group, undefined, Math.floor(pressedAt / 1000));
  const reply = await stack.fake.waitForSent((s) => s.replyTo === message.message_id, 20_000, 'the answer to /smoke');

  // Assert: accepted, stored no earlier than the start, and the workflow judged it a break (its watch runs).
  expect(reply.text).toContain('took a smoke break');
  const smoke = await punchOf(dana);
  expect(new Date(smoke.punched_at).getTime()).toBeGreaterThanOrEqual(pressedAt);
  const { rows } = await stack.appPool.query("SELECT p.uid FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 AND p.kind = 'break-out'", [dana.id]);
  const watch = stack.temporal.workflow.getHandle(breakWatchId(rows[0].uid));
  await eventually(async () => (await watch.describe().catch(() => null))?.status.name === 'RUNNING', 20_000, 'the break watch to start');
});

test('When a shift ends just before midnight and the member clocks out a little after it, then the clock-out ends that shift, not refused as "not started"', async () => {
  // Arrange: a company in the zone where it is now just past midnight, its shift 14:00–23:50;
  // Erlan clocked in at 14:00 yesterday (a message of that time, read now).
  const now = new Date();
  const offset = now.getUTCHours() <= 12 ? -now.getUTCHours() : 24 - now.getUTCHours();
  const zone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const lateGroup: FakeChat = { id: -1005550502, type: 'supergroup', title: 'Late Shift Co' };
  const lateBoss: FakeUser = { id: 6011, first_name: 'Night Boss' };
  const erlan: FakeUser = { id: 6012, first_name: 'Erlan' };
  const { tenantId: lateTenant } = await stack.company(lateGroup, { creator: lateBoss, members: [erlan] });
  await stack.appPool.query('UPDATE tenants SET time_zone = $2 WHERE id = $1', [lateTenant, zone]);
  await stack.setRules(lateTenant, { timeZone: zone, workdays: [1, 2, 3, 4, 5, 6, 7], shiftStart: '14:00', shiftEnd: '23:50', penalties: { 'early-leave': { mode: 'fixed', amount: 100_000 } } });
  const localMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours());
  const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(localMidnight - 3_600_000));
  const clockedIn = stack.fake.userSends(erlan, '/in', lateGroup, undefined, Math.floor((localMidnight - 10 * 3_600_000) / 1000));
  await stack.fake.waitForSent((s) => s.chatId === lateGroup.id && s.replyTo === clockedIn.message_id, 20_000, 'the answer to /in');
  await judged(erlan);

  // Act: it is now 00:MM there; Erlan clocks out.
  const out = stack.fake.userSends(erlan, '/out', lateGroup);
  const reply = await stack.fake.waitForSent((s) => s.chatId === lateGroup.id && s.replyTo === out.message_id, 20_000, 'the answer to /out');
  await judged(erlan);

  // Assert: accepted, judged with last night's workday, and not an early leave.
  expect(reply.text).not.toContain('You have not started the day yet');
  expect(reply.text).toContain('Erlan');
  const { rows } = await stack.appPool.query(
    "SELECT p.kind FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 ORDER BY p.id",
    [erlan.id],
  );
  expect(rows.map((r) => r.kind)).toEqual(['check-in', 'check-out']);
  const violations = await stack.appPool.query('SELECT v.kind FROM violations v JOIN members m ON m.id = v.member_id WHERE m.telegram_user_id = $1', [erlan.id]);
  expect(violations.rows).toEqual([]);
  const day = await stack.appPool.query("SELECT (p.punched_at AT TIME ZONE $2)::date::text AS local_day FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 AND p.kind = 'check-in'", [erlan.id, zone]);
  expect(day.rows[0].local_day).toBe(yesterday);
});
