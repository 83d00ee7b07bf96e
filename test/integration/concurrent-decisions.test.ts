// Two admins deciding the same request at the same instant, and admins replying to their copy
// while Telegram still holds another admin's copy back: one outcome, told the same way everywhere.
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { replayErrors } from '../support/replay';
import { eventually, startStack, type Stack } from '../support/stack';

let stack: Stack;
let tenantId: number;
const group: FakeChat = { id: -1005550301, type: 'supergroup', title: 'Race Co' };
const boss: FakeUser = { id: 5701, first_name: 'Boss' };
const deputy: FakeUser = { id: 5702, first_name: 'Deputy' };
const aida: FakeUser = { id: 5703, first_name: 'Aida' };
const bek: FakeUser = { id: 5704, first_name: 'Bek' };

const copyOf = (admin: FakeUser, reason: string) =>
  stack.fake.waitForSent((s) => s.chatId === admin.id && s.text.includes('Advance request') && s.text.includes(reason), 20_000, `${admin.first_name}'s copy of "${reason}"`);
const answerTo = (callbackQueryId: string) => stack.fake.waitForSent(() => stack.fake.callbackAnswers.some((a) => a.callbackQueryId === callbackQueryId), 20_000, 'the button answer')
  .then(() => stack.fake.callbackAnswers.find((a) => a.callbackQueryId === callbackQueryId)!);
const lastEdit = (copy: SentRecord) => copy.edits.at(-1)?.text ?? '';
/** The callback data of a copy's Approve ('a') or Reject ('r') button. */
const buttonData = (copy: SentRecord, choice: 'a' | 'r') => {
  const buttons = (copy.replyMarkup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard.flat();
  return buttons.find((b) => b.callback_data.endsWith(`:${choice}`))!.callback_data;
};

beforeAll(async () => {
  stack = await startStack();
  ({ tenantId } = await stack.company(group, { creator: boss, admins: [deputy], members: [aida, bek] }));
  await stack.setRules(tenantId, { advances: { monthlyLimit: 1_000_000_00, expiryHours: 72 } });
  await stack.openBotAndJoin(aida, group);
  await stack.openBotAndJoin(bek, group);
});
afterAll(async () => {
  await stack?.close();
});

test('When two admins press Approve and Reject on their own copies in the same millisecond, then one outcome stands and everyone is told that same outcome', async () => {
  for (let round = 1; round <= 8; round++) {
    // Arrange
    const reason = `race-${round}`;
    await stack.say(aida, `/advance ${100 + round} ${reason}`);
    const [bossCopy, deputyCopy] = await Promise.all([copyOf(boss, reason), copyOf(deputy, reason)]);
    const advanceId = (await stack.appPool.query('SELECT id FROM advances WHERE reason = $1', [reason])).rows[0].id;

    // Act: both presses reach the bot in the same instant, from two private chats.
    const approveId = stack.fake.userPresses(boss, bossCopy, buttonData(bossCopy, 'a'));
    const rejectId = stack.fake.userPresses(deputy, deputyCopy, buttonData(deputyCopy, 'r'));
    const [approveAnswer, rejectAnswer] = await Promise.all([answerTo(approveId), answerTo(rejectId)]);

    // Assert: one press decided, the other was told it was already decided.
    const answers = [approveAnswer.text ?? '', rejectAnswer.text ?? ''];
    expect(answers.filter((t) => t.includes('already decided'))).toHaveLength(1);
    const approved = approveAnswer.text?.includes('Approved') === true;
    expect(approved ? rejectAnswer.text : approveAnswer.text).toContain('already decided');
    const outcome = approved ? 'approved' : 'rejected';
    const winner = approved ? 'Boss' : 'Deputy';

    const { rows } = await stack.appPool.query('SELECT status, decided_by FROM advances WHERE id = $1', [advanceId]);
    expect(rows).toEqual([{ status: outcome, decided_by: `telegram:${approved ? boss.id : deputy.id}` }]);
    const told = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes(`${101 + round - 1}.00 KZT was`), 20_000, 'the employee told');
    expect(told.text).toContain(`was ${outcome}`);
    await eventually(async () => bossCopy.edits.length > 0 && deputyCopy.edits.length > 0, 20_000, 'both copies edited');
    for (const copy of [bossCopy, deputyCopy]) expect(lastEdit(copy)).toContain(`${approved ? 'Approved' : 'Rejected'} (${winner})`);
    const audits = await stack.appPool.query("SELECT action FROM audit_log WHERE target = $1 AND action LIKE 'advance.%' AND action <> 'advance.requested'", [`advance:${advanceId}`]);
    expect(audits.rows).toEqual([{ action: `advance.${outcome}` }]);
  }
});

