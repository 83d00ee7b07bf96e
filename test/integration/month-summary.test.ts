// The month-end summary through the real stack: the schedule closes what is left of the month
// just ended, every member who opened the bot gets their own breakdown (the statement of record,
// priced again after a voided violation), HR gets the workbook; a re-run sends nothing twice;
// /salary, /hr and /export; a month across a DST change closes by the wall clock.
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { DEFAULT_RULES, isWorkday, type AttendanceRules } from '../../domain/attendance-rules';
import { datesOfMonth } from '../../domain/month-summary';
import { monthlySummaryScheduleId } from '../../domain/reports';
import { TASK_QUEUES } from '../../domain/temporal';
import { getTenant } from '../../db/repositories/tenants';
import { applyRules } from '../../services/rules';
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';

const ZONE = 'Asia/Almaty';
let stack: Stack;
const group: FakeChat = { id: -1009191001, type: 'supergroup', title: 'Summary Co' };
const boss: FakeUser = { id: 9191001, first_name: 'Boss', username: 'boss_sum' };
const anna: FakeUser = { id: 9191002, first_name: 'Anna', username: 'anna_sum' }; // opened the bot, has a salary
const hana: FakeUser = { id: 9191003, first_name: 'Hana', username: 'hana_hr' }; // HR, opened the bot
const bolat: FakeUser = { id: 9191004, first_name: 'Bolat', username: 'bolat_sum' }; // never opened the bot, never came
const sly: FakeUser = { id: 9191005, first_name: 'Sly', username: 'sly_sum' }; // opened the bot, not an admin

const month = DateTime.now().setZone(ZONE).startOf('month').minus({ months: 1 }).toFormat('yyyy-LL');
const rules: AttendanceRules = {
  ...DEFAULT_RULES,
  timeZone: ZONE,
  penalties: {
    late: { mode: 'fixed', amount: 100_000, freePerMonth: 1 },
    'no-show': { mode: 'fixed', amount: 500_000 },
  },
};
const workdays = datesOfMonth(month).filter((d) => isWorkday(rules, d));
const [dayA, dayB] = [workdays[1]!, workdays[4]!];
const at = (day: string, hhmm: string) => DateTime.fromISO(`${day}T${hhmm}`, { zone: ZONE }).toJSDate();

let tenantId: number;
let tenantUid: string;
const ids: Record<string, number> = {};

const valueOf = (cell: ExcelJS.Cell): unknown => (cell.value && typeof cell.value === 'object' && 'result' in cell.value ? cell.value.result : cell.value);

function cellsOf(sheet: ExcelJS.Worksheet): unknown[] {
  const values: unknown[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => values.push(valueOf(cell))));
  return values;
}

/** The totals row's value under the header whose English half is `header`. */
function totalOf(sheet: ExcelJS.Worksheet, header: string): number {
  let column = 0;
  let total: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    row.eachCell((cell, col) => {
      const text = String(cell.value ?? '');
      if (!column && text.split(/\n| \/ /).some((part) => part.trim() === header)) column = col;
      if (/Total/.test(text)) total = row;
    });
  });
  if (!column || !total) throw new Error(`no "${header}" column or no totals row in ${sheet.name}`);
  return Number(valueOf(total.getCell(column)));
}

async function command(user: FakeUser, text: string): Promise<SentRecord> {
  const sent = stack.fake.userSends(user, text, group);
  return stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === sent.message_id);
}

async function punch(memberId: number, kind: 'check-in' | 'check-out', when: Date, key: string): Promise<number> {
  const { rows } = await stack.appPool.query(
    `INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, workflow_id)
     VALUES ($1, 'group', $2, $3, $4, $5, $6, 'test') RETURNING id`,
    [tenantId, key, `member:${memberId}`, memberId, when, kind],
  );
  return rows[0].id;
}

/** Runs the company's monthly schedule now and waits for that run. */
const runMonthly = () => stack.runSchedule(monthlySummaryScheduleId(tenantUid));

