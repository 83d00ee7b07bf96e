// An employee takes back their own pending request: with the button under its confirmation or
// under /requests. Only they can; the first of a withdrawal and an admin's decision wins; a
// withdrawn advance leaves the month's limit and withdrawn leave frees its days. Once a request
// is settled, however, no message of the employee's still offers to withdraw it.
import { Api } from 'grammy';
import { DateTime } from 'luxon';
import { createTelegramActivities } from '../../activities/telegram';
import { rememberWithdrawButton } from '../../db/repositories/requests';
import { trackWithdrawButton, withdrawKeyboard } from '../../bot/request-commands';
import type { BotContext } from '../../bot/context';
import { DEFAULT_LANGUAGE_PAIR } from '../../domain/messages';
import { waitingLine } from '../../domain/request-lines';
import { withdrawButtonData } from '../../domain/requests';
import { createTenantScopedPool, withTenant } from '../../db/tenant-scope';
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { eventually, sleep, startStack, type Stack } from '../support/stack';

let stack: Stack;
let tenantId: number;
let zone: string;
const group: FakeChat = { id: -1005557701, type: 'supergroup', title: 'Withdraw Co' };
const boss: FakeUser = { id: 7701, first_name: 'Boss' };
const deputy: FakeUser = { id: 7702, first_name: 'Deputy' };
const aida: FakeUser = { id: 7703, first_name: 'Aida' };
const bek: FakeUser = { id: 7704, first_name: 'Bek' };

type Buttons = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
/** The buttons a message shows now (an edit may have removed them). */
const buttonsOf = (s: SentRecord) => ((s.edits.length ? s.edits.at(-1)!.replyMarkup : s.replyMarkup) as Buttons | null)?.inline_keyboard.flat() ?? [];
const withdrawButton = (s: SentRecord) => buttonsOf(s).find((b) => b.callback_data.startsWith('wd:'));
/** What a message says now (an edit may have changed it). */
const textOf = (s: SentRecord) => s.edits.at(-1)?.text ?? s.text;
const decisionButton = (copy: SentRecord, choice: 'a' | 'r') => buttonsOf(copy).find((b) => b.callback_data.endsWith(`:${choice}`))!.callback_data;
const copyOf = (admin: FakeUser, marker: string) =>
  stack.fake.waitForSent((s) => s.chatId === admin.id && s.text.includes(marker) && !!s.replyMarkup, 20_000, `${admin.first_name}'s copy of "${marker}"`);
const answerTo = (id: string) =>
  stack.fake.waitForSent(() => stack.fake.callbackAnswers.some((a) => a.callbackQueryId === id), 20_000, 'the button answer').then(() => stack.fake.callbackAnswers.find((a) => a.callbackQueryId === id)!);
const day = (offset: number) => DateTime.now().setZone(zone).plus({ days: offset }).toISODate()!;
const statusOf = async (table: 'advances' | 'leave_requests' | 'corrections', reason: string) =>
  (await stack.appPool.query(`SELECT id, status, decided_by FROM ${table} WHERE reason = $1`, [reason])).rows[0] as { id: number; status: string; decided_by: string | null };

beforeAll(async () => {
  stack = await startStack();
  ({ tenantId, timeZone: zone } = await stack.company(group, { creator: boss, admins: [deputy], members: [aida, bek] }));
  await stack.setRules(tenantId, { workdays: [1, 2, 3, 4, 5, 6, 7], advances: { monthlyLimit: 50_000_00, expiryHours: 72 } });
  await stack.openBotAndJoin(aida, group);
  await stack.openBotAndJoin(bek, group);
});
afterAll(async () => {
  await stack?.close();
});

