// Salary advances: asked for privately, decided by an admin with a button, never past the limit.
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { eventually, sleep, startStack, type Stack } from '../support/stack';

let stack: Stack;
let tenantId: number;
const group: FakeChat = { id: -1005550101, type: 'supergroup', title: 'Advance Co' };
const boss: FakeUser = { id: 5501, first_name: 'Boss' };
const deputy: FakeUser = { id: 5502, first_name: 'Deputy' };
const aida: FakeUser = { id: 5503, first_name: 'Aida' };

const advances = async () => (await stack.appPool.query('SELECT amount, status, decided_by FROM advances ORDER BY id')).rows;
const adminCopy = (admin: FakeUser) => stack.fake.waitForSent((s) => s.chatId === admin.id && s.text.includes('Advance request') && s.edits.length === 0, 20_000, `${admin.first_name}'s copy`);



beforeAll(async () => {
  stack = await startStack();
  ({ tenantId } = await stack.company(group, { creator: boss, admins: [deputy], members: [aida] }));
  await stack.setRules(tenantId, { advances: { monthlyLimit: 50_000_00, expiryHours: 72 } });
  await stack.openBotAndJoin(aida, group);
});
afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  stack.fake.sent.length = 0;
});

test('When an employee asks for an advance and an admin approves, then it is recorded, the employee is told and every admin sees the outcome', async () => {
  expect((await stack.say(aida, '/advance 20000 rent')).text).toContain('Your advance request for 20,000.00 KZT went to the admins');
  const bossCopy = await adminCopy(boss);
  const deputyCopy = await adminCopy(deputy);
  expect(bossCopy.text).toContain('This month: 0.00 KZT of 50,000.00 KZT');

  expect((await stack.press(boss, bossCopy, await stack.decisionButton('advance', 1, true))).text).toContain('Approved');
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('was approved'), 20_000, 'the approval');
  await eventually(async () => bossCopy.edits.length > 0 && deputyCopy.edits.length > 0, 20_000, 'both admin copies edited');
  expect(deputyCopy.edits.at(-1)!.text).toContain('Approved (Boss)');
  expect(deputyCopy.edits.at(-1)!.replyMarkup).toEqual({ inline_keyboard: [] });
  expect(await advances()).toEqual([{ amount: 2_000_000, status: 'approved', decided_by: `telegram:${boss.id}` }]);
  const state = await stack.temporal.workflow.getHandle(await stack.requestWorkflowId('advance', 1)).query('state');
  expect(state).toMatchObject({ status: 'approved', decidedBy: `telegram:${boss.id}` });
});

test('When someone who is not an admin presses Approve, then the answer says why and nothing changes; a second press by an admin applies once', async () => {
  await stack.say(aida, '/advance 1000 groceries');
  const bossCopy = await adminCopy(boss);
  const refused = await stack.press(aida, bossCopy, await stack.decisionButton('advance', 2, true));
  expect(refused).toMatchObject({ showAlert: true });
  expect(refused.text).toContain('Only an admin of this company can decide');
  expect((await advances())[1]).toMatchObject({ status: 'pending' });

  const reject = await stack.decisionButton('advance', 2, false);
  const [first, second] = await Promise.all([stack.press(boss, bossCopy, reject), stack.press(boss, bossCopy, reject)]);
  const texts = [first.text, second.text].join(' | ');
  expect(texts).toContain('Rejected');
  expect(texts).toContain('already decided');
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('was rejected'));
  await new Promise((r) => setTimeout(r, 500));
  expect(stack.fake.sentTo(aida.id).filter((s) => s.text.includes('was rejected'))).toHaveLength(1);
});

/** Approved and pending advances of Aida this month, in minor units. */
const usedThisMonth = async () =>
  Number((await stack.appPool.query("SELECT coalesce(sum(amount), 0) AS n FROM advances WHERE status IN ('pending', 'approved') AND requested_at >= date_trunc('month', now())")).rows[0].n);

