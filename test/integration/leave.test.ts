// Leave: asked for privately, decided by an admin (button, reply with a reason, or the panel's
// decision module); approved leave voids the days' penalties and the rules stop firing for them.
import { DateTime } from 'luxon';
import { createDecisions, type Decisions } from '../../services/decisions';
import type { AttendanceRules } from '../../domain/attendance-rules';
import { requestLeave } from '../../db/repositories/leave';
import { createTenantScopedPool, withTenant } from '../../db/tenant-scope';
import type { Pool } from 'pg';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';

let stack: Stack;
let tenantId: number;
let zone: string;
let appRole: Pool;
let decisions: Decisions;
const group: FakeChat = { id: -1005550201, type: 'supergroup', title: 'Leave Co' };
const boss: FakeUser = { id: 5601, first_name: 'Boss' };
const deputy: FakeUser = { id: 5602, first_name: 'Deputy' };
const aida: FakeUser = { id: 5603, first_name: 'Aida' };

const day = (offset: number) => DateTime.now().setZone(zone).plus({ days: offset }).toISODate()!;
const leaves = async () => (await stack.appPool.query('SELECT id, leave_type, from_day::text AS from, status, decision_reason FROM leave_requests ORDER BY id')).rows;
const lastLeaveId = async () => (await stack.appPool.query('SELECT max(id)::int AS id FROM leave_requests')).rows[0].id as number;
const adminCopy = (admin: FakeUser, text: string) =>
  stack.fake.waitForSent((s) => s.chatId === admin.id && s.text.includes('Leave request') && s.text.includes(text) && s.edits.length === 0, 20_000, `${admin.first_name}'s copy`);



/** Every day a workday from 00:00 to 23:59 with no grace: any clock-in today is late. */
const ALWAYS_LATE: Partial<AttendanceRules> = {
  workdays: [1, 2, 3, 4, 5, 6, 7],
  shiftStart: '00:00',
  shiftEnd: '23:59',
  lateGraceMinutes: 0,
  earlyLeaveGraceMinutes: 0,
  absenceAfterMinutes: 100_000,
  penalties: { late: { mode: 'fixed', amount: 100_000 }, 'early-leave': { mode: 'fixed', amount: 50_000 } },
};

/** Clocks in or out in the group and waits until the punch's workflow has judged it. */
const clock = (command: string) => stack.clockIn(aida, group, command);

beforeAll(async () => {
  stack = await startStack({ zone: NOON_ZONE });
  stack.fake.setChatMember(group.id, boss, 'creator');
  stack.fake.setChatMember(group.id, deputy, 'administrator');
  stack.fake.setChatMember(group.id, aida, 'member');
  ({ tenantId, timeZone: zone } = await stack.setUpGroup(group, boss));
  await stack.setRules(tenantId, ALWAYS_LATE);
  appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 2 });
  decisions = createDecisions({ pool: appRole, temporal: stack.temporal });
  await stack.say(aida, '/start');
  await clock('/in');
});
afterAll(async () => {
  await appRole?.end();
  await stack?.close();
});

beforeEach(() => {
  stack.fake.sent.length = 0;
});

test('When sick leave for today is approved, then the day\'s penalty is voided and the rules find nothing more that day', async () => {
  const standing = await stack.appPool.query("SELECT id, kind, amount FROM violations WHERE tenant_id = $1", [tenantId]);
  expect(standing.rows).toEqual([expect.objectContaining({ kind: 'late', amount: 100_000 })]);

  expect((await stack.say(aida, '/leave sick today flu')).text).toContain(`Your sick leave request (${day(0)} to ${day(0)}, workdays: 1) went to the admins`);
  const bossCopy = await adminCopy(boss, 'flu');
  const deputyCopy = await adminCopy(deputy, 'flu');
  expect(bossCopy.text).toContain('To reject with a reason, reply to this message');
  const leaveId = await lastLeaveId();

  expect((await stack.press(boss, bossCopy, await stack.decisionButton('leave', leaveId, true))).text).toContain('Approved');
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('was approved'), 20_000, 'the approval');
  expect(notice.text).toContain(`Your sick leave from ${day(0)} to ${day(0)} was approved`);
  expect(notice.text).toContain('Penalties voided: 1 (1,000.00 KZT)');
  await eventually(async () => deputyCopy.edits.length > 0, 20_000, 'the deputy\'s copy edited');
  expect(deputyCopy.edits.at(-1)!.text).toContain('Approved (Boss)');

  const voids = await stack.appPool.query('SELECT violation_id, cause, cause_id, amount FROM violation_voids');
  expect(voids.rows).toEqual([{ violation_id: standing.rows[0].id, cause: 'leave', cause_id: leaveId, amount: 100_000 }]);
  // Leaving at once would be an early leave on any other day.
  await clock('/out');
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM violations WHERE kind = 'early-leave'")).rows[0].n).toBe(0);
  const audit = await stack.appPool.query("SELECT actor, workflow_id FROM audit_log WHERE action = 'leave.approved'");
  expect(audit.rows).toEqual([{ actor: `telegram:${boss.id}`, workflow_id: await stack.requestWorkflowId('leave', leaveId) }]);
  expect(await stack.temporal.workflow.getHandle(await stack.requestWorkflowId('leave', leaveId)).query('state')).toMatchObject({ kind: 'leave', status: 'approved', leaveType: 'sick', days: 1 });
});