test('When an employee withdraws an advance asked for by mistake, then it leaves the limit, every admin copy says so, and a later press on it changes nothing', async () => {
  // Arrange: 30,000 of a 50,000 limit asked for by mistake; the right request no longer fits.
  const wrong = await stack.sayAndWaitFor(aida, '/advance 30000 typo', 'went to the admins');
  expect(withdrawButton(wrong)?.text).toBe('↩️ 撤回 · Withdraw');
  const [bossCopy, deputyCopy] = await Promise.all([copyOf(boss, 'typo'), copyOf(deputy, 'typo')]);
  expect((await stack.sayAndWaitFor(aida, '/advance 25000 right', 'Over your monthly advance limit')).text).toContain('30,000.00 KZT of 50,000.00 KZT');

  // Act
  const answer = await stack.press(aida, wrong, withdrawButton(wrong)!.callback_data);

  // Assert: the press is answered, its button gone, the employee has the record of it.
  expect(answer).toMatchObject({ showAlert: false, text: '↩️ 已撤回 · ↩️ Withdrawn' });
  await eventually(async () => withdrawButton(wrong) === undefined, 10_000, 'the withdraw button removed');
  const told = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('You withdrew your advance request for 30,000.00 KZT'), 20_000, 'the withdrawal notice');
  expect(told.text).toContain('您已撤回 30,000.00 KZT 的预支申请');
  const row = await statusOf('advances', 'typo');
  expect(row).toMatchObject({ status: 'withdrawn', decided_by: `telegram:${aida.id}` });
  await eventually(async () => bossCopy.edits.length > 0 && deputyCopy.edits.length > 0, 20_000, 'both admin copies edited');
  for (const copy of [bossCopy, deputyCopy]) {
    expect(copy.edits.at(-1)!.text).toContain('Withdrawn (Aida)');
    expect(buttonsOf(copy)).toEqual([]);
  }
  const audit = await stack.appPool.query("SELECT actor FROM audit_log WHERE action = 'advance.withdrawn' AND target = $1", [`advance:${row.id}`]);
  expect(audit.rows).toEqual([{ actor: `telegram:${aida.id}` }]);
  const state = await stack.temporal.workflow.getHandle(await stack.requestWorkflowId('advance', row.id)).query('state');
  expect(state).toMatchObject({ status: 'withdrawn', decidedBy: `telegram:${aida.id}` });

  // The limit has room again; an admin's press on the withdrawn request (an old copy) is refused.
  expect((await stack.sayAndWaitFor(aida, '/advance 25000 right-again', 'went to the admins')).text).toContain('25,000.00 KZT');
  const late = await stack.press(boss, bossCopy, decisionButton({ ...bossCopy, edits: [] }, 'a'));
  expect(late).toMatchObject({ showAlert: true });
  expect(late.text).toContain('already decided');
  expect((await statusOf('advances', 'typo')).status).toBe('withdrawn');
  // A second press of the same withdraw button (an old copy of the confirmation) is refused too.
  const again = await stack.press(aida, { ...wrong, edits: [] }, withdrawButton({ ...wrong, edits: [] })!.callback_data);
  expect(again).toMatchObject({ showAlert: true });
  expect(again.text).toContain('already decided');
  expect(stack.fake.sentTo(aida.id).filter((s) => s.text.includes('You withdrew your advance request for 30,000.00 KZT'))).toHaveLength(1);
});

test('When someone else presses an employee\'s withdraw button, then they are refused and the request still waits', async () => {
  const filed = await stack.sayAndWaitFor(aida, '/advance 100 mine', 'went to the admins');
  await copyOf(boss, 'mine');
  // Bek (and an admin) send the same button's data as their own press.
  for (const other of [bek, boss]) {
    const refused = await stack.press(other, filed, withdrawButton(filed)!.callback_data);
    expect(refused).toMatchObject({ showAlert: true });
    expect(refused.text).toContain('Only the person who asked can withdraw this request');
  }
  expect(await statusOf('advances', 'mine')).toMatchObject({ status: 'pending', decided_by: null });
  expect(withdrawButton(filed)).toBeDefined();
});

