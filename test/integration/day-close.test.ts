// The day's close and report, through the real stack: two companies, five hours ahead of UTC and
// five behind, each closing its own day when its schedule is triggered; a re-run changes nothing
// and sends nothing twice; approved leave produces nothing; /report at any time.
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { DateTime } from 'luxon';
import { DEFAULT_REMINDERS, DEFAULT_RULES, shiftWindow, type AttendanceRules } from '../../domain/attendance-rules';
import { workdayOf } from '../../domain/clock-in';
import { punchWorkflowId } from '../../domain/punch';
import { dailyReportScheduleId } from '../../domain/reports';
import { inTransaction } from '../../db/queryable';
import { changeSubscription, companiesOverview, getTenant } from '../../db/repositories/tenants';
import { createRulesActivities } from '../../activities/postgres-rules';
import { loadMonthReport } from '../../services/exports/month-data';
import { applyRules } from '../../services/rules';
import { todayBoard } from '../../services/today';
import { reconcileSchedules } from '../../workers/schedule-reconciler';
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';
import { noonZone } from '../support/zones';

let stack: Stack;

interface Company {
  group: FakeChat;
  zone: string;
  boss: FakeUser;
  anna: FakeUser; // on time, clocks out
  boris: FakeUser; // late, never clocks out
  chen: FakeUser; // never comes (opened the bot)
  dana: FakeUser; // on approved sick leave
  tenantId: number;
  uid: string;
  rules: AttendanceRules;
  workday: string;
}

const users = (base: number, tag: string) => ({
  boss: { id: base + 1, first_name: `Boss${tag}`, username: `boss_${tag}` },
  anna: { id: base + 2, first_name: 'Anna', username: `anna_${tag}` },
  boris: { id: base + 3, first_name: 'Boris', username: `boris_${tag}` },
  chen: { id: base + 4, first_name: 'Chen', username: `chen_${tag}` },
  dana: { id: base + 5, first_name: 'Dana', username: `dana_${tag}` },
});

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** A clock-in sent at a given time (Telegram's message date); resolves once it has been judged. */
async function clockInAt(user: FakeUser, group: FakeChat, command: string, at: Date): Promise<SentRecord> {
  const sent = stack.fake.userSends(user, command, group, undefined, seconds(at));
  const answer = await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === sent.message_id, 20_000, `the answer to ${command}`);
  const handle = stack.temporal.workflow.getHandle(punchWorkflowId('group', `${group.id}:m${sent.message_id}`));
  await eventually(() => handle.result().then(() => true), 20_000, `${command} judged`);
  return answer;
}

const deps = () => ({ pool: stack.appPool, temporal: stack.temporal, reportSchedules: 'on' as const });

/**
 * A company whose shift ended two hours ago (it started six hours ago; around local midnight that
 * is an overnight shift), set up in the group, with its schedules on.
 */
