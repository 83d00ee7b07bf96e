// The company admin's panel API, route by route, against the real stack: Today and its live
// stream, members and their pay settings, a member's month, the rules editor, penalties and
// bonuses (the member is told in Telegram), the workbook, and the audit log.
import ExcelJS from 'exceljs';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { createReportActivities } from '../../activities/postgres-reports';
import { followRulesZone } from '../../db/repositories/rules';
import { eventually, startStack, type Stack } from '../support/stack';
import { Browser, startApi, type ApiHarness } from './api-harness';

let stack: Stack;
let api: ApiHarness;
let admin: Browser;
let tenantId: number;
const group: FakeChat = { id: -1005590101, type: 'supergroup', title: 'Panel Works' };
const boss: FakeUser = { id: 5901, first_name: 'Bolat' };
const dana: FakeUser = { id: 5902, first_name: 'Dana', username: 'dana_p' };
const erik: FakeUser = { id: 5903, first_name: 'Erik' };

const memberIdOf = async (user: FakeUser) =>
  (await stack.appPool.query('SELECT id FROM members WHERE telegram_user_id = $1 AND tenant_id = $2', [user.id, tenantId])).rows[0].id as number;

/** Reads server-sent events from the panel's stream until `until` says stop. */
async function readEvents(browser: Browser, until: (events: Array<{ event: string; data: unknown }>) => boolean, act: () => Promise<unknown>, timeoutMs = 20_000) {
  const controller = new AbortController();
  const res = await fetch(`${api.baseUrl}/api/events`, { headers: { cookie: browser.cookie! }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: Array<{ event: string; data: unknown }> = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let acted = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      // Act once the stream is open (the first ping arrived): nothing done before can be missed.
      if (!acted && events.length > 0) {
        acted = true;
        await act();
      }
      if (until(events)) break;
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

beforeAll(async () => {
  stack = await startStack({ services: ['worker', 'bot'] });
  ({ tenantId } = await stack.company(group, { creator: boss, members: [dana, erik] }));
  await stack.openBotAndJoin(dana, group);
  await stack.say(erik, '/start');
  await stack.say(boss, '/start');
  api = await startApi(stack);
  admin = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));
}, 180_000);
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

describe('Today', () => {
  test('When a member clocks in while Today is open, then the stream says so and Today shows them in', async () => {
    // Act: Erik clocks in while the admin's stream is open.
    const events = await readEvents(admin, (e) => e.some((x) => x.event === 'punch'), () => stack.clockIn(erik, group));
    const res = await admin.get('/api/today');

    // Assert
    expect(events.map((e) => e.event)).toContain('punch');
    expect(res.status).toBe(200);
    const today = (await res.json()) as { people: Array<{ memberId: number; status: string; firstIn: string | null }>; counts: { in: number; absent: number } };
    const erikId = await memberIdOf(erik);
    const row = today.people.find((p) => p.memberId === erikId)!;
    expect(['in', 'late', 'absent']).toContain(row.status);
    expect(row.firstIn).not.toBeNull();
    expect(today.counts.in + today.counts.absent).toBeGreaterThanOrEqual(1);
  });

  test('When an employee asks for an advance in Telegram while the stream is open, then a requests event names it', async () => {
    const events = await readEvents(admin, (e) => e.some((x) => x.event === 'requests'), () => stack.say(dana, '/advance 700 taxi'));
    const advanceId = (await stack.appPool.query("SELECT id FROM advances WHERE reason = 'taxi'")).rows[0].id as number;
    expect(events.find((e) => e.event === 'requests')?.data).toEqual({ kind: 'advance', id: advanceId, status: 'pending' });
  });

  test("When the month's charts are asked for, then every date of the month has a value, and a bad month is refused by name", async () => {
    const res = await admin.get('/api/today/charts?month=2026-02');
    const charts = (await res.json()) as { dates: string[]; lates: number[]; absences: number[]; penalties: number[] };
    expect(charts.dates).toHaveLength(28);
    expect(charts.lates).toHaveLength(28);
    expect(charts.penalties.every((n) => Number.isInteger(n))).toBe(true);
    const bad = await admin.get('/api/today/charts?month=2026-13');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid-input', field: 'month' });
  });
});

describe('Members', () => {
  test('When an admin searches, then matching members come with their role, and the group admin shows as admin', async () => {
    const res = await admin.get('/api/members?q=dan');
    const body = (await res.json()) as { members: Array<{ name: string; username: string; role: string; active: boolean }> };
    expect(body.members.map((m) => m.username)).toEqual(['dana_p']);
    expect(body.members[0]).toMatchObject({ role: 'member', active: true });
  });

  test("When an admin sets a member's salary, advance limit and HR flag, then they are stored and audited; a bad value changes nothing", async () => {
    const id = await memberIdOf(dana);
    const bad = await admin.send('PATCH', `/api/members/${id}`, { baseSalary: -5 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'baseSalary' });

    const res = await admin.send('PATCH', `/api/members/${id}`, { baseSalary: 300_000_00, advanceLimit: 50_000_00, hr: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, baseSalary: 300_000_00, advanceLimit: 50_000_00, hr: true });
    const row = (await stack.appPool.query('SELECT base_salary, advance_limit, hr FROM members WHERE id = $1', [id])).rows[0];
    expect(row).toEqual({ base_salary: 300_000_00, advance_limit: 50_000_00, hr: true });
    const audit = (await stack.appPool.query("SELECT actor FROM audit_log WHERE action = 'member.updated' AND target = $1", [`member:${id}`])).rows;
    expect(audit).toEqual([{ actor: `panel:${boss.id}` }]);
  });

  test("When an admin opens a member's month, then the days, the clock-ins and the requests are there", async () => {
    const id = await memberIdOf(dana);
    const res = await admin.get(`/api/members/${id}/month`);
    const view = (await res.json()) as { days: Array<{ day: string; codes: string[] }>; punches: unknown[]; requests: Array<{ kind: string; summary: string; status: string }> };
    expect(view.days.length).toBeGreaterThanOrEqual(28);
    expect(view.punches.length).toBeGreaterThanOrEqual(1);
    expect(view.requests).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'advance', status: 'pending', summary: '700.00 KZT' })]));
    expect((await admin.get('/api/members/999999/month')).status).toBe(404);
  });
});