test('When the employee withdraws at the same instant an admin approves, then one outcome stands and the other is told it is already decided, round after round', async () => {
  for (let round = 1; round <= 5; round++) {
    // Arrange: a day of leave, asked for from the private chat.
    const reason = `race-${round}`;
    const filed = await stack.sayAndWaitFor(aida, `/leave personal ${day(20 + round)} ${reason}`, 'went to the admins');
    const copy = await copyOf(boss, reason);
    const before = stack.fake.sentTo(aida.id).length;

    // Act: two chats press at once.
    const withdrawId = stack.fake.userPresses(aida, filed, withdrawButton(filed)!.callback_data);
    const approveId = stack.fake.userPresses(boss, copy, decisionButton(copy, 'a'));
    const [withdrawAnswer, approveAnswer] = await Promise.all([answerTo(withdrawId), answerTo(approveId)]);

    // Assert: exactly one press won (either may: both were seen over five rounds); the request's
    // row, the employee and the admins agree.
    const withdrew = withdrawAnswer.text === '↩️ 已撤回 · ↩️ Withdrawn';
    const approved = !!approveAnswer.text?.includes('Approved');
    expect([withdrew, approved].filter(Boolean)).toHaveLength(1);
    expect((withdrew ? approveAnswer : withdrawAnswer).text).toContain('already decided');
    const expected = withdrew ? 'withdrawn' : 'approved';
    expect((await statusOf('leave_requests', reason)).status).toBe(expected);
    const notice = withdrew ? 'You withdrew your' : 'was approved';
    await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes(notice) && s.text.includes(day(20 + round)), 20_000, 'the outcome notice');
    await eventually(async () => copy.edits.length > 0, 20_000, 'the copy edited');
    expect(copy.edits.at(-1)!.text).toContain(withdrew ? 'Withdrawn (Aida)' : 'Approved (Boss)');
    await sleep(300);
    const outcomeNotices = stack.fake.sentTo(aida.id).slice(before).filter((s) => s.text.includes('You withdrew your') || s.text.includes('was approved'));
    expect(outcomeNotices).toHaveLength(1);
  }
});

test('When the employee lists their requests with /requests, then each waiting one comes with its button; withdrawing leave frees its days for another request', async () => {
  // Arrange: leave and a correction waiting; an advance already decided is not listed.
  await stack.sayAndWaitFor(aida, `/leave sick ${day(40)} ${day(41)} flu-wrong-days`, 'went to the admins');
  await stack.sayAndWaitFor(aida, `/fix ${day(-1)} end 18:30 forgot-out`, 'went to the admins');
  expect((await stack.sayAndWaitFor(aida, `/leave sick ${day(41)} flu-overlap`, 'overlaps')).text).toContain(day(40));
  const pendingAdvances = (await stack.appPool.query("SELECT count(*)::int AS n FROM advances WHERE status = 'pending' AND member_id = (SELECT id FROM members WHERE telegram_user_id = $1)", [aida.id])).rows[0].n as number;
  const pendingLeave = (await stack.appPool.query("SELECT count(*)::int AS n FROM leave_requests WHERE status = 'pending'")).rows[0].n as number;

  // Act
  const before = stack.fake.sentTo(aida.id).length;
  stack.fake.userSends(aida, '/requests');

  // Assert: one message per waiting request, each with its withdraw button.
  const expected = pendingAdvances + pendingLeave + 1;
  await stack.fake.waitForCount(aida.id, before + expected);
  await sleep(300);
  const listed = stack.fake.sentTo(aida.id).slice(before);
  expect(listed).toHaveLength(expected);
  expect(listed.every((s) => withdrawButton(s) !== undefined)).toBe(true);
  const leaveLine = listed.find((s) => s.text.includes(`Leave (sick leave) ${day(40)} to ${day(41)}`))!;
  expect(leaveLine.text.split('\n').at(-1)).toBe('⏳ 等待审批 · ⏳ Waiting for a decision');
  expect(listed.find((s) => s.text.includes(`Correction ${day(-1)}`))!.text).toContain('18:30');

  // Withdrawing the leave frees its days: the same days can be asked for again.
  expect((await stack.press(aida, leaveLine, withdrawButton(leaveLine)!.callback_data)).text).toBe('↩️ 已撤回 · ↩️ Withdrawn');
  expect((await statusOf('leave_requests', 'flu-wrong-days')).status).toBe('withdrawn');
  // The listing no longer says it is waiting: it says it was withdrawn.
  await eventually(async () => textOf(leaveLine).endsWith('↩️ 已撤回 · ↩️ Withdrawn'), 20_000, 'the listing says withdrawn');
  expect(textOf(leaveLine)).toBe(leaveLine.text.replace('⏳ 等待审批 · ⏳ Waiting for a decision', '↩️ 已撤回 · ↩️ Withdrawn'));
  expect((await stack.sayAndWaitFor(aida, `/leave sick ${day(41)} flu-right`, 'went to the admins')).text).toContain(day(41));

  // Bek has nothing waiting: he is told so.
  expect((await stack.say(bek, '/requests')).text).toContain('You have no requests waiting for a decision');
});