test('When leave overlaps leave already asked for, or comp leave has no balance, then it is refused and nothing is stored', async () => {
  const before = await leaves();
  expect((await stack.say(aida, `/leave personal ${day(-1)} ${day(1)}`)).text).toContain(`This overlaps leave already requested or approved (${day(0)} to ${day(0)})`);
  expect((await stack.say(aida, '/leave comp tomorrow')).text).toContain('Not enough comp days: you have 0, this leave needs 1');
  expect(await leaves()).toEqual(before);
});

test('When an admin replies to the request with a reason, then it is rejected with that reason, told to the employee and shown on every copy', async () => {
  await stack.say(aida, '/leave personal tomorrow wedding');
  const bossCopy = await adminCopy(boss, 'wedding');
  const deputyCopy = await adminCopy(deputy, 'wedding');
  // The copies are known to the bot once the workflow recorded where they went.
  await eventually(async () => (await stack.appPool.query('SELECT count(*)::int AS n FROM request_messages WHERE workflow_id = $1', [await stack.requestWorkflowId('leave', await lastLeaveId())])).rows[0].n === 2, 20_000, 'the copies recorded');
  const reply = stack.fake.userRepliesTo(deputy, deputyCopy, 'short-staffed that day');
  const answer = await stack.fake.waitForSent((s) => s.chatId === deputy.id && s.replyTo === reply.message_id, 20_000, 'the answer to the reply');
  expect(answer.text).toContain('Rejected');
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('was rejected'), 20_000, 'the rejection');
  expect(notice.text).toContain('Reason: short-staffed that day');
  await eventually(async () => bossCopy.edits.length > 0, 20_000, 'the boss\'s copy edited');
  expect(bossCopy.edits.at(-1)!.text).toContain('Rejected (Deputy)');
  expect(bossCopy.edits.at(-1)!.text).toContain('Reason: short-staffed that day');
  expect((await leaves()).at(-1)).toMatchObject({ leave_type: 'personal', status: 'rejected', decision_reason: 'short-staffed that day' });

  // A reply to a copy already decided changes nothing.
  const late = stack.fake.userRepliesTo(boss, bossCopy, 'no');
  expect((await stack.fake.waitForSent((s) => s.chatId === boss.id && s.replyTo === late.message_id)).text).toContain('already decided');
});