beforeAll(async () => {
  stack = await startStack();
  ({ tenantId } = await stack.company(group, { creator: boss, members: [anna, hana, bolat, sly] }));
  await stack.setRules(tenantId, rules);
  await stack.appPool.query('UPDATE tenants SET created_at = $2 WHERE id = $1', [tenantId, at(`${month}-01`, '00:00')]);
  for (const u of [boss, anna, hana, sly]) await stack.say(u, '/start');
  for (const u of [anna, hana, bolat, sly]) {
    const { rows } = await stack.appPool.query(
      `INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name, telegram_username, registered_at)
       VALUES ($1, $2, $2, $3, $4, now() - interval '90 days') RETURNING id`,
      [tenantId, u.id, u.first_name, u.username],
    );
    ids[u.username!] = rows[0].id;
  }
  // Anna and Hana worked every workday of last month, Sly too; Anna was late twice.
  for (const day of workdays) {
    for (const u of [anna, hana, sly]) {
      const late = u === anna && (day === dayA || day === dayB);
      const inId = await punch(ids[u.username!]!, 'check-in', at(day, late ? (day === dayA ? '09:20' : '09:30') : '08:55'), `${u.id}:${day}:in`);
      await punch(ids[u.username!]!, 'check-out', at(day, '18:05'), `${u.id}:${day}:out`);
      if (late) {
        // What the clock-in recorded at the time: the first late of the month free, the second charged.
        await stack.appPool.query(
          `INSERT INTO violations (tenant_id, member_id, punch_id, workday, kind, minutes, amount, currency, free, workflow_id)
           VALUES ($1, $2, $3, $4, 'late', $5, $6, 'KZT', $7, 'test')`,
          [tenantId, ids.anna_sum, inId, day, day === dayA ? 20 : 30, day === dayA ? 0 : 100_000, day === dayA],
        );
      }
    }
  }
  // Later, sick leave was approved for day A: its late is voided, which frees the month's allowance.
  const leave = await stack.appPool.query(
    `INSERT INTO leave_requests (tenant_id, member_id, leave_type, from_day, to_day, days, status, expires_at, decided_by, decided_at, workflow_id)
     VALUES ($1, $2, 'sick', $3, $3, 1, 'approved', now(), 'test', now(), 'leave:test') RETURNING id`,
    [tenantId, ids.anna_sum, dayA],
  );
  await stack.appPool.query(
    `INSERT INTO violation_voids (violation_id, tenant_id, cause, cause_id, amount)
     SELECT id, tenant_id, 'leave', $2, amount FROM violations WHERE member_id = $1 AND workday = $3`,
    [ids.anna_sum, leave.rows[0].id, dayA],
  );
  const midMonth = at(workdays[10]!, '12:00');
  await stack.appPool.query(
    `INSERT INTO adjustments (tenant_id, member_id, kind, amount, currency, reason, issued_by, source_key, workflow_id, created_at)
     VALUES ($1, $2, 'bonus', 2000000, 'KZT', 'great month', 'test', 'test:bonus', 'test', $3)`,
    [tenantId, ids.anna_sum, midMonth],
  );
  await stack.appPool.query(
    `INSERT INTO advances (tenant_id, member_id, amount, currency, status, requested_at, expires_at, decided_by, decided_at, workflow_id)
     VALUES ($1, $2, 5000000, 'KZT', 'approved', $3, $3, 'test', $3, 'advance:test')`,
    [tenantId, ids.anna_sum, midMonth],
  );
  const tenant = (await getTenant(stack.appPool, tenantId))!;
  tenantUid = tenant.uid;
  await applyRules({ pool: stack.appPool, temporal: stack.temporal, reportSchedules: 'on' }, tenant);
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

test('Admins set a base salary (the group never sees the amount) and name HR; a member may not', async () => {
  const saved = await command(boss, '/salary @anna_sum 300000');
  expect(saved.text).toContain('Base salary saved for @anna_sum');
  expect(saved.text).not.toContain('300');
  expect((await command(boss, '/salary @anna_sum lots')).text).toContain('Usage: /salary');
  expect((await command(boss, '/hr @hana_hr')).text).toContain('@hana_hr now receives the month');
  expect((await command(sly, '/hr @sly_sum')).text).toContain('admin');
  expect((await command(sly, '/salary @sly_sum 999999')).text).toContain('admin');
  const { rows } = await stack.appPool.query('SELECT telegram_username, base_salary::int AS salary, hr FROM members WHERE tenant_id = $1 ORDER BY id', [tenantId]);
  expect(rows).toEqual([
    { telegram_username: 'anna_sum', salary: 30_000_000, hr: false },
    { telegram_username: 'hana_hr', salary: null, hr: true },
    { telegram_username: 'bolat_sum', salary: null, hr: false },
    { telegram_username: 'sly_sum', salary: null, hr: false },
  ]);
});

test('When the monthly schedule is triggered, then every member who opened the bot gets their month, priced again from what stands, and HR get the workbook', async () => {
  await runMonthly();
  // The month's days were closed first: Bolat never came.
  const closes = await stack.appPool.query("SELECT count(*)::int AS n FROM day_closes WHERE tenant_id = $1 AND to_char(workday, 'YYYY-MM') = $2", [tenantId, month]);
  expect(closes.rows[0].n).toBe(datesOfMonth(month).length);
  const noShows = await stack.appPool.query("SELECT count(*)::int AS n FROM violations WHERE member_id = $1 AND kind = 'no-show'", [ids.bolat_sum]);
  expect(noShows.rows[0].n).toBe(workdays.length);

  const summary = stack.fake.sentTo(anna.id).find((s) => s.text.includes(`Your month ${month}`))!;
  expect(summary).toBeDefined();
  const n = workdays.length;
  expect(summary.text).toContain(`${month} 月度考勤汇总`);
  expect(summary.text).toContain(`Days due ${n} · days worked ${n}`);
  expect(summary.text).toContain('Late 1 time, 30 min');
  expect(summary.text).toContain('Leave: sick 1 · personal 0 · comp 0 (days)');
  // At the time 1,000 was charged; with day A's late voided, day B's is the month's free one.
  expect(summary.text).toContain('Priced again from what stands: 0.00 KZT; 1,000.00 KZT was charged at the time, so 1,000.00 KZT less.');
  expect(summary.text).toContain(`Base salary 300,000.00 KZT · paid days ${n}/${n} · earned 300,000.00 KZT · net pay 270,000.00 KZT`);
  expect(stack.fake.sentTo(bolat.id)).toEqual([]);
  expect(stack.fake.sentTo(hana.id).find((s) => s.text.includes(`Your month ${month}`))!.text).toContain('No base salary is set');

  // HR: the admin and Hana, each once; the second by Telegram's file id, not a new upload.
  const documents = stack.fake.sent.filter((s) => s.method === 'sendDocument');
  expect(documents.map((d) => d.chatId).sort()).toEqual([boss.id, hana.id].sort());
  for (const d of documents) {
    expect(d.text).toContain(`attendance workbook for ${month}`);
    expect(d.text).toContain('1 member has not opened the bot');
    expect(d.document!.fileName).toBe(`attendance-${month}.xlsx`);
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(documents[0]!.document!.bytes as unknown as ArrayBuffer);
  expect(workbook.worksheets.length).toBe(8);
  // The totals in the workbook are the database's.
  const [summarySheet, payrollSheet] = [workbook.worksheets[0]!, workbook.worksheets[7]!];
  const sum = async (sql: string) => Number((await stack.appPool.query(sql, [tenantId, month])).rows[0].n);
  const standing = `FROM violations v WHERE v.tenant_id = $1 AND to_char(v.workday, 'YYYY-MM') = $2 AND NOT EXISTS (SELECT 1 FROM violation_voids x WHERE x.violation_id = v.id)`;
  expect(totalOf(summarySheet, 'No-shows')).toBe(await sum(`SELECT count(*) AS n ${standing} AND v.kind = 'no-show'`));
  expect(totalOf(summarySheet, 'Late (times)')).toBe(await sum(`SELECT count(*) AS n ${standing} AND v.kind = 'late'`));
  expect(totalOf(payrollSheet, 'Bonuses')).toBe((await sum(`SELECT sum(amount) AS n FROM adjustments WHERE tenant_id = $1 AND kind = 'bonus' AND to_char(created_at AT TIME ZONE 'Asia/Almaty', 'YYYY-MM') = $2`)) / 100);
  expect(totalOf(payrollSheet, 'Advances')).toBe((await sum(`SELECT sum(amount) AS n FROM advances WHERE tenant_id = $1 AND status = 'approved' AND to_char(decided_at AT TIME ZONE 'Asia/Almaty', 'YYYY-MM') = $2`)) / 100);
  // Anna's net pay, as her summary said.
  expect(cellsOf(payrollSheet)).toContain(270_000);
});

test('When the summary runs again, then nothing is sent twice and nothing changes', async () => {
  const before = stack.fake.sent.length;
  const violations = await stack.appPool.query('SELECT count(*)::int AS n FROM violations WHERE tenant_id = $1', [tenantId]);
  await runMonthly();
  expect(stack.fake.sent.length).toBe(before);
  expect((await stack.appPool.query('SELECT count(*)::int AS n FROM violations WHERE tenant_id = $1', [tenantId])).rows[0].n).toBe(violations.rows[0].n);
});

test('When the worker is killed in the middle of the summaries, then after it restarts what was sent is not sent again and what was not is sent once', async () => {
  const earlier = DateTime.fromISO(`${month}-01`).minus({ months: 1 }).toFormat('yyyy-LL');
  // Telegram holds Anna's summary back for a few seconds: the worker dies while it waits.
  stack.fake.failNext({ method: 'sendMessage', chatId: anna.id, errorCode: 429, retryAfter: 6, times: 1 });
  const handle = await stack.temporal.workflow.start('monthlySummary', {
    taskQueue: TASK_QUEUES.attendance,
    workflowId: `monthly-summary:${tenantUid}:by-hand:${earlier}`,
    args: [{ tenantUid, month: earlier }],
  });
  const summaries = (user: FakeUser) => stack.fake.sentTo(user.id).filter((s) => s.text.includes(`Your month ${earlier}`));
  // Killed once those two are sent and recorded (a kill between Telegram taking a message and its
  // record is Telegram's at-least-once window: that one message may go twice).
  const recorded = async () =>
    (await stack.appPool.query("SELECT count(*)::int AS n FROM report_deliveries WHERE tenant_id = $1 AND delivery_key LIKE $2", [tenantId, `summary:${earlier}:member:%`])).rows[0].n;
  await eventually(async () => summaries(hana).length === 1 && summaries(sly).length === 1 && (await recorded()) === 2, 20_000, 'the first summaries, recorded');
  expect(summaries(anna)).toEqual([]);
  await stack.kill('worker');
  await stack.start('worker');
  await handle.result();
  for (const u of [anna, hana, sly]) expect(summaries(u)).toHaveLength(1);
  const workbooks = stack.fake.sent.filter((s) => s.method === 'sendDocument' && s.document!.fileName === `attendance-${earlier}.xlsx`);
  expect(workbooks.map((w) => w.chatId).sort()).toEqual([boss.id, hana.id].sort());
}, 120_000);

test('/export sends the company\'s or one person\'s month privately to an admin or HR; anyone else is refused', async () => {
  const refused = await command(sly, `/export ${month}`);
  expect(refused.text).toContain('Only admins and HR can see reports');
  expect(stack.fake.sentTo(sly.id).filter((s) => s.method === 'sendDocument')).toEqual([]);

  const done = await command(hana, `/export @anna_sum ${month}`);
  expect(done.text).toContain('was sent to you privately');
  const personal = stack.fake.sentTo(hana.id).filter((s) => s.method === 'sendDocument').at(-1)!;
  expect(personal.document!.fileName).toBe(`attendance-${month}-anna_sum.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(personal.document!.bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
  expect(cells.some((v) => v.includes('Anna'))).toBe(true);
  // One person's workbook holds nobody else.
  expect(cells.some((v) => v.includes('Bolat') || v.includes('Hana') || v.includes('Sly'))).toBe(false);

  expect((await command(boss, '/export 2026-13')).text).toContain('Usage: /export');
});

test('A month across a DST change closes by the company\'s wall clock', async () => {
  const berlin: FakeChat = { id: -1009191002, type: 'supergroup', title: 'Berlin GmbH' };
  const chef: FakeUser = { id: 9191101, first_name: 'Chef' };
  const { tenantId: berlinId } = await stack.company(berlin, { creator: chef });
  await stack.appPool.query("UPDATE tenants SET time_zone = 'Europe/Berlin', created_at = '2026-03-01T00:00:00+01:00' WHERE id = $1", [berlinId]);
  await stack.setRules(berlinId, { ...rules, timeZone: 'Europe/Berlin', penalties: { late: { mode: 'per-minute', amount: 100 } } });
  const { rows } = await stack.appPool.query(
    "INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name, registered_at) VALUES ($1, 9191102, 9191102, 'Lena', '2026-02-01') RETURNING id",
    [berlinId],
  );
  const lena = rows[0].id;
  const insert = (kind: string, iso: string, key: string) =>
    stack.appPool.query(
      `INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, workflow_id) VALUES ($1, 'group', $2, 'x', $3, $4, $5, 'test')`,
      [berlinId, key, lena, iso, kind],
    );
  // Friday before the change (UTC+1) and Monday after it (UTC+2): both at 09:00 on the wall clock.
  await insert('check-in', '2026-03-27T08:00:00Z', 'fri-in');
  await insert('check-out', '2026-03-27T17:00:00Z', 'fri-out');
  await insert('check-in', '2026-03-30T07:00:00Z', 'mon-in');
  await insert('check-out', '2026-03-30T16:00:00Z', 'mon-out');
  const tenant = (await getTenant(stack.appPool, berlinId))!;
  await applyRules({ pool: stack.appPool, temporal: stack.temporal, reportSchedules: 'on' }, tenant);
  await stack.temporal.workflow.execute('monthlySummary', {
    taskQueue: TASK_QUEUES.attendance,
    workflowId: `monthly-summary:${tenant.uid}:by-hand:2026-03`,
    args: [{ tenantUid: tenant.uid, month: '2026-03' }],
  });
  const found = await stack.appPool.query(
    "SELECT workday::text AS day, kind, minutes FROM violations WHERE member_id = $1 AND workday IN ('2026-03-27', '2026-03-30', '2026-03-31') ORDER BY workday",
    [lena],
  );
  // Neither 09:00 start is late; the next day (no punches) is a no-show of the full shift, 540 minutes.
  expect(found.rows).toEqual([{ day: '2026-03-31', kind: 'no-show', minutes: 540 }]);
  const closed = await stack.appPool.query('SELECT count(*)::int AS n FROM day_closes WHERE tenant_id = $1', [berlinId]);
  expect(closed.rows[0].n).toBe(31);
  // Its schedules follow the company's zone: Temporal fires them on Berlin's wall clock.
  const schedule = await stack.temporal.schedule.getHandle(monthlySummaryScheduleId(tenant.uid)).describe();
  expect(schedule.spec.timezone).toBe('Europe/Berlin');
}, 120_000);