test('When /requests is sent in the group, then the list comes privately', async () => {
  const before = stack.fake.sentTo(aida.id).length;
  const sent = stack.fake.userSends(aida, '/requests', group);
  const inGroup = await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === sent.message_id, 20_000, 'the group answer');
  expect(inGroup.text).toContain('I answered you in a private chat');
  await stack.fake.waitForCount(aida.id, before + 1);
  expect(stack.fake.sentTo(aida.id).slice(before).every((s) => withdrawButton(s) !== undefined)).toBe(true);
});

test('When an admin decides a request, then its Withdraw button goes from the confirmation and from every /requests listing of it, each saying it is approved', async () => {
  // Arrange: the confirmation, and a listing of the same request.
  const filed = await stack.sayAndWaitFor(aida, '/advance 222 decided-elsewhere', 'went to the admins');
  const copy = await copyOf(boss, 'decided-elsewhere');
  const before = stack.fake.sentTo(aida.id).length;
  stack.fake.userSends(aida, '/requests');
  const listing = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('222.00 KZT') && stack.fake.sentTo(aida.id).indexOf(s) >= before, 20_000, 'the listing');
  expect(withdrawButton(filed)).toBeDefined();
  expect(withdrawButton(listing)).toBeDefined();

  // Act: the admin approves; the employee presses nothing.
  expect((await stack.press(boss, copy, decisionButton(copy, 'a'))).text).toContain('Approved');

  // Assert: neither message offers to withdraw what is decided; each says it is approved.
  await eventually(async () => withdrawButton(filed) === undefined && withdrawButton(listing) === undefined, 20_000, 'both withdraw buttons removed');
  expect(buttonsOf(filed)).toEqual([]);
  expect(textOf(filed)).toBe(`${filed.text}\n✅ 已批准 · ✅ Approved`);
  expect(textOf(listing)).toContain('222.00 KZT');
  expect(textOf(listing)).not.toContain('Waiting for a decision');
  expect(textOf(listing).split('\n').at(-1)).toBe('✅ 已批准 · ✅ Approved');
  expect((await statusOf('advances', 'decided-elsewhere')).status).toBe('approved');
});

test('When the employee withdraws from a /requests listing, then the button under the confirmation goes too', async () => {
  const filed = await stack.sayAndWaitFor(aida, `/leave personal ${day(60)} listed-then-withdrawn`, 'went to the admins');
  const before = stack.fake.sentTo(aida.id).length;
  stack.fake.userSends(aida, '/requests');
  const listing = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes(`${day(60)} to ${day(60)}`) && stack.fake.sentTo(aida.id).indexOf(s) >= before, 20_000, 'the listing');

  expect((await stack.press(aida, listing, withdrawButton(listing)!.callback_data)).text).toBe('↩️ 已撤回 · ↩️ Withdrawn');

  await eventually(async () => withdrawButton(filed) === undefined, 20_000, 'the confirmation\'s button removed');
  expect(withdrawButton(listing)).toBeUndefined();
  expect((await statusOf('leave_requests', 'listed-then-withdrawn')).status).toBe('withdrawn');
});