async function company(zone: string, groupId: number, base: number, tag: string, options: { holiday?: boolean } = {}): Promise<Company> {
  const people = users(base, tag);
  const group: FakeChat = { id: groupId, type: 'supergroup', title: `Company ${tag}` };
  const { tenantId } = await stack.company(group, { creator: people.boss, members: [people.anna, people.boris, people.chen, people.dana] });
  const local = DateTime.now().setZone(zone);
  // (When that start is just after midnight, Anna's early /in is on the calendar day before: it
  // counts for the shift all the same, see workdayBegins.)
  const rules: AttendanceRules = {
    ...DEFAULT_RULES,
    timeZone: zone,
    workdays: [1, 2, 3, 4, 5, 6, 7],
    shiftStart: local.minus({ hours: 6 }).toFormat('HH:mm'),
    shiftEnd: local.minus({ hours: 2 }).toFormat('HH:mm'),
    penalties: { 'no-show': { mode: 'fixed', amount: 500_000 }, 'missing-clock-out': { mode: 'fixed', amount: 100_000 }, late: { mode: 'fixed', amount: 50_000 } },
  };
  await stack.appPool.query('UPDATE tenants SET time_zone = $2 WHERE id = $1', [tenantId, zone]);
  await stack.setRules(tenantId, rules);
  const workday = workdayOf(local.minus({ hours: 3 }).toJSDate(), rules);
  if (options.holiday) {
    rules.holidays = [workday];
    await stack.setRules(tenantId, rules);
  }
  const { start, end } = shiftWindow(rules, workday);
  // The company has existed since that day began: earlier days are not the close's business.
  await stack.appPool.query('UPDATE tenants SET created_at = $2 WHERE id = $1', [tenantId, start]);

  for (const u of [people.boss, people.anna, people.chen]) await stack.say(u, '/start');
  await clockInAt(people.anna, group, '/in', new Date(start.getTime() - 5 * 60_000));
  await clockInAt(people.anna, group, '/out', new Date(end.getTime() + 5 * 60_000));
  await clockInAt(people.boris, group, '/in', new Date(start.getTime() + 20 * 60_000));
  for (const u of [people.chen, people.dana]) {
    await stack.appPool.query(
      'INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name, telegram_username) VALUES ($1, $2, $2, $3, $4)',
      [tenantId, u.id, u.first_name, u.username],
    );
  }
  // Everyone has been with the company for a month.
  await stack.appPool.query("UPDATE members SET registered_at = now() - interval '30 days' WHERE tenant_id = $1", [tenantId]);
  const dana = await stack.appPool.query('SELECT id FROM members WHERE tenant_id = $1 AND telegram_user_id = $2', [tenantId, people.dana.id]);
  await stack.appPool.query(
    `INSERT INTO leave_requests (tenant_id, member_id, leave_type, from_day, to_day, days, status, expires_at, decided_by, decided_at, workflow_id)
     VALUES ($1, $2, 'sick', $3, $3, 1, 'approved', now() + interval '1 day', 'test', now(), 'leave:test')`,
    [tenantId, dana.rows[0].id, workday],
  );
  const tenant = (await getTenant(stack.appPool, tenantId))!;
  await applyRules(deps(), tenant);
  return { group, zone, ...people, tenantId, uid: tenant.uid, rules, workday };
}

let east: Company;
let west: Company;
let holiday: Company;

/** Runs the company's daily schedule now and waits for that run. */
const runDaily = (c: Company) => stack.runSchedule(dailyReportScheduleId(c.uid));

const closeViolations = async (c: Pick<Company, 'tenantId' | 'workday'>) =>
  (
    await stack.appPool.query(
      `SELECT m.telegram_user_id AS user, v.kind, v.amount::int AS amount, v.by_close FROM violations v JOIN members m ON m.id = v.member_id
       WHERE v.tenant_id = $1 AND v.workday = $2 ORDER BY m.telegram_user_id, v.kind`,
      [c.tenantId, c.workday],
    )
  ).rows;