test('When the panel decides through the decision module, then only an admin can, the same key applies once, and the list of pending requests follows', async () => {
  await stack.say(aida, `/leave personal ${day(2)} moving house`);
  const leaveId = await lastLeaveId();
  const pending = await decisions.listPending(tenantId);
  expect(pending).toEqual([
    expect.objectContaining({ kind: 'leave', id: leaveId, workflowId: await stack.requestWorkflowId('leave', leaveId), reason: 'moving house', details: { leaveType: 'personal', from: day(2), to: day(2), days: 1 } }),
  ]);
  const ref = { kind: 'leave' as const, tenantId, requestId: leaveId };

  expect(await decisions.decide(ref, { adminUserId: aida.id, adminName: 'Aida', approve: true }, 'panel-aida')).toEqual({ ok: false, refusal: 'not-admin' });
  expect((await leaves()).at(-1)).toMatchObject({ status: 'pending' });

  const decision = { adminUserId: boss.id, adminName: 'Boss', approve: true };
  const [first, again] = await Promise.all([decisions.decide(ref, decision, 'panel-1'), decisions.decide(ref, decision, 'panel-1')]);
  expect(first).toEqual({ ok: true, result: { status: 'approved', decidedBy: `telegram:${boss.id}` } });
  expect(again).toEqual(first);
  expect(await decisions.decide(ref, { ...decision, approve: false }, 'panel-2')).toEqual({ ok: false, refusal: 'already-decided' });
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('personal leave from'), 20_000, 'the approval');
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'leave.approved' AND target = $1", [`leave:${leaveId}`])).rows[0].n).toBe(1);
  expect(await decisions.listPending(tenantId)).toEqual([]);
  await stack.temporal.workflow.getHandle(await stack.requestWorkflowId('leave', leaveId)).result();
  expect(await decisions.decide(ref, decision, 'panel-3')).toEqual({ ok: false, refusal: 'already-decided' });
  expect(await decisions.decide({ ...ref, requestId: 9999 }, decision, 'panel-4')).toEqual({ ok: false, refusal: 'not-found' });
});

test('When nobody decides in time, then the leave request expires and the employee is told', async () => {
  await stack.setRules(tenantId, { ...ALWAYS_LATE, requests: { expiryHours: 0.001 } }); // 3.6 seconds
  await stack.say(aida, `/leave sick ${day(3)}`);
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('expired without a decision'), 30_000, 'the expiry');
  expect(notice.text).toContain(`sick leave request from ${day(3)} to ${day(3)}`);
  expect((await leaves()).at(-1)).toMatchObject({ status: 'expired' });
  await stack.setRules(tenantId, ALWAYS_LATE);
});

test('When a full day is worked on a day off (recorded by corrections), then it earns one comp day, which comp leave spends', async () => {
  // Yesterday is not a workday.
  const yesterdayWeekday = DateTime.now().setZone(zone).minus({ days: 1 }).weekday;
  await stack.setRules(tenantId, { ...ALWAYS_LATE, workdays: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== yesterdayWeekday) });
  for (const [command, time] of [['start', '00:10'], ['end', '23:50']] as const) {
    expect((await stack.say(aida, `/fix yesterday ${command} ${time} worked the weekend`)).text).toContain('went to the admins');
    const copy = await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('Clock-in correction') && s.text.includes(time) && s.edits.length === 0, 20_000, 'the correction');
    const correctionId = (await stack.appPool.query('SELECT max(id)::int AS id FROM corrections')).rows[0].id;
    expect((await stack.press(boss, copy, await stack.decisionButton('correction', correctionId, true))).text).toContain('Approved');
    await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('Your correction was approved') && s.text.includes(time), 20_000, 'the approval');
  }
  expect((await stack.appPool.query('SELECT workday::text AS workday, minutes FROM comp_days')).rows).toEqual([{ workday: day(-1), minutes: 1420 }]);
  expect((await stack.say(aida, '/leave')).text).toContain('Comp days available: 1');

  expect((await stack.say(aida, `/leave comp ${day(4)}`)).text).toContain('Your comp leave request');
  expect(await adminCopy(boss, 'comp leave')).toBeDefined();
  expect((await stack.say(aida, `/leave comp ${day(5)}`)).text).toContain('Not enough comp days: you have 0, this leave needs 1');
});

test('Malformed leave requests get a helpful answer', async () => {
  const before = await leaves();
  expect((await stack.say(aida, '/leave sick 31.02')).text).toContain('"31.02" is not a date I can read. Write it as 2026-12-01');
  expect((await stack.say(aida, '/leave vacation today')).text).toContain('The kind of leave is sick, personal or comp');
  expect((await stack.say(aida, `/leave sick ${day(6)} ${day(5)}`)).text).toContain('The end date is before the start date');
  expect((await stack.say(aida, '/leave')).text).toContain('Usage: /leave <sick|personal|comp> <from> [to] [reason]');
  expect(await leaves()).toEqual(before);
});