test('When a Withdraw button is recorded while the request is being settled, then the record waits for it and says it is settled, so the bot takes the button off itself', async () => {
  // Arrange: a request waiting, and a settlement in progress holding its row (as the workflow's does).
  await stack.sayAndWaitFor(aida, '/advance 333 settling-now', 'went to the admins');
  const { id } = await statusOf('advances', 'settling-now');
  const appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 2 });
  let holding!: () => void;
  let finish!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const finishing = new Promise<void>((resolve) => (finish = resolve));
  let settlement: Promise<void> = Promise.resolve();
  try {
    settlement = withTenant(appRole, tenantId, async (tx) => {
      await tx.query('SELECT status FROM advances WHERE id = $1 FOR UPDATE', [id]);
      holding();
      await finishing;
      await tx.query("UPDATE advances SET status = 'rejected', decided_by = $2, decided_at = now() WHERE id = $1", [id, `telegram:${boss.id}`]);
    });
    await held;

    // Act: the bot records a message with the button from another connection, meanwhile.
    let answered = false;
    const recording = withTenant(appRole, tenantId, (tx) => rememberWithdrawButton(tx, 'advance', id, { chatId: aida.id, messageId: 999_001 })).finally(() => {
      answered = true;
    });
    await sleep(500);
    expect(answered).toBe(false);
    finish();
    await settlement;

    // Assert: it waited, saw the settlement, and recorded nothing for a workflow that has read its list.
    expect(await recording).toBe('rejected');
    const recorded = await stack.appPool.query('SELECT count(*)::int AS n FROM withdraw_buttons WHERE message_id = 999001');
    expect(recorded.rows[0].n).toBe(0);
    // A pending request's message is recorded.
    const pending = await statusOf('advances', 'mine');
    expect(await withTenant(appRole, tenantId, (tx) => rememberWithdrawButton(tx, 'advance', pending.id, { chatId: aida.id, messageId: 999_002 }))).toBe('pending');
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM withdraw_buttons WHERE message_id = 999002')).rows[0].n).toBe(1);
  } finally {
    // A failed check must not leave the settlement holding the row.
    finish();
    await settlement.catch(() => undefined);
    await appRole.end();
  }
});

test('When a listing is recorded only after its request was settled, then the bot itself says the outcome on it and takes the button off', async () => {
  // Arrange: a request an admin rejected while its listing was on its way (stored directly: no
  // workflow would run for it), and the listing as the bot sent it.
  const { id, uid } = await stack.storeAdvanceWithoutWorkflow(tenantId, bek, { amount: 77_00, reason: 'settled-first', limit: 50_000_00 });
  await stack.appPool.query('UPDATE advances SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1', [id, 'rejected', `telegram:${boss.id}`]);
  const appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 1 });
  const api = new Api(stack.fake.token, { apiRoot: stack.fake.apiRoot });
  const warnings: unknown[] = [];
  const ctx = { api, deps: { pool: appRole }, log: { warn: (...args: unknown[]) => warnings.push(args) } } as unknown as BotContext;
  const text = '💰 预支 77.00 KZT\n💰 Advance 77.00 KZT';
  try {
    const sent = await api.sendMessage(bek.id, `${text}\n${waitingLine(DEFAULT_LANGUAGE_PAIR)}`, { reply_markup: withdrawKeyboard('advance', uid, DEFAULT_LANGUAGE_PAIR) });

    // Act
    await trackWithdrawButton(ctx, { tenantId, kind: 'advance', id }, sent, { text, pair: DEFAULT_LANGUAGE_PAIR });

    // Assert: nothing left for a workflow to find; the message says rejected, with no button.
    const listing = stack.fake.sentTo(bek.id).find((s) => s.messageId === sent.message_id)!;
    expect(textOf(listing)).toBe(`${text}\n❌ 已拒绝 · ❌ Rejected`);
    expect(buttonsOf(listing)).toEqual([]);
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM withdraw_buttons WHERE chat_id = $1 AND message_id = $2', [bek.id, sent.message_id])).rows[0].n).toBe(0);
    expect(warnings).toEqual([]);
  } finally {
    await appRole.end();
  }
});

test('When the employee presses Withdraw on a request whose workflow has not started yet, then they are told to try again shortly and nothing changes', async () => {
  // Arrange: an advance stored as if Temporal had been away when it was filed; the sweep starts
  // it only once it is older than the hand-off grace (30 s).
  const { id, uid } = await stack.storeAdvanceWithoutWorkflow(tenantId, aida, { amount: 44_00, reason: 'early-press', limit: 50_000_00 });
  const somewhere = stack.fake.sentTo(aida.id).at(-1)!;

  try {
    // Act
    const answer = await stack.press(aida, somewhere, withdrawButtonData('advance', uid));

    // Assert
    expect(answer).toMatchObject({ showAlert: true });
    expect(answer.text).toContain('This request is still on its way to the admins. Try again in a minute.');
    expect(answer.text).toContain('此申请还在送交管理员的途中');
    expect((await stack.appPool.query('SELECT status, handed_at FROM advances WHERE id = $1', [id])).rows[0]).toEqual({ status: 'pending', handed_at: null });
  } finally {
    await stack.appPool.query("UPDATE advances SET status = 'expired' WHERE id = $1", [id]);
  }
});