test('When two requests from two chats race the monthly limit, then exactly one gets in, round after round', async () => {
  for (let round = 1; round <= 4; round++) {
    // Arrange: 20,000.00 left this month; two requests of 15,000.00 each.
    await stack.setRules(tenantId, { advances: { monthlyLimit: (await usedThisMonth()) + 20_000_00, expiryHours: 72 } });
    const before = stack.fake.sentTo(aida.id).length;

    // Act: one from her private chat, one from the group, in the same instant (the bot handles
    // the two chats concurrently; only the database's row lock can keep them apart).
    stack.fake.userSends(aida, `/advance 15000 private-${round}`);
    stack.fake.userSends(aida, `/advance 15000 group-${round}`, group);

    // Assert
    // The two answers, by what they say. Other messages may reach her meanwhile (Aida is clocked
    // in, so after the shift's end its reminder comes too); they are not answers.
    const said = (t: string) => (t.includes('went to the admins') ? 'filed' : t.includes('Over your monthly advance limit') ? 'over the limit' : null);
    const answers = () => stack.fake.sentTo(aida.id).slice(before).map((s) => said(s.text)).filter((a) => a !== null);
    await eventually(async () => answers().length >= 2, 20_000, 'both answers');
    await sleep(300);
    expect(answers().sort()).toEqual(['filed', 'over the limit']);
    const { rows } = await stack.appPool.query("SELECT count(*)::int AS n FROM advances WHERE reason IN ($1, $2)", [`private-${round}`, `group-${round}`]);
    expect(rows[0].n).toBe(1);
  }
});

test('When the limit was lowered after a request, then approving it is refused and it stays pending; once the limit allows, it is approved', async () => {
  // Arrange: a request within the limit, then the company lowers the limit below it.
  await stack.setRules(tenantId, { advances: { monthlyLimit: (await usedThisMonth()) + 10_000_00, expiryHours: 72 } });
  await stack.say(aida, '/advance 8000 recheck');
  const bossCopy = await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('recheck'), 20_000, 'the copy');
  const advanceId = (await stack.appPool.query("SELECT id FROM advances WHERE reason = 'recheck'")).rows[0].id;
  // Approved ones plus this request now pass the limit by 1,000.00 (pending ones do not count at approval).
  const approved = Number((await stack.appPool.query("SELECT coalesce(sum(amount), 0) AS n FROM advances WHERE status = 'approved' AND requested_at >= date_trunc('month', now())")).rows[0].n);
  await stack.setRules(tenantId, { advances: { monthlyLimit: approved + 8_000_00 - 1_000_00, expiryHours: 72 } });

  // Act + Assert: refused, nothing changed.
  const refused = await stack.press(boss, bossCopy, await stack.decisionButton('advance', advanceId, true));
  expect(refused).toMatchObject({ showAlert: true });
  expect(refused.text).toContain('Approving would exceed the member\'s monthly advance limit');
  expect((await stack.appPool.query('SELECT status FROM advances WHERE id = $1', [advanceId])).rows[0].status).toBe('pending');

  // The limit is raised again: the same request is approved.
  await stack.setRules(tenantId, { advances: { monthlyLimit: (await usedThisMonth()) + 1_000_00, expiryHours: 72 } });
  expect((await stack.press(boss, bossCopy, await stack.decisionButton('advance', advanceId, true))).text).toContain('Approved');
  expect((await stack.appPool.query('SELECT status FROM advances WHERE id = $1', [advanceId])).rows[0].status).toBe('approved');
});

test('When a member has a limit of their own, then it applies instead of the company\'s', async () => {
  await stack.setRules(tenantId, { advances: { monthlyLimit: 1_000_000_00, expiryHours: 72 } });
  const own = (await usedThisMonth()) + 1_000_00;
  await stack.appPool.query('UPDATE members SET advance_limit = $2 WHERE telegram_user_id = $1 AND tenant_id = $3', [aida.id, own, tenantId]);
  try {
    // The previous test's approval notice may still be on its way: wait for these answers by their text.
    const refused = await stack.sayAndWaitFor(aida, '/advance 2000 too-much', 'Over your monthly advance limit');
    expect(refused.text).toContain(`of ${(own / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} KZT`);
    expect((await stack.sayAndWaitFor(aida, '/advance 500 fits', 'went to the admins')).text).toContain('500.00 KZT');
  } finally {
    await stack.appPool.query('UPDATE members SET advance_limit = NULL WHERE telegram_user_id = $1', [aida.id]);
  }
});

