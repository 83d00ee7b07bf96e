// Telegram's limits on the bot's own replies: a 429 is waited out and the answer still arrives,
// a morning rush in one group is paced under the group's limit, and a reply that cannot be sent
// never keeps a clock-in from being judged.
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';

let stack: Stack;
let keyboard: SentRecord;
const group: FakeChat = { id: -1005550601, type: 'supergroup', title: 'Rush Co' };
const boss: FakeUser = { id: 6101, first_name: 'Boss' };
const crowd: FakeUser[] = Array.from({ length: 12 }, (_, i) => ({ id: 6110 + i, first_name: `Worker${i + 1}` }));
const GROUP_LIMIT = { messages: 5, windowMs: 3_000 };

const hhmm = (offsetMinutes: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: NOON_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));

const callsOf = (method: string, chatId?: number) => stack.fake.calls.filter((c) => c.method === method && (chatId === undefined || c.chatId === chatId));
const workflowOfLastPunch = async (user: FakeUser) =>
  (await stack.appPool.query('SELECT p.workflow_id FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 ORDER BY p.id DESC LIMIT 1', [user.id])).rows[0]?.workflow_id as string | undefined;

beforeAll(async () => {
  // The bot paces each group at 5 replies per 3 seconds (the product default is Telegram's 20 a minute).
  stack = await startStack({ zone: NOON_ZONE, env: { TELEGRAM_GROUP_MESSAGES: String(GROUP_LIMIT.messages), TELEGRAM_GROUP_WINDOW_SECONDS: String(GROUP_LIMIT.windowMs / 1000) } });
  stack.fake.setChatMember(group.id, boss, 'creator');
  for (const u of crowd) stack.fake.setChatMember(group.id, u, 'member');
  const setup = stack.fake.userSends(boss, '/setup', group);
  keyboard = await stack.fake.waitForSent((s) => s.replyTo === setup.message_id);
  // Whenever the suite runs, everyone is on time: these tests count the bot's own replies in the
  // group, and a late notice (the worker's, paced by its own queue) would be counted with them.
  const { rows } = await stack.appPool.query('SELECT id FROM tenants WHERE telegram_chat_id = $1', [group.id]);
  await stack.setRules(rows[0].id, { workdays: [1, 2, 3, 4, 5, 6, 7], shiftStart: hhmm(-60), shiftEnd: hhmm(180), lateGraceMinutes: 90 });
});
afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  stack.fake.clearFailures();
  stack.fake.limitGroups(null);
});

test('When Telegram answers 429 to the clock-in reply, then the reply arrives after retry_after and the clock-in is judged without waiting for it', async () => {
  const [member] = crowd;
  stack.fake.failNext({ method: 'sendMessage', chatId: group.id, errorCode: 429, retryAfter: 3, times: 1 });
  const sentAt = Date.now();
  const message = stack.fake.userSends(member!, '/in', group);

  // The workflow is started and finishes while Telegram still holds the reply back.
  const workflowId = await eventually(() => workflowOfLastPunch(member!), 10_000, 'the clock-in stored');
  await eventually(() => stack.temporal.workflow.getHandle(workflowId).result().then(() => true), 10_000, 'the clock-in judged');
  expect(stack.fake.sent.some((s) => s.replyTo === message.message_id)).toBe(false);

  const reply = await stack.fake.waitForSent((s) => s.replyTo === message.message_id, 20_000, 'the reply after the 429');
  expect(reply.at - sentAt).toBeGreaterThanOrEqual(3_000);
  expect(callsOf('sendMessage', group.id).filter((c) => c.status === 429)).toHaveLength(1);
});

test('When Telegram answers 429 to a button\'s answer, then the answer still arrives after retry_after', async () => {
  const member = crowd[1]!;
  stack.fake.failNext({ method: 'answerCallbackQuery', errorCode: 429, retryAfter: 2, times: 1 });
  const pressedAt = Date.now();
  const id = stack.fake.userPresses(member, keyboard, 'clock:in');
  await stack.fake.waitForSent(() => stack.fake.callbackAnswers.some((a) => a.callbackQueryId === id), 20_000, 'the button answer');
  const answer = stack.fake.callbackAnswers.find((a) => a.callbackQueryId === id)!;
  expect(answer.at - pressedAt).toBeGreaterThanOrEqual(2_000);
  expect(answer.text).toContain('Worker2');
});