test('When an admin and the employee have blocked the bot by the time a request is decided, then the request still ends at once: the edits Telegram refuses them are given up, the others made', async () => {
  // Arrange: copies out to both admins; then the deputy and Aida block the bot.
  const filed = await stack.sayAndWaitFor(aida, '/advance 55 blocked-later', 'went to the admins');
  const [bossCopy] = await Promise.all([copyOf(boss, 'blocked-later'), copyOf(deputy, 'blocked-later')]);
  const { id } = await statusOf('advances', 'blocked-later');
  stack.fake.blockedChats.add(deputy.id);
  stack.fake.blockedChats.add(aida.id);
  try {
    // Act
    expect((await stack.press(boss, bossCopy, decisionButton(bossCopy, 'r'))).text).toContain('Rejected');

    // Assert: the workflow ends (a refused edit is not retried for a day); the boss's copy shows it.
    const handle = stack.temporal.workflow.getHandle(await stack.requestWorkflowId('advance', id));
    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED', 20_000, 'the request workflow ended');
    expect(bossCopy.edits.at(-1)!.text).toContain('Rejected (Boss)');
    expect(withdrawButton(filed)).toBeDefined(); // Telegram would not let the bot touch Aida's chat
    expect((await statusOf('advances', 'blocked-later')).status).toBe('rejected');
  } finally {
    stack.fake.blockedChats.delete(deputy.id);
    stack.fake.blockedChats.delete(aida.id);
  }
});

test('When taking the Withdraw buttons off fails part way, then the retry carries on from where it stopped, editing no message twice', async () => {
  // Arrange: four messages with a button, two in each of two chats, recorded for one request.
  const appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 1 });
  const telegram = createTelegramActivities({ api: new Api(stack.fake.token, { apiRoot: stack.fake.apiRoot }), pool: appRole });
  const workflowId = 'advance:part-way-test';
  const since = Date.now();
  try {
    const messages: Array<{ chatId: number; messageId: number }> = [];
    for (const chat of [aida, aida, bek, bek]) {
      const sent = await telegram.sendTelegramMessage({ chatId: chat.id, text: `listing for ${chat.first_name}`, buttons: [{ text: 'Withdraw', data: 'wd:adv:00000000-0000-0000-0000-000000000000' }] });
      if (sent.status !== 'sent') throw new Error(`not sent: ${sent.status}`);
      messages.push({ chatId: chat.id, messageId: sent.messageId });
    }
    for (const m of messages) {
      await stack.appPool.query('INSERT INTO withdraw_buttons (tenant_id, workflow_id, chat_id, message_id) VALUES ($1, $2, $3, $4)', [tenantId, workflowId, m.chatId, m.messageId]);
    }
    // Telegram fails the first edit in Bek's chat, after both of Aida's went through.
    stack.fake.failNext({ method: 'editMessageReplyMarkup', chatId: bek.id, errorCode: 502, description: 'Bad Gateway', times: 1 });

    // Act: the attempt fails part way; its retry runs.
    await expect(telegram.clearWithdrawButtons({ tenantId, workflowId })).rejects.toThrow('502');
    expect(await telegram.clearWithdrawButtons({ tenantId, workflowId })).toBe(2);

    // Assert: every button gone, each message edited once, nothing left recorded.
    const edits = (chatId: number) => stack.fake.calls.filter((c) => c.method === 'editMessageReplyMarkup' && c.chatId === chatId && c.at >= since);
    expect(edits(aida.id).map((c) => c.status)).toEqual([200, 200]);
    expect(edits(bek.id).map((c) => c.status)).toEqual([502, 200, 200]);
    for (const m of messages) {
      const record = stack.fake.sentTo(m.chatId).find((s) => s.messageId === m.messageId)!;
      expect(buttonsOf(record)).toEqual([]);
    }
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM withdraw_buttons WHERE workflow_id = $1', [workflowId])).rows[0].n).toBe(0);
  } finally {
    await appRole.end();
  }
});