test('When nobody decides in time, then the request expires, the employee is told and the confirmation says so instead of offering to withdraw it', async () => {
  await stack.setRules(tenantId, { advances: { monthlyLimit: 1_000_000_00, expiryHours: 0.001 } }); // 3.6 seconds
  const filed = await stack.sayAndWaitFor(aida, '/advance 100 small', 'went to the admins');
  const markup = () => (filed.edits.length ? filed.edits.at(-1)!.replyMarkup : filed.replyMarkup) as { inline_keyboard: unknown[][] } | null;
  expect(markup()?.inline_keyboard.flat()).toHaveLength(1);
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('expired without a decision'), 30_000, 'the expiry');
  expect(notice.text).toContain('100.00 KZT');
  expect((await advances()).at(-1)).toMatchObject({ amount: 10000, status: 'expired' });
  await eventually(async () => (markup()?.inline_keyboard.flat().length ?? 0) === 0, 20_000, 'the withdraw button removed');
  // The confirmation says how it ended, under what it said.
  expect(filed.edits.at(-1)!.text).toBe(`${filed.text}\n⌛ 已过期 · ⌛ Expired`);
});

test('When the worker is down while a request waits, then the decision made meanwhile is applied once it is back', async () => {
  await stack.setRules(tenantId, { advances: { monthlyLimit: 1_000_000_00, expiryHours: 72 } });
  await stack.say(aida, '/advance 300 tickets');
  const bossCopy = await adminCopy(boss);
  const advanceId = (await stack.appPool.query('SELECT max(id) AS id FROM advances')).rows[0].id;
  await stack.kill('worker');
  const pressing = stack.press(boss, bossCopy, await stack.decisionButton('advance', advanceId, true));
  await new Promise((r) => setTimeout(r, 1_000));
  await stack.start('worker');
  expect((await pressing).text).toContain('Approved');
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('300.00 KZT was approved'), 30_000, 'the approval after restart');
  expect((await advances()).at(-1)).toMatchObject({ amount: 30000, status: 'approved' });
});

test('When the bot dies after storing a request but before starting its workflow, then the restarted bot hands it over', async () => {
  await stack.stop('bot');
  await stack.storeAdvanceWithoutWorkflow(tenantId, aida, { amount: 70000, reason: 'before the crash', limit: 1_000_000_00 });

  await stack.start('bot', { HANDOFF_GRACE_SECONDS: '1' });
  const bossCopy = await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('before the crash'), 30_000, 'the swept request');
  const advanceId = (await stack.appPool.query("SELECT id FROM advances WHERE reason = 'before the crash'")).rows[0].id;
  expect((await stack.press(boss, bossCopy, await stack.decisionButton('advance', advanceId, true))).text).toContain('Approved');
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('700.00 KZT was approved'), 30_000, 'the approval');
  const { rows } = await stack.appPool.query('SELECT status, handed_at IS NOT NULL AS handed FROM advances WHERE id = $1', [advanceId]);
  expect(rows[0]).toEqual({ status: 'approved', handed: true });
});

test('Bad input gets a clear answer and stores nothing', async () => {
  const before = await advances();
  expect((await stack.say(aida, '/advance')).text).toContain('Usage: /advance <amount>');
  expect((await stack.say(aida, '/advance -5')).text).toContain('The amount must be a positive number');
  expect((await stack.say({ id: 5599, first_name: 'Nobody' }, '/advance 10')).text).toContain('not a member of a company group');
  expect(await advances()).toEqual(before);
});

test('When Telegram delivers the same /advance message twice, then one request is filed, the admins get one copy and both deliveries get its answer', async () => {
  // Arrange
  const before = await usedThisMonth();
  await stack.setRules(tenantId, { advances: { monthlyLimit: before + 1_000_00, expiryHours: 72 } });
  const answers = () => stack.fake.sentTo(aida.id).filter((s) => s.text.includes('Your advance request for 300.00 KZT'));

  // Act: the message and its redelivery (a new update of the same message), back to back.
  const message = stack.fake.userSends(aida, '/advance 300 delivered-twice');
  stack.fake.pushUpdate({ message } as never);

  // Assert
  await eventually(async () => answers().length === 2, 20_000, 'both deliveries answered');
  await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('delivered-twice'), 20_000, "the admin's copy");
  await sleep(1_000);
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM advances WHERE reason = 'delivered-twice'")).rows[0].n).toBe(1);
  expect(stack.fake.sentTo(boss.id).filter((s) => s.text.includes('delivered-twice'))).toHaveLength(1);
  expect(answers()[1]!.text).toBe(answers()[0]!.text);
  // Within the limit it could have been filed twice: the 300.00 is held once.
  expect(await usedThisMonth()).toBe(before + 300_00);
});
