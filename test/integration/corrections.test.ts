// Corrections: /fix asks for a forgotten or wrong clock-in to be corrected; on approval a
// correcting punch is recorded (the original kept), the day is judged again, and penalties
// that no longer apply are voided.
import { DateTime } from 'luxon';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';

let stack: Stack;
let tenantId: number;
let zone: string;
const group: FakeChat = { id: -1005550301, type: 'supergroup', title: 'Fix Co' };
const boss: FakeUser = { id: 5701, first_name: 'Boss' };
const bolat: FakeUser = { id: 5703, first_name: 'Bolat' };

const now = () => DateTime.now().setZone(zone);
const corrections = async () => (await stack.appPool.query('SELECT id, action, status, punch_id, corrects_punch_id FROM corrections ORDER BY id')).rows;
const lastCorrectionId = async () => (await stack.appPool.query('SELECT max(id)::int AS id FROM corrections')).rows[0].id as number;
const bossCopy = (text: string) =>
  stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('Clock-in correction') && s.text.includes(text) && s.edits.length === 0, 20_000, 'the boss\'s copy');
/** Late arrivals not voided (the only penalised kind here). */
const standing = async () =>
  (await stack.appPool.query(
    `SELECT v.kind, v.minutes, v.amount, v.correction_id FROM violations v LEFT JOIN violation_voids x ON x.violation_id = v.id
     WHERE x.violation_id IS NULL AND v.kind = 'late' ORDER BY v.id`,
  )).rows;



beforeAll(async () => {
  stack = await startStack({ zone: NOON_ZONE });
  stack.fake.setChatMember(group.id, boss, 'creator');
  stack.fake.setChatMember(group.id, bolat, 'member');
  ({ tenantId, timeZone: zone } = await stack.setUpGroup(group, boss));
  // Every day a workday from 00:00 to 23:59 with no grace: a start now is late by the minutes since midnight.
  await stack.setRules(tenantId, {
    workdays: [1, 2, 3, 4, 5, 6, 7], shiftStart: '00:00', shiftEnd: '23:59', lateGraceMinutes: 0, absenceAfterMinutes: 100_000,
    penalties: { late: { mode: 'fixed', amount: 100_000 } },
  });
  await stack.openBotAndJoin(bolat, group);
});
afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  stack.fake.sent.length = 0;
});

test('When a wrong start is corrected and approved, then a correcting punch replaces it, the late penalty is voided, and the day goes on', async () => {
  expect(await standing()).toEqual([expect.objectContaining({ kind: 'late', amount: 100_000, correction_id: null })]);
  const original = (await stack.appPool.query("SELECT id, to_char(punched_at AT TIME ZONE $1, 'HH24:MI') AS time FROM punches WHERE source = 'group'", [zone])).rows[0];

  expect((await stack.say(bolat, '/fix today start 00:00 the terminal was down')).text).toContain(`Your correction (${now().toISODate()} Start 00:00) went to the admins`);
  const copy = await bossCopy('the terminal was down');
  expect(copy.text).toContain(`Recorded: ${original.time}`);
  const correctionId = await lastCorrectionId();
  expect((await stack.press(boss, copy, await stack.decisionButton('correction', correctionId, true))).text).toContain('Approved');

  const notice = await stack.fake.waitForSent((s) => s.chatId === bolat.id && s.text.includes('Your correction was approved'), 20_000, 'the approval');
  expect(notice.text).toContain('Penalties voided: 1 (1,000.00 KZT)');
  expect(await standing()).toEqual([]);
  const [correction] = await corrections();
  expect(correction).toMatchObject({ status: 'approved', corrects_punch_id: original.id });
  const punches = await stack.appPool.query('SELECT id, source, corrects_punch_id FROM punches ORDER BY id');
  expect(punches.rows).toEqual([
    { id: original.id, source: 'group', corrects_punch_id: null },
    { id: correction.punch_id, source: 'correction', corrects_punch_id: original.id },
  ]);
  await eventually(async () => copy.edits.length > 0, 20_000, 'the copy edited');
  expect(copy.edits.at(-1)!.text).toContain('Approved (Boss)');

  // The corrected day is still a started day: clocking out works.
  const out = stack.fake.userSends(bolat, '/out', group);
  expect((await stack.fake.waitForSent((s) => s.replyTo === out.message_id)).text).not.toContain('❌');
});