beforeAll(async () => {
  stack = await startStack();
  east = await company('Etc/GMT-5', -1009090001, 9090100, 'east');
  west = await company('Etc/GMT+5', -1009090002, 9090200, 'west');
  holiday = await company('Etc/GMT-5', -1009090003, 9090300, 'holiday', { holiday: true });
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

test('Each company has its two schedules in its own zone, skipping overlaps, with a catch-up window', async () => {
  for (const c of [east, west]) {
    const daily = await stack.temporal.schedule.getHandle(dailyReportScheduleId(c.uid)).describe();
    expect(daily.spec.timezone).toBe(c.zone);
    expect(daily.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(daily.policies.catchupWindow).toBe(12 * 3600_000);
    expect(daily.state.paused).toBe(false);
    expect(daily.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dailyReport', args: [{ tenantUid: c.uid }] });
    // The next runs are an hour after the shift ends, every day, on the company's wall clock.
    const expected = DateTime.fromFormat(c.rules.shiftEnd, 'HH:mm').plus({ hours: 1 }).toFormat('HH:mm');
    for (const next of daily.info.nextActionTimes) expect(DateTime.fromJSDate(next).setZone(c.zone).toFormat('HH:mm')).toBe(expected);
    const monthly = await stack.temporal.schedule.getHandle(`monthly-summary:${c.uid}`).describe();
    expect(monthly.spec.timezone).toBe(c.zone);
    expect(monthly.policies.catchupWindow).toBe(7 * 24 * 3600_000);
    for (const next of monthly.info.nextActionTimes) expect(DateTime.fromJSDate(next).setZone(c.zone).toFormat('d HH:mm')).toBe('1 09:00');
  }
});

test('When the daily schedule is triggered, then each company closes its own day: a no-show and a missing clock-out recorded, leave and the punctual untouched', async () => {
  await Promise.all([runDaily(east), runDaily(west)]);
  for (const c of [east, west]) {
    expect(await closeViolations(c)).toEqual([
      { user: c.boris.id, kind: 'late', amount: 50_000, by_close: false },
      { user: c.boris.id, kind: 'missing-clock-out', amount: 100_000, by_close: true },
      { user: c.chen.id, kind: 'no-show', amount: 500_000, by_close: true },
    ]);
    const report = stack.fake.sentTo(c.group.id).find((s) => s.text.includes('Attendance report for'));
    expect(report).toBeDefined();
    expect(report!.text).toContain('考勤日报');
    expect(report!.text).toContain('Due 4 · present 2 · late 1 · absent 1 · on leave 1 · missing clock-out 1');
    expect(report!.text).toContain(`Late: @boris_${c.boss.username!.slice(5)}`);
    expect(report!.text).toContain(`Absent: @chen_`);
    expect(report!.text).toContain(`On leave: @dana_`);
    expect(report!.text).toContain(`Missing clock-out: @boris_`);
    // The date in the report is the company's own workday.
    const label = DateTime.fromISO(c.workday).toFormat('LLL d, yyyy');
    expect(report!.text).toContain(label);
    // Chen opened the bot and is told privately what the close recorded; Boris did not, and the report names him.
    const notice = stack.fake.sentTo(c.chen.id).find((s) => s.text.includes('is closed. Recorded for you'));
    expect(notice?.text).toContain('• No-show (240 min) — penalty 5,000.00 KZT');
    expect(notice?.text).toContain('考勤已结算');
    expect(stack.fake.sentTo(c.boris.id)).toEqual([]);
    expect(stack.fake.sentTo(c.dana.id)).toEqual([]);
    const closes = await stack.appPool.query('SELECT workday::text AS day, reported_at IS NOT NULL AS reported FROM day_closes WHERE tenant_id = $1', [c.tenantId]);
    expect(closes.rows).toEqual([{ day: c.workday, reported: true }]);
  }
});

test('On a holiday the close records nothing: no no-show, no missing clock-out; working it earns a comp day', async () => {
  await runDaily(holiday);
  expect(await closeViolations(holiday)).toEqual([]);
  expect(stack.fake.sentTo(holiday.chen.id).filter((s) => s.text.includes('Recorded for you'))).toEqual([]);
  const comp = await stack.appPool.query('SELECT m.telegram_user_id AS user FROM comp_days c JOIN members m ON m.id = c.member_id WHERE c.tenant_id = $1', [holiday.tenantId]);
  expect(comp.rows).toEqual([{ user: holiday.anna.id }]);
  const closes = await stack.appPool.query('SELECT workday::text AS day FROM day_closes WHERE tenant_id = $1', [holiday.tenantId]);
  expect(closes.rows).toEqual([{ day: holiday.workday }]);
});

/**
 * A company as above, five hours ahead of UTC, whose rules count an hour late as an absence, and
 * one more person in its group (id `base + 6`, @<name>_<tag>) who has not clocked in yet.
 */
async function companyWithOneMore(groupId: number, base: number, tag: string, name: string): Promise<{ company: Company; person: FakeUser }> {
  const c = await company('Etc/GMT-5', groupId, base, tag);
  await stack.setRules(c.tenantId, { ...c.rules, absenceAfterMinutes: 60 });
  const person: FakeUser = { id: base + 6, first_name: name, username: `${name.toLowerCase()}_${tag}` };
  stack.fake.setChatMember(c.group.id, person, 'member');
  return { company: c, person };
}

test('When someone came so late that it counts as an absence, then the report lists them apart from who never came, with the time they came', async () => {
  // Arrange: a company whose rules count 60 minutes late as an absence; Erik comes 90 minutes
  // late (Chen, as in every company here, never comes).
  const { company: tardy, person: erik } = await companyWithOneMore(-1009090005, 9090800, 'tardy', 'Erik');
  const { start } = shiftWindow(tardy.rules, tardy.workday);
  const came = new Date(start.getTime() + 90 * 60_000);
  await clockInAt(erik, tardy.group, '/in', came);

  // Act
  await runDaily(tardy);

  // Assert: absent 2 (Chen, Erik), but only Chen under "Absent"; Erik with the time he came.
  const report = stack.fake.sentTo(tardy.group.id).find((s) => s.text.includes('Attendance report for'))!;
  expect(report.text).toContain('Due 5 · present 3 · late 1 · absent 2');
  const at = DateTime.fromJSDate(came).setZone(tardy.zone).toFormat('HH:mm');
  expect(report.text).toContain(`Came too late, counted absent: @erik_tardy ${at}`);
  expect(report.text).toContain(`迟到超时，按缺勤计：@erik_tardy ${at}`);
  const absentLine = report.text.split('\n').find((line) => line.includes('Absent:'))!;
  expect(absentLine).toContain('@chen_tardy');
  expect(absentLine).not.toContain('erik');
});

test('When someone joins the group on the day and first clocks in after its shift, then that day is not theirs: not judged as they clock in, nor by the close', async () => {
  // Arrange: Farida joins the company's group today, after its shift ended.
  const { company: late, person: farida } = await companyWithOneMore(-1009090006, 9090900, 'newcomer', 'Farida');
  const { end } = shiftWindow(late.rules, late.workday);

  // Act: her first clock-in, half an hour after the shift; then the day's close.
  const answer = await clockInAt(farida, late.group, '/in', new Date(end.getTime() + 30 * 60_000));
  await runDaily(late);

  // Assert: told she started, nothing recorded against her, nothing said about her absence; the
  // report does not count her (the same four as in every company here are due).
  expect(answer.text).toContain('Farida started the day');
  const recorded = await stack.appPool.query(
    'SELECT v.kind FROM violations v JOIN members m ON m.id = v.member_id WHERE m.telegram_user_id = $1',
    [farida.id],
  );
  expect(recorded.rows).toEqual([]);
  const group = stack.fake.sentTo(late.group.id);
  expect(group.filter((s) => s.text.includes('farida') || s.text.includes('Farida')).map((s) => s.text)).toEqual([answer.text]);
  expect(group.find((s) => s.text.includes('Attendance report for'))!.text).toContain('Due 4 · present 2');
});

/**
 * The number of messages sent once nothing new has arrived for a second: the clock-ins of the
 * setup started shift watches whose "still clocked in" reminders go out on their own schedule.
 */
async function settledSendCount(): Promise<number> {
  let last = -1;
  for (;;) {
    const now = stack.fake.sent.length;
    if (now === last) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

test('When the close runs again, or after a run that died before its messages went out, then nothing changes and nothing is sent twice', async () => {
  const count = () => stack.fake.sent.length;
  const before = await settledSendCount();
  const violations = await closeViolations(east);
  await runDaily(east);
  expect(count()).toBe(before);
  // A run that recorded the close but died before reporting: the next run reports what is missing only.
  await stack.appPool.query('UPDATE day_closes SET reported_at = NULL WHERE tenant_id = $1', [east.tenantId]);
  await runDaily(east);
  expect(count()).toBe(before);
  expect(await closeViolations(east)).toEqual(violations);
  const closes = await stack.appPool.query('SELECT reported_at IS NOT NULL AS reported FROM day_closes WHERE tenant_id = $1', [east.tenantId]);
  expect(closes.rows).toEqual([{ reported: true }]);
  const deliveries = await stack.appPool.query('SELECT delivery_key FROM report_deliveries WHERE tenant_id = $1 ORDER BY delivery_key', [east.tenantId]);
  expect(deliveries.rows.map((r) => r.delivery_key)).toEqual([`close:${east.workday}:group`, expect.stringMatching(new RegExp(`^close:${east.workday}:member:\\d+$`))]);
});

test('An admin asks for the report at any time with /report; a member is refused', async () => {
  const asked = stack.fake.userSends(west.boss, '/report', west.group);
  const answer = await stack.fake.waitForSent((s) => s.chatId === west.group.id && s.replyTo === asked.message_id);
  expect(answer.text).toContain('Attendance today');
  expect(answer.text).toContain('今日考勤');
  const refused = stack.fake.userSends(west.anna, '/report', west.group);
  expect((await stack.fake.waitForSent((s) => s.chatId === west.group.id && s.replyTo === refused.message_id)).text).toContain('Only admins and HR can see reports');
});

test('A suspended company\'s schedules are paused, its runs post nothing; the worker\'s reconciliation repairs a deleted or altered schedule', async () => {
  await stack.appPool.query("UPDATE tenants SET subscription_state = 'suspended' WHERE id = $1", [west.tenantId]);
  await applyRules(deps(), (await getTenant(stack.appPool, west.tenantId))!);
  const daily = stack.temporal.schedule.getHandle(dailyReportScheduleId(west.uid));
  expect((await daily.describe()).state.paused).toBe(true);
  await stack.appPool.query('UPDATE day_closes SET reported_at = NULL WHERE tenant_id = $1', [west.tenantId]);
  const before = await settledSendCount();
  await runDaily(west);
  expect(stack.fake.sent.length).toBe(before);
  await stack.appPool.query("UPDATE tenants SET subscription_state = 'active' WHERE id = $1", [west.tenantId]);
  await stack.appPool.query('UPDATE day_closes SET reported_at = now() WHERE tenant_id = $1', [west.tenantId]);

  // Someone deletes one schedule and moves another by hand: the reconciliation puts both right.
  await stack.temporal.schedule.getHandle(dailyReportScheduleId(east.uid)).delete();
  await stack.temporal.schedule.getHandle(`monthly-summary:${east.uid}`).update((s) => ({ ...s, spec: { calendars: [{ hour: 3, minute: 33 }] } }));
  const log = { info: () => undefined, warn: () => undefined } as unknown as Parameters<typeof reconcileSchedules>[0]['log'];
  const counts = await reconcileSchedules({ ...deps(), platformPool: stack.appPool, log });
  expect(counts.created).toBe(1);
  expect(counts.updated).toBeGreaterThanOrEqual(2); // east's moved schedule, and west's (no longer suspended)
  const repaired = await stack.temporal.schedule.getHandle(`monthly-summary:${east.uid}`).describe();
  for (const next of repaired.info.nextActionTimes) expect(DateTime.fromJSDate(next).setZone(east.zone).toFormat('d HH:mm')).toBe('1 09:00');
  expect((await stack.temporal.schedule.getHandle(dailyReportScheduleId(east.uid)).describe()).state.paused).toBe(false);
  const again = await reconcileSchedules({ ...deps(), platformPool: stack.appPool, log });
  expect(again).toMatchObject({ created: 0, updated: 0 });
});

test('A shift that starts at midnight: an early arrival the evening before and the clock-out next morning count for it; the close finds nothing against her', async () => {
  // A zone where it is about noon now, so the 00:00–08:00 shift of today ended hours ago.
  const zone = noonZone();
  const people = users(9090400, 'night');
  const group: FakeChat = { id: -1009090004, type: 'supergroup', title: 'Company night' };
  const { tenantId } = await stack.company(group, { creator: people.boss, members: [people.anna, people.boris] });
  const rules: AttendanceRules = {
    ...DEFAULT_RULES,
    timeZone: zone,
    workdays: [1, 2, 3, 4, 5, 6, 7],
    shiftStart: '00:00',
    shiftEnd: '08:00',
    penalties: { 'missing-clock-out': { mode: 'fixed', amount: 100_000 }, late: { mode: 'fixed', amount: 50_000 }, 'early-leave': { mode: 'fixed', amount: 70_000 } },
  };
  await stack.appPool.query('UPDATE tenants SET time_zone = $2 WHERE id = $1', [tenantId, zone]);
  await stack.setRules(tenantId, rules);
  const workday = DateTime.now().setZone(zone).toISODate()!;
  const { start, end } = shiftWindow(rules, workday);
  await stack.appPool.query('UPDATE tenants SET created_at = $2 WHERE id = $1', [tenantId, start]);

  const refusal = /You have (not started|already)/;
  // Anna, five minutes early: on the calendar, yesterday evening.
  const early = await clockInAt(people.anna, group, '/in', new Date(start.getTime() - 5 * 60_000));
  expect(early.text).not.toMatch(refusal);
  expect(DateTime.fromJSDate(new Date(start.getTime() - 5 * 60_000)).setZone(zone).toISODate()).not.toBe(workday);
  // The answer says which shift an evening clock-in counts for; one on the shift's own date does not.
  expect(early.text).toContain(`counts for the shift of ${DateTime.fromISO(workday).toFormat('LLL d, yyyy', { locale: 'en-US' })}`);
  expect(early.text).toMatch(/（计入 .+ 的班次）/);
  const out = await clockInAt(people.anna, group, '/out', new Date(end.getTime() + 5 * 60_000));
  expect(out.text).not.toMatch(refusal);
  expect(out.text).not.toContain('counts for');
  // Her month shows the shift as one workday, not as an evening on one date and a morning on the next.
  const month = await stack.say(people.anna, '/month');
  expect(month.text).toContain(`${workday}  23:55 – 08:05  ×2`);
  expect(month.text).toContain('1 day, 2 punches in total');
  // Boris, twenty minutes late, leaves on time.
  await clockInAt(people.boris, group, '/in', new Date(start.getTime() + 20 * 60_000));
  await clockInAt(people.boris, group, '/out', new Date(end.getTime() + 60_000));
  await stack.appPool.query("UPDATE members SET registered_at = now() - interval '30 days' WHERE tenant_id = $1", [tenantId]);
  const tenant = (await getTenant(stack.appPool, tenantId))!;
  await applyRules(deps(), tenant);

  await stack.runSchedule(dailyReportScheduleId(tenant.uid));
  expect(await closeViolations({ tenantId, workday })).toEqual([{ user: people.boris.id, kind: 'late', amount: 50_000, by_close: false }]);
  const closes = await stack.appPool.query('SELECT workday::text AS day FROM day_closes WHERE tenant_id = $1 ORDER BY workday', [tenantId]);
  expect(closes.rows).toEqual([{ day: workday }]);
  const report = stack.fake.sentTo(group.id).find((s) => s.text.includes('Attendance report for'));
  expect(report?.text).toContain('Due 2 · present 2 · late 1');
});

describe('When attendance was paused: the bot out of the group, or the subscription stopped', () => {
  const localTime = (c: Company, d: Date) => DateTime.fromJSDate(d).setZone(c.zone).toFormat('HH:mm');
  const localDateTime = (c: Company, d: Date) => DateTime.fromJSDate(d).setZone(c.zone).toFormat('yyyy-LL-dd HH:mm');
  const pauses = async (c: Company) =>
    (await stack.appPool.query('SELECT reason, started_at, ended_at, started_by, ended_by FROM service_pauses WHERE tenant_id = $1 ORDER BY id', [c.tenantId])).rows;
  const punchesOf = async (c: Company, user: FakeUser) =>
    (await stack.appPool.query('SELECT count(*)::int AS n FROM punches p JOIN members m ON m.id = p.member_id WHERE p.tenant_id = $1 AND m.telegram_user_id = $2', [c.tenantId, user.id])).rows[0].n;
  const codesOn = async (c: Company) => {
    const report = await loadMonthReport(stack.appPool, c.tenantId, c.workday.slice(0, 7));
    return Object.fromEntries(report.members.map((m) => [m.username, m.days.find((d) => d.day === c.workday)!.codes.join(' ')]));
  };

  test('The bot removed from the group during the shift and added back: the remover is told, the return is announced, and the close judges nothing the day\'s end shows', async () => {
    const c = await company('Etc/GMT-5', -1009090011, 9090500, 'away');
    const { start } = shiftWindow(c.rules, c.workday);
    const removedAt = new Date(start.getTime() + 60 * 60_000);
    const backAt = new Date(start.getTime() + 2 * 60 * 60_000);

    stack.fake.removeBot(c.group, c.boss, { date: seconds(removedAt) });
    const told = await stack.fake.waitForSent((s) => s.chatId === c.boss.id && s.text.includes('I was removed from'), 20_000, 'the note to the remover');
    expect(told.text).toContain(`I was removed from “Company away”, so attendance there is paused from ${localDateTime(c, removedAt)}`);
    expect(told.text).toContain('我已被移出“Company away”');
    // Nobody can clock in while the bot is away: Telegram never hands it the message.
    stack.fake.userSends(c.chen, '/in', c.group);

    stack.fake.addBot(c.group, c.boss, { date: seconds(backAt) });
    const back = await stack.fake.waitForSent((s) => s.chatId === c.group.id && s.text.includes('I am back'), 20_000, 'the return');
    expect(back.text).toContain(`While I was away (${localDateTime(c, removedAt)} – ${localDateTime(c, backAt)})`);
    expect(back.text).toContain('我回来了');
    expect(JSON.stringify(back.replyMarkup)).toContain('callback_data');
    expect(await pauses(c)).toEqual([
      { reason: 'bot-removed', started_at: removedAt, ended_at: backAt, started_by: `telegram:${c.boss.id}`, ended_by: `telegram:${c.boss.id}` },
    ]);
    const audit = await stack.appPool.query("SELECT action FROM audit_log WHERE tenant_id = $1 AND action LIKE 'bot.%' ORDER BY id", [c.tenantId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['bot.removed', 'bot.returned']);

    await runDaily(c);
    // Boris's lateness was judged when he clocked in and stands; no no-show for Chen, no missing clock-out for Boris.
    expect(await closeViolations(c)).toEqual([{ user: c.boris.id, kind: 'late', amount: 50_000, by_close: false }]);
    expect(await punchesOf(c, c.chen)).toBe(0);
    const report = stack.fake.sentTo(c.group.id).find((s) => s.text.includes('Attendance report for'));
    expect(report?.text).toContain(`Attendance was paused during this shift (${localTime(c, removedAt)}–${localTime(c, backAt)})`);
    expect(report?.text).toContain('本班次期间考勤曾暂停');
    expect(report?.text).toContain('Due 4 · present 2 · late 1 · absent 0 · on leave 1 · missing clock-out 0');
    expect(report?.text).not.toContain('Absent:');
    expect(report?.text).not.toContain('Everyone on time');
    expect(stack.fake.sentTo(c.chen.id).filter((s) => s.text.includes('Recorded for you'))).toEqual([]);
    const closed = await stack.appPool.query("SELECT payload FROM audit_log WHERE tenant_id = $1 AND action = 'day.closed'", [c.tenantId]);
    expect(closed.rows).toEqual([{ payload: { recorded: 0, members: 4, paused: true } }]);
    // The panel's Today just after that shift (past the absence threshold): Chen could not clock
    // in, so she has not arrived; she is not absent.
    const board = await todayBoard(stack.appPool, c.tenantId, new Date(shiftWindow(c.rules, c.workday).end.getTime() + 60_000));
    expect(board.workday).toBe(c.workday);
    expect(board.paused).toEqual([`${localTime(c, removedAt)}–${localTime(c, backAt)}`]);
    expect(board.people.find((p) => p.name === '@chen_away')).toMatchObject({ status: 'not-arrived' });
    expect(board.counts).toMatchObject({ absent: 0, notArrived: 1 });
    // The month: Chen's day is not tracked (not a no-show, not due), Boris was late, Anna present, Dana on leave.
    const codes = await codesOn(c);
    expect(codes).toEqual({ anna_away: 'P', boris_away: 'L', chen_away: 'X', dana_away: 'S' });
  });

  test('The bot banned from the group and still away at the close: the day is closed without judging, no report is tried, reminders hold; a supergroup upgrade ends the pause', async () => {
    const c = await company('Etc/GMT+5', -1009090012, 9090600, 'gone');
    await stack.setRules(c.tenantId, { ...c.rules, reminders: { ...DEFAULT_REMINDERS, beforeStartMinutes: 15 } });
    const rulesActivities = createRulesActivities({ pool: stack.appPool });
    expect(await rulesActivities.nextGroupReminder(c.tenantId, new Date().toISOString())).not.toBeNull();
    const { start } = shiftWindow(c.rules, c.workday);
    stack.fake.removeBot(c.group, c.boss, { kicked: true, date: seconds(new Date(start.getTime() + 30 * 60_000)) });
    await stack.fake.waitForSent((s) => s.chatId === c.boss.id && s.text.includes('I was removed from'), 20_000, 'the note to the remover');
    expect(await rulesActivities.nextGroupReminder(c.tenantId, new Date().toISOString())).toBeNull();
    // The operators' list of companies says so.
    expect((await companiesOverview(stack.appPool, new Date(), c.tenantId))[0]).toMatchObject({ standing: 'ok', botAway: true });

    await runDaily(c);
    expect(await closeViolations(c)).toEqual([{ user: c.boris.id, kind: 'late', amount: 50_000, by_close: false }]);
    const deliveries = await stack.appPool.query('SELECT delivery_key, status FROM report_deliveries WHERE tenant_id = $1', [c.tenantId]);
    expect(deliveries.rows).toEqual([]);
    expect(stack.fake.sentTo(c.group.id).filter((s) => s.text.includes('Attendance report for'))).toEqual([]);
    const closes = await stack.appPool.query('SELECT workday::text AS day, reported_at IS NOT NULL AS reported FROM day_closes WHERE tenant_id = $1', [c.tenantId]);
    expect(closes.rows).toEqual([{ day: c.workday, reported: true }]);

    // Telegram moved the group to a supergroup (the bot is there: it was in the group as it changed).
    stack.fake.migrateGroup(c.group.id, -1009090112, { by: c.boss });
    await eventually(async () => (await pauses(c))[0]?.ended_by === 'telegram:migration', 20_000, 'the pause ended by the upgrade');
    expect(await rulesActivities.nextGroupReminder(c.tenantId, new Date().toISOString())).toMatchObject({ chatId: -1009090112 });
    expect((await companiesOverview(stack.appPool, new Date(), c.tenantId))[0]).toMatchObject({ botAway: false });
  });

  test('A trial that lapsed during the shift and is renewed: the days between are not judged; a suspension opens a pause and its end closes it', async () => {
    const c = await company('Etc/GMT-5', -1009090013, 9090700, 'lapse');
    const { start } = shiftWindow(c.rules, c.workday);
    const lapsedAt = new Date(start.getTime() + 90 * 60_000);
    await stack.appPool.query("UPDATE tenants SET subscription_state = 'trial', trial_ends_at = $2 WHERE id = $1", [c.tenantId, lapsedAt]);
    await runDaily(c);
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM day_closes WHERE tenant_id = $1', [c.tenantId])).rows[0].n).toBe(0);

    const renewedAt = new Date();
    await inTransaction(stack.appPool, (tx) => changeSubscription(tx, c.tenantId, { extendTrialDays: 30 }, renewedAt, 'panel:1'));
    expect(await pauses(c)).toEqual([{ reason: 'subscription', started_at: lapsedAt, ended_at: renewedAt, started_by: 'panel:1', ended_by: 'panel:1' }]);
    await runDaily(c);
    expect(await closeViolations(c)).toEqual([{ user: c.boris.id, kind: 'late', amount: 50_000, by_close: false }]);
    const report = stack.fake.sentTo(c.group.id).find((s) => s.text.includes('Attendance report for'));
    expect(report?.text).toContain(`Attendance was paused during this shift (${localTime(c, lapsedAt)}–…)`);
    expect((await codesOn(c)).chen_lapse).toBe('X');

    const suspendedAt = new Date();
    await inTransaction(stack.appPool, (tx) => changeSubscription(tx, c.tenantId, { state: 'suspended' }, suspendedAt, 'panel:2'));
    // Suspending twice opens nothing more; a plan change while suspended neither.
    await inTransaction(stack.appPool, (tx) => changeSubscription(tx, c.tenantId, { state: 'suspended' }, new Date(), 'panel:2'));
    await inTransaction(stack.appPool, (tx) => changeSubscription(tx, c.tenantId, { plan: 'pro' }, new Date(), 'panel:2'));
    expect((await pauses(c)).slice(1)).toEqual([{ reason: 'subscription', started_at: suspendedAt, ended_at: null, started_by: 'panel:2', ended_by: null }]);
    const resumedAt = new Date(suspendedAt.getTime() + 1000);
    await inTransaction(stack.appPool, (tx) => changeSubscription(tx, c.tenantId, { state: 'active' }, resumedAt, 'panel:3'));
    expect((await pauses(c)).slice(1)).toEqual([{ reason: 'subscription', started_at: suspendedAt, ended_at: resumedAt, started_by: 'panel:2', ended_by: 'panel:3' }]);
  });
});