describe('Rules', () => {
  // The company's pair (Chinese, English), one language per line.
  const ABSENCE_UNDER_GRACE = '“超过多少分钟算缺勤”须大于迟到宽限。\n“Absent after” must be more minutes than the grace for lateness.';

  test('When an admin previews edited rules, then a sample day is judged under them and nothing is saved', async () => {
    const { current } = (await (await admin.get('/api/rules')).json()) as { current: { rules: Record<string, unknown> } };
    const versionsBefore = (await stack.appPool.query('SELECT count(*)::int AS n FROM tenant_rules WHERE tenant_id = $1', [tenantId])).rows[0].n;
    const rules = { ...current.rules, shiftStart: '09:00', lateGraceMinutes: 0, workdays: [1, 2, 3, 4, 5, 6, 7], penalties: { late: { mode: 'fixed', amount: 500_00 } } };
    const res = await admin.post('/api/rules/preview', { rules, events: [{ kind: 'start', time: '09:20' }, { kind: 'end', time: '18:00' }] });
    const preview = (await res.json()) as { ok: boolean; violations: Array<{ kind: string; minutes: number; amount: number }>; total: number };
    expect(preview.ok).toBe(true);
    expect(preview.violations).toEqual([expect.objectContaining({ kind: 'late', minutes: 20, amount: 500_00 })]);
    expect(preview.total).toBe(500_00);
    const invalid = await admin.post('/api/rules/preview', { rules: { ...rules, absenceAfterMinutes: 0 }, events: [] });
    expect(await invalid.json()).toEqual({ ok: false, problems: [ABSENCE_UNDER_GRACE] });
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM tenant_rules WHERE tenant_id = $1', [tenantId])).rows[0].n).toBe(versionsBefore);
  });

  test('When an admin saves rules with a problem, then every problem is named and nothing is saved; fixed, the version is stored from its date', async () => {
    const { current, today } = (await (await admin.get('/api/rules')).json()) as { today: string; current: { rules: Record<string, unknown> } };
    const bad = await admin.send('PUT', '/api/rules', { effectiveFrom: today, rules: { ...current.rules, lateGraceMinutes: 300, absenceAfterMinutes: 240 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid-rules', problems: [ABSENCE_UNDER_GRACE] });
    // Each refusal of a field names it and says what is wrong as data, for the panel to say in the
    // company's languages, and in English for scripts.
    const versionsBefore = (await stack.appPool.query('SELECT count(*)::int AS n FROM tenant_rules WHERE tenant_id = $1', [tenantId])).rows[0].n;
    const refusal = async (effectiveFrom: unknown, changed: Record<string, unknown>) => {
      const res = await admin.send('PUT', '/api/rules', { effectiveFrom, rules: { ...current.rules, ...changed } });
      expect(res.status).toBe(400);
      return (await res.json()) as Record<string, unknown>;
    };
    expect(await refusal('2020-01-01', {})).toEqual({
      error: 'invalid-input', field: 'effectiveFrom', problem: { code: 'not-before', date: today },
      message: `must be today (${today}) or later: past days stay judged by the rules they had`,
    });
    expect(await refusal(today, { shiftStart: '9am' })).toEqual({ error: 'invalid-input', field: 'rules.shiftStart', problem: { code: 'format', format: 'time' }, message: 'must be HH:MM' });
    const breaks = current.rules.breaks as Record<string, object>;
    expect(await refusal(today, { breaks: { ...breaks, lunch: { ...breaks.lunch, minutesPerBreak: 2000 } } })).toMatchObject({
      field: 'rules.breaks.lunch.minutesPerBreak', problem: { code: 'too-big', of: 'number', limit: 1440, inclusive: true },
    });
    expect(await refusal('2026-02-30', {})).toMatchObject({ field: 'effectiveFrom', problem: { code: 'format', format: 'real-date' }, message: 'is not a real date' });
    expect(await refusal(today, { shiftEnd: undefined })).toMatchObject({ field: 'rules.shiftEnd', problem: { code: 'required' } });
    expect(await refusal(today, { lateGraceMinutes: '10' })).toMatchObject({ field: 'rules.lateGraceMinutes', problem: { code: 'wrong-type', expected: 'number' } });
    expect(await refusal(today, { overtime: true })).toMatchObject({ field: 'rules.overtime', problem: { code: 'unknown-field' } });
    const notJson = await admin.sendText('PUT', '/api/rules', '{"rules":');
    expect(await notJson.json()).toEqual({ error: 'invalid-input', field: '', problem: { code: 'format', format: 'json' }, message: 'the body is not valid JSON' });
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM tenant_rules WHERE tenant_id = $1', [tenantId])).rows[0].n).toBe(versionsBefore);

    const ok = await admin.send('PUT', '/api/rules', { effectiveFrom: today, rules: { ...current.rules, lateGraceMinutes: 7 } });
    expect(ok.status).toBe(200);
    const after = (await (await admin.get('/api/rules')).json()) as { current: { effectiveFrom: string; rules: { lateGraceMinutes: number } }; versions: Array<{ createdBy: string }> };
    expect(after.current).toMatchObject({ effectiveFrom: today, rules: { lateGraceMinutes: 7 } });
    expect(after.versions[0]!.createdBy).toBe(`panel:${boss.id}`);
  });

  test('When an admin moves the rules to another zone from today, then the company moves with them; a version from a later day moves it when that day comes', async () => {
    const zone = async () => (await stack.appPool.query('SELECT time_zone FROM tenants WHERE id = $1', [tenantId])).rows[0].time_zone as string;
    const { current, today } = (await (await admin.get('/api/rules')).json()) as { today: string; current: { rules: Record<string, unknown> } };
    const before = await zone();
    expect(current.rules.timeZone).toBe(before);

    // From today: the company's zone, and what Today shows in it, move at once; the audit says so.
    const moved = await admin.send('PUT', '/api/rules', { effectiveFrom: today, rules: { ...current.rules, timeZone: 'Asia/Shanghai' } });
    expect(moved.status).toBe(200);
    expect(await zone()).toBe('Asia/Shanghai');
    expect(((await (await admin.get('/api/today')).json()) as { timeZone: string }).timeZone).toBe('Asia/Shanghai');
    const audit = await stack.appPool.query("SELECT payload FROM audit_log WHERE tenant_id = $1 AND action = 'company.zone.changed' ORDER BY id DESC LIMIT 1", [tenantId]);
    expect(audit.rows[0]?.payload).toEqual({ from: before, to: 'Asia/Shanghai' });

    // From a later day: nothing moves yet; the day's report run on that day (or a worker start) moves it.
    const later = new Date(Date.parse(`${today}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    const planned = await admin.send('PUT', '/api/rules', { effectiveFrom: later, rules: { ...current.rules, timeZone: 'Asia/Tokyo' } });
    expect(planned.status).toBe(200);
    expect(await zone()).toBe('Asia/Shanghai');
    expect(await followRulesZone(stack.appPool, { id: tenantId, timeZone: await zone() }, new Date())).toBeNull();
    const uid = (await stack.appPool.query('SELECT uid FROM tenants WHERE id = $1', [tenantId])).rows[0].uid as string;
    const reports = createReportActivities({ pool: stack.appPool, platformPool: stack.appPool });
    const threeDaysOn = new Date(Date.now() + 3 * 86_400_000);
    const run = await reports.reportTenant(uid, threeDaysOn.toISOString());
    expect(await zone()).toBe('Asia/Tokyo');
    expect(run?.today).toBe(new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(threeDaysOn));

    // Put back as it was for the tests after this one. The company's zone first: in Tokyo it may
    // already be tomorrow, and a version from a day that is past in the company's zone is refused.
    await stack.appPool.query('DELETE FROM tenant_rules WHERE tenant_id = $1 AND effective_from = $2', [tenantId, later]);
    await stack.appPool.query('UPDATE tenants SET time_zone = $2 WHERE id = $1', [tenantId, before]);
    expect((await admin.send('PUT', '/api/rules', { effectiveFrom: today, rules: current.rules })).status).toBe(200);
    expect(await zone()).toBe(before);
  });
});

describe('Penalties and bonuses', () => {
  test('When an admin issues a bonus, then the member is told in Telegram once, even when the same request is sent twice', async () => {
    const id = await memberIdOf(dana);
    const body = { memberId: id, kind: 'bonus', amount: '1500.50', reason: 'great quarter', requestId: 'bonus-req-0001' };
    const first = await admin.post('/api/adjustments', body);
    const again = await admin.post('/api/adjustments', body);
    expect(first.status).toBe(201);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    await stack.fake.waitForSent((s) => s.chatId === dana.id && s.text.includes('great quarter'), 20_000, 'the bonus notice');
    const list = (await (await admin.get(`/api/adjustments?member=${id}&kind=bonus`)).json()) as { adjustments: Array<{ amount: number; reason: string; issuedBy: string }> };
    expect(list.adjustments).toEqual([expect.objectContaining({ amount: 1500_50, reason: 'great quarter', issuedBy: `panel:${boss.id}` })]);
    expect(stack.fake.sentTo(dana.id).filter((s) => s.text.includes('great quarter'))).toHaveLength(1);
  });

  test('When the amount is not money, then the field is named with why and nobody is told anything', async () => {
    const id = await memberIdOf(dana);
    const before = stack.fake.sentTo(dana.id).length;
    const storedBefore = (await stack.appPool.query('SELECT count(*)::int AS n FROM adjustments')).rows[0].n as number;
    const money = { currency: 'KZT', decimals: 2, maximum: 100_000_000 };
    const cases: Array<[string, string]> = [['12.345', 'too-precise'], ['150000000', 'too-large'], ['0', 'not-positive'], ['12,5.1', 'not-a-number']];
    for (const [amount, reason] of cases) {
      const res = await admin.post('/api/adjustments', { memberId: id, kind: 'penalty', amount, reason: 'x', requestId: `penalty-req-${reason}` });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid-input', field: 'amount', problem: { code: 'money', reason, ...money },
        message: 'must be a positive amount in KZT with at most 2 decimals, below 100,000,000',
      });
    }
    expect(stack.fake.sentTo(dana.id)).toHaveLength(before);
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM adjustments')).rows[0].n).toBe(storedBefore);
  });
});

describe('Reports and audit', () => {
  test("When an admin downloads the month's workbook and one person's, then both open with the month's sheets", async () => {
    const month = ((await (await admin.get('/api/today/charts')).json()) as { month: string }).month;
    for (const path of [`/api/reports/month.xlsx?month=${month}`, `/api/reports/members/${await memberIdOf(dana)}/month.xlsx?month=${month}`]) {
      const res = await admin.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="attendance-\d{4}-\d{2}.*\.xlsx"/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      expect(workbook.worksheets.length).toBeGreaterThanOrEqual(8);
    }
  });

  test('When an admin reads the audit log, then rows with a workflow link to the Temporal UI, and filters narrow it', async () => {
    const res = await admin.get('/api/audit?action=advance');
    const { entries } = (await res.json()) as { entries: Array<{ action: string; workflowId: string | null; workflowUrl: string | null }> };
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(entries.every((e) => e.action.startsWith('advance.'))).toBe(true);
    const withWorkflow = entries.find((e) => e.workflowId)!;
    expect(withWorkflow.workflowUrl).toBe(`http://127.0.0.1:8233/namespaces/${encodeURIComponent(String(stack.env.TEMPORAL_NAMESPACE))}/workflows/${encodeURIComponent(withWorkflow.workflowId!)}`);
    await eventually(async () => {
      const exported = (await (await admin.get('/api/audit?action=report.exported')).json()) as { entries: unknown[] };
      return exported.entries.length >= 2;
    }, 5_000, 'the downloads audited');
  });
});