test('When Telegram holds one admin\'s copy back, then another admin\'s reply with a reason to their own copy still rejects the request, and the employee is told before that copy is out', async () => {
  // Arrange: the boss's copy meets a 429 and is delivered only after retry_after.
  stack.fake.failNext({ method: 'sendMessage', chatId: boss.id, errorCode: 429, retryAfter: 8, times: 1 });
  await stack.say(aida, '/advance 777 held-back');
  const deputyCopy = await copyOf(deputy, 'held-back');

  // Act: the deputy answers at once, long before the boss's copy has gone out.
  const reply = stack.fake.userRepliesTo(deputy, deputyCopy, 'not this month');
  const answer = await stack.fake.waitForSent((s) => s.chatId === deputy.id && s.replyTo === reply.message_id, 20_000, 'the answer to the reply');

  // Assert
  expect(answer.text).toContain('Rejected');
  expect(stack.fake.sentTo(boss.id).some((s) => s.text.includes('held-back'))).toBe(false);
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('777.00 KZT was rejected'), 20_000, 'the rejection');
  expect(notice.text).toContain('Reason: not this month');
  // Aida is told at once: her notice does not wait for the copy Telegram still holds back.
  expect(stack.fake.sentTo(boss.id).some((s) => s.text.includes('held-back'))).toBe(false);
  // The held copy arrives later and is edited to the outcome like every other.
  const bossCopy = await copyOf(boss, 'held-back');
  await eventually(async () => lastEdit(bossCopy).includes('Rejected (Deputy)'), 30_000, 'the held copy edited');
});

test('When someone replies privately to a bot message that is not a request, then the answer says the reply is not linked to a request', async () => {
  const stranger: FakeUser = { id: 5799, first_name: 'Stranger' };
  const help = await stack.say(stranger, 'hello');
  const reply = stack.fake.userRepliesTo(stranger, help, 'please reject this');
  const answer = await stack.fake.waitForSent((s) => s.chatId === stranger.id && s.replyTo === reply.message_id, 20_000, 'the answer to the reply');
  expect(answer.text).toContain('not linked to a request');
  expect(answer.text).not.toContain('IIN');
});

test('When an admin decides the instant his copy arrives, while the other admin\'s copy is still being sent, then the request is decided once', async () => {
  for (let round = 1; round <= 10; round++) {
    const reason = `instant-${round}`;
    stack.fake.userSends(aida, `/advance ${200 + round} ${reason}`);
    const bossCopy = await copyOf(boss, reason);
    expect((await stack.press(boss, bossCopy, buttonData(bossCopy, 'a'))).text).toContain('Approved');
    await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes(`${200 + round}.00 KZT was approved`), 20_000, 'the approval');
  }
});

test("When an admin approves two requests in a row and the first decision is held up, then the second is decided and answered without waiting for the first", async () => {
  // Arrange: two members' requests; the first member's row is locked, as a decision that meets a
  // slow database or a worker that has just died is held up.
  stack.fake.userSends(aida, '/advance 301 held-first');
  stack.fake.userSends(bek, '/advance 302 goes-second');
  const [firstCopy, secondCopy] = await Promise.all([copyOf(boss, 'held-first'), copyOf(boss, 'goes-second')]);
  const { rows } = await stack.appPool.query('SELECT id FROM members WHERE tenant_id = $1 AND telegram_user_id = $2 AND active', [tenantId, aida.id]);
  const lock = await stack.appPool.connect();
  let firstPress: string;
  try {
    await lock.query('BEGIN');
    await lock.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [rows[0].id]);

    // Act: the boss presses Approve on the first copy, then on the second.
    firstPress = stack.fake.userPresses(boss, firstCopy, buttonData(firstCopy, 'a'));
    const secondPress = stack.fake.userPresses(boss, secondCopy, buttonData(secondCopy, 'a'));

    // Assert: the second is answered and told while the first still waits for the lock.
    expect((await answerTo(secondPress)).text).toContain('Approved');
    await stack.fake.waitForSent((s) => s.chatId === bek.id && s.text.includes('302.00 KZT was approved'), 20_000, 'the second approval told');
    expect(stack.fake.callbackAnswers.some((a) => a.callbackQueryId === firstPress)).toBe(false);
    expect((await stack.appPool.query("SELECT status FROM advances WHERE reason = 'held-first'")).rows).toEqual([{ status: 'pending' }]);
  } finally {
    await lock.query('COMMIT');
    lock.release();
  }
  // Released, the first goes through once.
  expect((await answerTo(firstPress)).text).toContain('Approved');
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('301.00 KZT was approved'), 20_000, 'the first approval told');
  expect(stack.fake.sentTo(aida.id).filter((s) => s.text.includes('301.00 KZT was approved'))).toHaveLength(1);
});

test('When the histories of every decision above are replayed, then they replay without a determinism error', async () => {
  // Decisions that raced copies being sent and each other: a worker restart must rebuild them.
  const histories: Parameters<typeof replayErrors>[0] = [];
  for await (const wf of stack.temporal.workflow.list({ query: "WorkflowType = 'advanceRequest'" })) {
    histories.push({ workflowId: wf.workflowId, history: await stack.temporal.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory() });
  }
  expect(histories.length).toBeGreaterThanOrEqual(21);
  expect(await replayErrors(histories)).toEqual([]);
});