// Times of yesterday are always in the past, whatever the hour the tests run at.
test('When a correction makes the day worse, then the new penalty is recorded and the employee is told', async () => {
  await stack.say(bolat, '/fix today start 00:01 sorry, it was later');
  const copy = await bossCopy('it was later');
  expect((await stack.press(boss, copy, await stack.decisionButton('correction', await lastCorrectionId(), true))).text).toContain('Approved');
  const notice = await stack.fake.waitForSent((s) => s.chatId === bolat.id && s.text.includes('Your correction was approved'), 20_000, 'the approval');
  expect(notice.text).toContain('New penalties after the correction: 1 (1,000.00 KZT)');
  expect(await standing()).toEqual([expect.objectContaining({ kind: 'late', minutes: 1, correction_id: await lastCorrectionId() })]);
});

test('When the admin double-clicks Approve, then the correction is applied once', async () => {
  await stack.say(bolat, '/fix yesterday lunch 12:00 forgot');
  const copy = await bossCopy('forgot');
  const id = await lastCorrectionId();
  const approve = await stack.decisionButton('correction', id, true);
  const answers = await Promise.all([stack.press(boss, copy, approve), stack.press(boss, copy, approve)]);
  expect(answers.map((a) => a.text).join(' | ')).toContain('Approved');
  expect(answers.map((a) => a.text).join(' | ')).toContain('already decided');
  await stack.fake.waitForSent((s) => s.chatId === bolat.id && s.text.includes('12:00'), 20_000, 'the approval');
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM punches WHERE source = 'correction' AND source_id = $1", [String(id)])).rows[0].n).toBe(1);
});

test('When the worker is down while a correction waits, then the decision made meanwhile is applied once it is back', async () => {
  await stack.say(bolat, '/fix yesterday back 12:40 forgot again');
  const copy = await bossCopy('forgot again');
  const id = await lastCorrectionId();
  await stack.kill('worker');
  const pressing = stack.press(boss, copy, await stack.decisionButton('correction', id, true));
  await new Promise((r) => setTimeout(r, 1_000));
  await stack.start('worker');
  expect((await pressing).text).toContain('Approved');
  await stack.fake.waitForSent((s) => s.chatId === bolat.id && s.text.includes('12:40') && s.text.includes('approved'), 30_000, 'the approval after restart');
  expect((await corrections()).at(-1)).toMatchObject({ status: 'approved' });
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM punches WHERE source = 'correction' AND source_id = $1", [String(id)])).rows[0].n).toBe(1);
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'correction.approved' AND target = $1", [`correction:${id}`])).rows[0].n).toBe(1);
});

test('When a non-admin presses Approve, then the answer says why and nothing changes', async () => {
  await stack.say(bolat, '/fix yesterday end 23:00 wrong button');
  const copy = await bossCopy('wrong button');
  const id = await lastCorrectionId();
  const refused = await stack.press(bolat, copy, await stack.decisionButton('correction', id, true));
  expect(refused).toMatchObject({ showAlert: true });
  expect(refused.text).toContain('Only an admin of this company can decide');
  expect((await corrections()).at(-1)).toMatchObject({ status: 'pending', punch_id: null });
  expect((await stack.say(bolat, '/fix yesterday end 23:00 again')).text).toContain('already waiting for a decision');
});