test('When the bot dies after storing a leave request but before starting its workflow, then the restarted bot hands it over', async () => {
  await stack.stop('bot');
  const memberId = (await stack.appPool.query('SELECT id FROM members WHERE tenant_id = $1 AND telegram_user_id = $2', [tenantId, aida.id])).rows[0].id;
  const stored = await withTenant(appRole, tenantId, (tx) =>
    requestLeave(tx, { tenantId, memberId, leaveType: 'sick', from: day(7), to: day(7), days: 1, reason: 'before the crash', expiresAt: new Date(Date.now() + 3_600_000), submissionKey: null }),
  );
  expect(stored.ok).toBe(true);

  await stack.start('bot', { HANDOFF_GRACE_SECONDS: '1' });
  const copy = await adminCopy(boss, 'before the crash');
  const leaveId = await lastLeaveId();
  expect((await stack.press(boss, copy, await stack.decisionButton('leave', leaveId, true))).text).toContain('Approved');
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes(`sick leave from ${day(7)}`), 30_000, 'the approval');
  const { rows } = await stack.appPool.query('SELECT status, handed_at IS NOT NULL AS handed FROM leave_requests WHERE id = $1', [leaveId]);
  expect(rows[0]).toEqual({ status: 'approved', handed: true });
});

test('When an admin asks for leave, then only the other admins may decide it', async () => {
  await stack.say(boss, '/start');
  const joined = stack.fake.userSends(boss, '/in', group);
  await stack.fake.waitForSent((s) => s.replyTo === joined.message_id);
  // His late start is judged and he is told (privately: he opened the bot) before he asks.
  await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('min late'), 20_000, 'the boss\'s late notice');
  expect((await stack.say(boss, `/leave personal ${day(9)} dentist`)).text).toContain('went to the admins');
  const deputyCopy = await adminCopy(deputy, 'dentist');
  const leaveId = await lastLeaveId();
  expect(stack.fake.sentTo(boss.id).filter((s) => s.text.includes('Leave request'))).toEqual([]);
  // Pressing a button made up for it is refused: the boss is not among its deciders.
  const refused = await stack.press(boss, deputyCopy, await stack.decisionButton('leave', leaveId, true));
  expect(refused.text).toContain('Only an admin of this company can decide');
  expect((await stack.press(deputy, deputyCopy, await stack.decisionButton('leave', leaveId, true))).text).toContain('Approved');
});

test('When a request command is sent in the group, then it is answered privately, or the sender is asked to open the private chat first', async () => {
  const inGroup = stack.fake.userSends(aida, '/leave sick 31.02', group);
  expect((await stack.fake.waitForSent((s) => s.replyTo === inGroup.message_id)).text).toContain('I answered you in a private chat');
  expect((await stack.fake.waitForSent((s) => s.chatId === aida.id)).text).toContain('"31.02" is not a date I can read');

  const carl: FakeUser = { id: 5604, first_name: 'Carl' };
  const stranger = stack.fake.userSends(carl, '/fix today start 00:00', group);
  expect((await stack.fake.waitForSent((s) => s.replyTo === stranger.message_id)).text).toContain('Open a private chat with me first (press Start), then send /fix again');
  expect(stack.fake.sentTo(carl.id)).toEqual([]);
  expect((await stack.appPool.query('SELECT count(*)::int AS n FROM corrections WHERE member_id IN (SELECT id FROM members WHERE telegram_user_id = $1)', [carl.id])).rows[0].n).toBe(0);
});

test('When Telegram delivers the same /leave message twice, then one request is filed and both deliveries are told it went to the admins, not that it overlaps', async () => {
  // Arrange
  const when = day(30);
  const told = () => stack.fake.sentTo(aida.id).filter((s) => s.text.includes(`(${when} to ${when}`) || s.text.includes('overlaps'));
  const before = told().length;

  // Act: the message and its redelivery, back to back.
  const message = stack.fake.userSends(aida, `/leave personal ${when} delivered-twice`);
  stack.fake.pushUpdate({ message } as never);

  // Assert
  await eventually(async () => told().length - before === 2, 20_000, 'both deliveries answered');
  await adminCopy(boss, 'delivered-twice');
  const answers = told().slice(before).map((s) => s.text);
  expect(answers[0]).toContain('went to the admins');
  expect(answers[1]).toBe(answers[0]);
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM leave_requests WHERE reason = 'delivered-twice'")).rows[0].n).toBe(1);
  expect(stack.fake.sentTo(boss.id).filter((s) => s.text.includes('delivered-twice'))).toHaveLength(1);
});