test('When Telegram answers 429 to a private answer, then it still arrives after retry_after', async () => {
  const member = crowd[2]!;
  stack.fake.failNext({ method: 'sendMessage', chatId: member.id, errorCode: 429, retryAfter: 2, times: 1 });
  const askedAt = Date.now();
  const answer = await stack.say(member, '/start');
  expect(answer.at - askedAt).toBeGreaterThanOrEqual(2_000);
});

test('When the reply to a clock-in cannot be sent at all, then the clock-in is still handed to its workflow at once', async () => {
  const member = crowd[3]!;
  stack.fake.failNext({ method: 'sendMessage', chatId: group.id, errorCode: 400, description: 'Bad Request: not enough rights to send text messages to the chat', times: 1 });
  stack.fake.userSends(member, '/in', group);
  const workflowId = await eventually(() => workflowOfLastPunch(member), 10_000, 'the clock-in stored');
  // Well within the sweep's grace (30 s): handed over by the bot itself, not by the sweep.
  await eventually(() => stack.temporal.workflow.getHandle(workflowId).result().then(() => true), 8_000, 'the clock-in judged');
});

test('When a dozen people clock in at the same moment in one group, then every reply arrives and the group\'s limit is never passed', async () => {
  // Arrange: Telegram enforces the group limit; the bot must stay under it.
  stack.fake.limitGroups(GROUP_LIMIT);
  const rushers = crowd.slice(4);
  const before = stack.fake.calls.length;

  // Act
  const messages = rushers.map((u) => stack.fake.userSends(u, '上班', group));

  // Assert
  await stack.fake.waitForSent(() => messages.every((m) => stack.fake.sent.some((s) => s.replyTo === m.message_id)), 30_000, 'every reply');
  const groupSends = () => stack.fake.calls.slice(before).filter((c) => c.method === 'sendMessage' && c.chatId === group.id);
  const sends = await eventually(async () => groupSends().length >= rushers.length && groupSends(), 5_000, 'every send logged');
  expect(sends.filter((c) => c.status === 429)).toEqual([]);
  expect(sends).toHaveLength(rushers.length);
  for (const s of sends) {
    const inWindow = sends.filter((o) => o.at >= s.at && o.at - s.at < GROUP_LIMIT.windowMs);
    expect(inWindow.length).toBeLessThanOrEqual(GROUP_LIMIT.messages);
  }
});

test("When late members' notices from the worker and the bot's replies go into one group at once, then together they stay under the group's limit", async () => {
  // Arrange: the shift began 30 minutes ago with no grace, so each clock-in is late; none of these
  // members opened the bot privately, so the worker posts each one's late notice in the group.
  const { rows } = await stack.appPool.query('SELECT id FROM tenants WHERE telegram_chat_id = $1', [group.id]);
  await stack.setRules(rows[0].id, {
    workdays: [1, 2, 3, 4, 5, 6, 7],
    shiftStart: hhmm(-30),
    shiftEnd: hhmm(180),
    lateGraceMinutes: 0,
    absenceAfterMinutes: 600,
    penalties: { late: { mode: 'fixed', amount: 100_000 } },
  });
  const late: FakeUser[] = Array.from({ length: 5 }, (_, i) => ({ id: 6140 + i, first_name: `Latecomer${i + 1}` }));
  for (const u of late) stack.fake.setChatMember(group.id, u, 'member');
  stack.fake.limitGroups(GROUP_LIMIT);
  const before = stack.fake.calls.length;
  const sentBefore = stack.fake.sent.length;

  // Act: all five at once.
  const messages = late.map((u) => stack.fake.userSends(u, '/in', group));

  // Assert: five replies and five late notices in the group, no 429, never more than the limit in a window.
  const groupMessages = () => stack.fake.sent.slice(sentBefore).filter((s) => s.chatId === group.id);
  await eventually(async () => groupMessages().length >= 10, 60_000, 'five replies and five late notices');
  expect(messages.every((m) => groupMessages().some((s) => s.replyTo === m.message_id))).toBe(true);
  expect(groupMessages().filter((s) => /was \d+ min late/.test(s.text) && !s.replyTo)).toHaveLength(5);
  const sends = stack.fake.calls.slice(before).filter((c) => c.method === 'sendMessage' && c.chatId === group.id);
  expect(sends.filter((c) => c.status === 429)).toEqual([]);
  const accepted = sends.filter((c) => c.status === 200);
  for (const s of accepted) {
    const inWindow = accepted.filter((o) => o.at >= s.at && o.at - s.at < GROUP_LIMIT.windowMs);
    expect(inWindow.length).toBeLessThanOrEqual(GROUP_LIMIT.messages);
  }
});