test('When nobody decides a correction in time, then it expires, the employee is told, and nothing is corrected', async () => {
  await stack.setRules(tenantId, {
    workdays: [1, 2, 3, 4, 5, 6, 7], shiftStart: '00:00', shiftEnd: '23:59', lateGraceMinutes: 0, absenceAfterMinutes: 100_000,
    penalties: { late: { mode: 'fixed', amount: 100_000 } }, requests: { expiryHours: 0.001 }, // 3.6 seconds
  });
  try {
    await stack.say(bolat, '/fix yesterday lunch 13:00 nobody answers');
    const copy = await bossCopy('nobody answers');
    const notice = await stack.fake.waitForSent((s) => s.chatId === bolat.id && s.text.includes('expired without a decision'), 30_000, 'the expiry');
    expect(notice.text).toContain('13:00');
    expect((await corrections()).at(-1)).toMatchObject({ action: 'lunch', status: 'expired', punch_id: null });
    await eventually(async () => (copy.edits.at(-1)?.text ?? '').includes('Expired'), 20_000, 'the admin copy marked expired');
  } finally {
    await stack.setRules(tenantId, {
      workdays: [1, 2, 3, 4, 5, 6, 7], shiftStart: '00:00', shiftEnd: '23:59', lateGraceMinutes: 0, absenceAfterMinutes: 100_000,
      penalties: { late: { mode: 'fixed', amount: 100_000 } },
    });
  }
});

test('Bad input gets a clear answer and stores nothing', async () => {
  const before = await corrections();
  expect((await stack.say(bolat, '/fix')).text).toContain('Usage: /fix <date> <start|end|lunch|break|smoke|back> <HH:MM> [reason]');
  expect((await stack.say(bolat, '/fix someday start 09:00')).text).toContain('"someday" is not a date I can read');
  expect((await stack.say(bolat, '/fix today arrive 09:00')).text).toContain('Say which clock-in to correct');
  expect((await stack.say(bolat, '/fix today start 9am')).text).toContain('Write the time as HH:MM');
  expect((await stack.say(bolat, '/fix tomorrow start 09:00')).text).toContain('That time has not come yet');
  expect((await stack.say(bolat, `/fix ${now().minus({ days: 40 }).toISODate()} start 09:00`)).text).toContain('Only the last 31 days can be corrected');
  // A button made up for a request that does not exist, or for another company's request.
  const menu = await stack.say(bolat, '/fix');
  expect((await stack.press(boss, menu, `fix:${tenantId}:9999:a`)).text).toContain('This request does not exist');
  expect((await stack.press(boss, menu, `fix:${tenantId + 100}:1:a`)).text).toContain('This request does not exist');
  expect(await corrections()).toEqual(before);
});

test('When a member clocks out after a full day on a day off, then a comp day is recorded once and they are told', async () => {
  const dana: FakeUser = { id: 5704, first_name: 'Dana' };
  // Today is not a workday, and a "full day" here is one minute (a five-minute shift less lunch).
  const todayWeekday = now().weekday;
  await stack.setRules(tenantId, { workdays: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== todayWeekday), shiftStart: '00:00', shiftEnd: '00:05' });
  await stack.say(dana, '/start');
  const memberId = (await stack.appPool.query(
    "INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name) VALUES ($1, $2, $2, 'Dana') RETURNING id",
    [tenantId, dana.id],
  )).rows[0].id;
  // She clocked in four minutes ago (stored and handed over as the bot does).
  const punchId = (await stack.appPool.query(
    `INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, workflow_id)
     VALUES ($1, 'group', 'earlier-start', $2, $3, now() - interval '4 minutes', 'check-in', 'punch:group:earlier-start') RETURNING id`,
    [tenantId, `member:${memberId}`, memberId],
  )).rows[0].id;
  await stack.appPool.query('INSERT INTO punch_handoffs (punch_id, tenant_id, handed_at) VALUES ($1, $2, now())', [punchId, tenantId]);

  const out = stack.fake.userSends(dana, '/out', group);
  await stack.fake.waitForSent((s) => s.replyTo === out.message_id, 20_000, 'the answer to /out');
  const notice = await stack.fake.waitForSent((s) => s.chatId === dana.id && s.text.includes('earned you one comp day'), 20_000, 'the comp day notice');
  expect(notice.text).toContain('(available: 1)');
  expect((await stack.appPool.query('SELECT member_id, minutes >= 3 AS full FROM comp_days')).rows).toEqual([{ member_id: memberId, full: true }]);
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'comp-day.earned'")).rows[0].n).toBe(1);
});
