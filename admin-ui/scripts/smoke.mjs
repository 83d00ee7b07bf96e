// Developer aid: opens the built panel in Chromium with the API answered from fixtures, visits
// every page for each role and fails on console errors or missing test hooks.
// Usage: npm run build && node scripts/smoke.mjs   (BASE_URL=… to use a running server;
// CHROMIUM=… for another browser binary).
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
let base = process.env.BASE_URL;
let server = null;

if (!base) {
  base = 'http://127.0.0.1:4173';
  server = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'preview', '--port', '4173', '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: 'ignore',
  });
  // Also when the run dies early (e.g. its output pipe closes).
  process.on('exit', () => server?.kill());
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(base)).ok) break;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
}

// ---------- fixtures ----------
const month = new Date().toISOString().slice(0, 7);
const today = new Date().toISOString().slice(0, 10);
const company = { name: 'Acme Ltd', languagePair: ['zh', 'en'], currency: 'KZT', timeZone: 'Asia/Almaty' };
const sessions = {
  admin: { role: 'admin', tenantId: 't1', telegramUserId: 100, csrfToken: 'csrf-abc', company },
  employee: { role: 'employee', tenantId: 't1', telegramUserId: 200, csrfToken: 'csrf-abc', company: { ...company, languagePair: ['ru', 'kk'] } },
  super: { role: 'super', tenantId: null, telegramUserId: 1, csrfToken: 'csrf-abc', company: null },
};
const rules = {
  timeZone: 'Asia/Almaty', workdays: [1, 2, 3, 4, 5], holidays: [`${month}-20`], shiftStart: '09:00', shiftEnd: '18:00',
  lateGraceMinutes: 5, earlyLeaveGraceMinutes: 5, absenceAfterMinutes: 240,
  breaks: { lunch: { minutesPerBreak: 60, breaksPerDay: 1 }, short: { minutesPerBreak: 15, breaksPerDay: 2 }, smoke: { minutesPerBreak: 10, breaksPerDay: 3 } },
  penalties: { late: { mode: 'per-minute', amount: 10000, freePerMonth: 2, tiers: [{ fromMinutes: 60, mode: 'fixed', amount: 500000 }] } },
  currency: 'KZT', reminders: { beforeStartMinutes: null, beforeEndMinutes: 10, stillClockedInAfterMinutes: 30 },
};
const days = Array.from({ length: 28 }, (_, i) => {
  const day = `${month}-${String(i + 1).padStart(2, '0')}`;
  return { day, codes: [['P', 'L', 'A', 'R', 'S'][i % 5]], firstIn: i % 5 < 2 ? `${day}T03:0${i % 10}:00Z` : null, lastOut: null, workedMinutes: 480, lateMinutes: 0, earlyMinutes: 0 };
});
const monthView = {
  month, currency: 'KZT', timeZone: 'Asia/Almaty',
  member: { id: 7, name: 'Aigerim', username: 'aigerim', employeeCode: 'E7', joinedOn: '2025-01-10', active: true },
  days,
  totals: { daysDue: 20, daysWorked: 15, minutesWorked: 7200, lateCount: 3, lateMinutes: 40, earlyCount: 1, earlyMinutes: 10, missingClockOuts: 0, absences: 1, noShows: 0, breakOverruns: 2, unendedBreaks: 0, leaveDays: { sick: 1, personal: 0, comp: 0 }, compEarned: 0, compSpent: 0 },
  money: { chargedPenalties: 150000, voidedPenalties: 0, repricedPenalties: 0, repricingDifference: 0, adjustmentPenalties: 0, bonuses: 50000, advances: 1000000 },
  payroll: { baseSalary: 30000000, workingDays: 20, unpaidDays: 0, paymentDays: 20, earned: 30000000, penalties: 150000, bonuses: 50000, advances: 1000000, net: 28900000 },
  punches: [{ day: `${month}-02`, at: `${month}-02T03:05:00Z`, kind: 'start', breakType: null, source: 'biotime', place: 'HQ' }],
  violations: [{ day: `${month}-02`, kind: 'late', breakType: null, minutes: 5, amount: 50000, free: false, byClose: false, voided: false }],
  adjustments: [{ at: `${month}-03T10:00:00Z`, kind: 'bonus', amount: 50000, reason: 'Good work', issuedBy: 'Boss' }],
  requests: [{ kind: 'advance', id: 11, requestedAt: `${month}-04T10:00:00Z`, status: 'pending', summary: '5 000.00 KZT', reason: 'rent' }],
};
const member = (id, name, extra = {}) => ({ id, name, username: name.toLowerCase(), telegramUserId: 1000 + id, employeeCode: `E${id}`, joinedOn: '2025-01-10', role: 'member', hr: false, baseSalary: null, advanceLimit: null, defaultAdvanceLimit: 10000000, active: true, ...extra });
let requests = [
  { kind: 'advance', id: 11, workflowId: 'wf-11', memberId: 7, memberName: 'Aigerim', requestedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 864e5).toISOString(), reason: 'rent', details: { amount: 500000, currency: 'KZT' } },
  { kind: 'leave', id: 12, workflowId: 'wf-12', memberId: 8, memberName: 'Bolat', requestedAt: new Date().toISOString(), expiresAt: null, reason: null, details: { leaveType: 'sick', from: today, to: today, days: 1 } },
  { kind: 'correction', id: 13, workflowId: 'wf-13', memberId: 8, memberName: 'Bolat', requestedAt: new Date().toISOString(), expiresAt: null, reason: 'forgot', details: { workday: today, action: 'start', punchedAt: '09:02' } },
];
const calls = [];

function answer(role, method, path, body) {
  const json = (b, status = 200) => ({ status, body: b });
  if (role === 'revoked' && path === '/api/session') return json(sessions.admin);
  if (role === 'revoked' && path !== '/api/auth/logout') return json({ error: 'no-longer-admin', message: '你已不是管理员\nYou are no longer an admin' }, 403);
  if (path === '/api/session') return role ? json(sessions[role]) : json({ error: 'unauthenticated' }, 401);
  if (path === '/api/auth/webapp') return json({ role: 'employee', tenantId: 't1' });
  if (path === '/api/auth/logout') return { status: 204, body: null };
  if (path === '/api/today') {
    return json({ workday: today, timeZone: 'Asia/Almaty', asOf: new Date().toISOString(), isWorkday: true, shiftStart: '09:00', shiftEnd: '18:00',
      counts: { due: 5, in: 2, late: 1, onBreak: 1, absent: 0, onLeave: 1, notArrived: 0, left: 0 },
      people: [
        { memberId: 7, name: 'Aigerim', status: 'in', firstIn: new Date().toISOString(), lastOut: null, lateMinutes: 0, breakType: null, breakStartedAt: null },
        { memberId: 8, name: 'Bolat', status: 'on-break', firstIn: new Date().toISOString(), lastOut: null, lateMinutes: 0, breakType: 'lunch', breakStartedAt: new Date(Date.now() - 17 * 60e3).toISOString() },
        { memberId: 9, name: 'Chen', status: 'late', firstIn: new Date().toISOString(), lastOut: null, lateMinutes: 12, breakType: null, breakStartedAt: null },
        { memberId: 10, name: 'Dana', status: 'on-leave', firstIn: null, lastOut: null, lateMinutes: null, breakType: null, breakStartedAt: null },
      ] });
  }
  if (path === '/api/today/charts') return json({ month, currency: 'KZT', dates: days.map((d) => d.day), lates: days.map((_, i) => i % 3), absences: days.map((_, i) => i % 2), penalties: days.map((_, i) => i * 10000) });
  if (path === '/api/requests') return json({ requests });
  const decision = path.match(/^\/api\/requests\/(\w+)\/(\d+)\/decision$/);
  if (decision) {
    const id = Number(decision[2]);
    requests = requests.filter((r) => r.id !== id);
    if (id === 12) return json({ error: 'already-decided' }, 409);
    return json({ status: body.approve ? 'approved' : 'rejected' });
  }
  if (path === '/api/members' && method === 'GET') return json({ currency: 'KZT', members: [member(7, 'Aigerim', { role: 'admin', hr: true, baseSalary: 30000000 }), member(8, 'Bolat', { advanceLimit: 5000000 })] });
  if (/^\/api\/members\/\d+$/.test(path) && method === 'PATCH') return json({ ...member(Number(path.split('/')[3]), 'Aigerim'), ...body });
  if (/^\/api\/members\/\d+\/month$/.test(path)) return json(monthView);
  if (path === '/api/rules' && method === 'GET') {
    return json({ today, current: { effectiveFrom: '2025-01-01', rules }, versions: [{ effectiveFrom: '2025-01-01', createdAt: '2025-01-01T00:00:00Z', createdBy: 'Boss', rules }],
      leaveTypes: ['sick', 'personal', 'comp'], breakTypes: ['lunch', 'smoke', 'other'], violationKinds: ['late', 'early-leave', 'absence', 'no-show', 'break-overrun', 'missing-clock-out', 'unended-break'] });
  }
  if (path === '/api/rules' && method === 'PUT') return json({ error: 'invalid-rules', problems: ['timeZone must be an IANA zone such as Asia/Almaty'] }, 400);
  if (path === '/api/rules/preview') return json({ ok: true, violations: [{ kind: 'late', minutes: 20, amount: 200000, breakType: null }], total: 200000 });
  if (path === '/api/adjustments' && method === 'GET') return json({ currency: 'KZT', adjustments: [{ id: 1, memberId: 7, memberName: 'Aigerim', kind: 'penalty', amount: 250000, reason: 'late', issuedBy: 'Boss', at: new Date().toISOString(), workflowId: 'wf' }] });
  if (path === '/api/adjustments' && method === 'POST') return json({ status: 'issued', workflowId: 'wf-adj' }, 201);
  if (path === '/api/audit' || path === '/api/platform/audit') {
    return json({ entries: [{ id: 1, at: new Date().toISOString(), actor: 'Boss', action: 'rules.save', target: 'rules', payload: { a: 1 }, workflowId: 'wf-1', workflowUrl: 'http://temporal.local/wf-1', tenantId: 't1', companyName: 'Acme Ltd' }], next: 'cursor-1' });
  }
  if (path === '/api/me/month') return json({ ...monthView, limits: { advanceLimit: 10000000, advanceUsed: 1000000, compBalance: 2 } });
  if (path === '/api/me/requests/advance') return json({ error: 'over-limit', message: 'Превышен лимит\nЛимиттен асты' }, 422);
  if (path.startsWith('/api/me/requests/')) return json({ kind: 'leave', id: 99, message: 'Заявка отправлена\nӨтінім жіберілді' }, 201);
  if (path === '/api/platform/companies') return json({ companies: [{ id: 't1', name: 'Acme Ltd', kind: 'group', subscriptionState: 'trial', standing: 'ok', trialEndsAt: new Date(Date.now() + 7 * 864e5).toISOString(), plan: null, memberCount: 12, lastActivityAt: new Date().toISOString() }] });
  if (/\/api\/platform\/companies\/[^/]+\/subscription$/.test(path)) return json({ id: 't1', name: 'Acme Ltd', kind: 'group', subscriptionState: body.state ?? 'trial', standing: body.state === 'suspended' ? 'suspended' : 'ok', trialEndsAt: null, plan: null, memberCount: 12, lastActivityAt: null });
  if (/\/api\/platform\/companies\/[^/]+\/admins$/.test(path)) return json({ admins: [{ telegramUserId: 100, name: 'Boss', status: 'creator' }] });
  if (path === '/api/platform/admins') return json({ superAdmins: [{ telegramUserId: 1, liveSessions: 2 }] });
  if (path === '/api/platform/sessions') return json({ sessions: [{ id: 's1', telegramUserId: 100, tenantId: 't1', companyName: 'Acme Ltd', role: 'admin', createdAt: new Date().toISOString(), lastSeenAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 864e5).toISOString() }] });
  if (path === '/api/platform/sessions/end') return json({ ended: 1 });
  return json({ error: 'not-found' }, 404);
}

// ---------- run ----------
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

async function newPage(role, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|404|409|422|400)/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/api/**', async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (url.pathname === '/api/events') {
      return route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: 'retry: 60000\n\n' });
    }
    const body = req.postData() ? JSON.parse(req.postData()) : undefined;
    calls.push({ method: req.method(), path: url.pathname, csrf: req.headers()['x-csrf-token'], body });
    const { status, body: out } = answer(page.role, req.method(), url.pathname, body);
    return route.fulfill({ status, contentType: 'application/json', body: out === null ? '' : JSON.stringify(out) });
  });
  page.role = role;
  return { page, errors, context };
}

async function visit(page, errors, path, label) {
  errors.length = 0;
  await page.goto(base + path);
  await page.waitForSelector('[data-testid=page-title]', { timeout: 8000 }).catch(() => {});
  await page.waitForTimeout(400);
  const title = await page.locator('[data-testid=page-title]').first().textContent().catch(() => null);
  check(Boolean(title), `${label}: page-title "${title ?? ''}"`);
  check(errors.length === 0, `${label}: no console errors ${errors.length ? JSON.stringify(errors) : ''}`);
  const appError = await page.locator('[data-testid=app-error]').count();
  check(appError === 0, `${label}: no app-error`);
  if (process.env.DUMP_TESTIDS) await dumpTestIds(page, label);
  // SCREENSHOTS=<dir> saves a full-page picture of every visited page.
  if (process.env.SCREENSHOTS) await page.screenshot({ path: join(process.env.SCREENSHOTS, `${label.replace(/[^\w]+/g, '-')}.png`), fullPage: true });
}

// DUMP_TESTIDS=1 lists which element each hook ended up on (to check attribute forwarding).
async function dumpTestIds(page, label) {
  const found = await page.$$eval('[data-testid]', (els) =>
    [...new Set(els.map((el) => `${el.getAttribute('data-testid')} → <${el.tagName.toLowerCase()}${el.getAttribute('type') ? ` type=${el.getAttribute('type')}` : ''} class="${(el.className?.baseVal ?? el.className ?? '').toString().split(' ')[0]}">`))],
  );
  console.log(`  [${label}]\n    ${found.join('\n    ')}`);
}

const tagOf = (page, sel) => page.locator(sel).first().evaluate((el) => el.tagName.toLowerCase()).catch(() => 'missing');

try {
  // ----- admin -----
  {
    const { page, errors, context } = await newPage('admin');
    await visit(page, errors, '/', 'today');
    check((await page.locator('[data-testid=today-count-in]').textContent()) === '2', 'today-count-in = 2');
    check((await page.locator('[data-testid=today-person]').count()) === 4, 'four today-person rows');
    { const t = await page.locator('[data-testid=today-person][data-status=on-break]').textContent(); check(/\b17 /.test(t), `on-break shows minutes: ${t}`); }
    await page.waitForSelector('[data-testid=chart-lates] canvas', { timeout: 8000 }).catch(() => {});
    check((await page.locator('[data-testid=today-charts] canvas').count()) >= 3, 'charts drawn');
    check((await page.locator('[data-testid=nav-today]').evaluate((el) => el.tagName)) === 'LI', 'nav-today on the menu item');
    check((await page.locator('[data-testid=company-name]').textContent()) === 'Acme Ltd', 'company-name');
    check((await page.locator('[data-testid=inbox-count]').textContent()).trim() === '3', 'inbox-count = 3');
    check(/今日 · Today/.test(await page.locator('[data-testid=page-title]').textContent()), 'bilingual title');

    await page.click('[data-testid=nav-inbox]');
    await page.waitForSelector('[data-testid=request-row]');
    check(errors.length === 0, 'inbox via nav: no console errors');
    check((await page.locator('[data-testid=request-row]').count()) === 3, 'three request rows');
    await page.click('[data-testid=request-row][data-id="11"] [data-testid=approve]');
    await page.waitForSelector('[data-testid=request-row][data-id="11"]', { state: 'detached' });
    const decisionCall = calls.find((c) => c.path === '/api/requests/advance/11/decision');
    check(decisionCall?.csrf === 'csrf-abc' && /^[\w-]{8,64}$/.test(decisionCall?.body?.requestId ?? ''), 'decision carries CSRF and requestId');
    await page.click('[data-testid=request-row][data-id="13"] [data-testid=reject]');
    if (process.env.DUMP_TESTIDS) await dumpTestIds(page, 'reject dialog');
    check((await tagOf(page, '[data-testid=reject-reason]')) === 'textarea', 'reject-reason is the textarea');
    await page.click('[data-testid=reject-confirm]');
    check((await page.locator('[data-testid=reject-error]').count()) === 1, 'empty reason refused');
    await page.fill('[data-testid=reject-reason]', 'not needed');
    await page.click('[data-testid=reject-confirm]');
    await page.waitForSelector('[data-testid=request-row][data-id="13"]', { state: 'detached' });
    await page.click('[data-testid=request-row][data-id="12"] [data-testid=approve]');
    await page.waitForSelector('[data-testid=inbox-empty]');
    check(true, '409 removes the row, then the empty state');

    await visit(page, errors, '/members', 'members');
    check((await tagOf(page, '[data-testid=members-search]')) === 'input', 'members-search is the input');
    check((await page.locator('[data-testid=member-row]').count()) === 2, 'two member rows');
    check((await page.locator('[data-testid=member-row][data-member-id="7"]').textContent()).includes('300 000.00 KZT'), 'money formatted');
    await page.click('[data-testid=member-row][data-member-id="8"] [data-testid=member-edit]');
    if (process.env.DUMP_TESTIDS) await dumpTestIds(page, 'members edit dialog');
    check((await tagOf(page, '[data-testid=member-base-salary]')) === 'input', 'member-base-salary is the input');
    check((await tagOf(page, '[data-testid=member-advance-limit]')) === 'input', 'member-advance-limit is the input');
    check((await page.inputValue('[data-testid=member-advance-limit]')) === '50000.00', 'advance limit in major units');
    await page.fill('[data-testid=member-base-salary]', '250000.5');
    await page.click('[data-testid=member-hr]');
    await page.click('[data-testid=member-save]');
    await page.waitForTimeout(300);
    const patchCall = calls.findLast((c) => c.method === 'PATCH');
    check(patchCall?.body?.baseSalary === 25000050 && patchCall?.body?.advanceLimit === 5000000 && patchCall?.body?.hr === true, `PATCH body ${JSON.stringify(patchCall?.body)}`);
    await page.click('[data-testid=member-row][data-member-id="8"] [data-testid=member-deactivate]');
    await page.click('[data-testid=confirm-ok]');
    await page.waitForTimeout(300);
    check(calls.findLast((c) => c.method === 'PATCH')?.body?.active === false, 'deactivate sends active:false');

    await visit(page, errors, '/members/7', 'member month');
    check((await page.locator('[data-testid=day-cell]').count()) >= 28, 'calendar cells');
    check((await page.locator(`[data-testid=day-cell][data-day="${month}-01"]`).getAttribute('data-code')) === 'P', 'day-cell data-code');
    check((await page.locator('[data-testid=member-month]').count()) === 1, 'member-month');

    await visit(page, errors, '/rules', 'rules');
    check((await tagOf(page, '[data-testid=rules-shift-start]')) === 'input', 'rules-shift-start is the input');
    await page.fill('[data-testid=rules-shift-start]', '9am');
    await page.click('[data-testid=rules-save]');
    await page.waitForSelector('[data-testid=rules-field-error]');
    check(true, 'inline field error shown');
    await page.fill('[data-testid=rules-shift-start]', '09:00');
    await page.click('[data-testid=rules-save]');
    await page.waitForSelector('[data-testid=rules-problems]');
    const put = calls.findLast((c) => c.method === 'PUT');
    check(put?.body?.effectiveFrom === today && put?.body?.rules?.penalties?.late?.tiers?.[0]?.amount === 500000, 'PUT body');
    await page.click('[data-testid=rules-preview-add]');
    await page.selectOption('[data-testid=rules-preview-kind-2]', 'break-out');
    await page.fill('[data-testid=rules-preview-time-2]', '13:00');
    await page.click('[data-testid=rules-preview-run]');
    await page.waitForSelector('[data-testid=rules-preview-result]');
    check((await page.locator('[data-testid=rules-preview-result]').textContent()).includes('2 000.00 KZT'), 'preview result');
    check((await page.locator('[data-testid=rules-versions] tbody tr').count()) === 1, 'versions table');

    await visit(page, errors, '/adjustments', 'adjustments');
    check((await page.locator('[data-testid=adjustment-row]').count()) === 1, 'adjustment rows');
    await page.selectOption('[data-testid=adjustment-member-native]', '7');
    await page.click('[data-testid=adjustment-kind-bonus]');
    await page.fill('[data-testid=adjustment-amount]', '1500.50');
    await page.fill('[data-testid=adjustment-reason]', 'great week');
    await page.click('[data-testid=adjustment-submit]');
    await page.waitForSelector('[data-testid=adjustment-done]');
    const adj = calls.findLast((c) => c.path === '/api/adjustments' && c.method === 'POST');
    check(adj?.body?.memberId === '7' && adj?.body?.kind === 'bonus' && adj?.body?.amount === '1500.50', `adjustment body ${JSON.stringify(adj?.body)}`);

    await visit(page, errors, '/reports', 'reports');
    await page.selectOption('[data-testid=report-member]', '8');
    check((await page.getAttribute('[data-testid=download-member]', 'href')) === `/api/reports/members/8/month.xlsx?month=${month}`, 'member workbook link');
    check((await page.getAttribute('[data-testid=download-month]', 'href')) === `/api/reports/month.xlsx?month=${month}`, 'month workbook link');

    await visit(page, errors, '/audit', 'audit');
    check((await page.locator('[data-testid=audit-row]').count()) === 1, 'audit rows');
    check((await page.getAttribute('[data-testid=audit-workflow-link]', 'target')) === '_blank', 'temporal link');
    await page.click('[data-testid=audit-more]');
    await page.waitForTimeout(300);
    check(calls.some((c) => c.path === '/api/audit' && c.method === 'GET'), 'audit loaded');
    check((await tagOf(page, '[data-testid=audit-filter-action]')) === 'input', 'audit-filter-action is the input');

    await page.click('[data-testid=sign-out]');
    await page.waitForURL('**/sign-in');
    check(true, 'sign-out goes to /sign-in');
    await context.close();
  }

  // ----- an admin Telegram no longer lists as one -----
  {
    const { page, context } = await newPage('revoked');
    await page.goto(`${base}/`);
    await page.waitForURL('**/sign-in', { timeout: 8000 }).catch(() => {});
    check(page.url().includes('/sign-in'), '403 no-longer-admin → /sign-in');
    const text = await page.locator('[data-testid=app-error]').first().textContent().catch(() => '');
    check(text.includes('You are no longer an admin'), `no-longer-admin message shown: ${text.trim()}`);
    await context.close();
  }

  // ----- signed out -----
  {
    const { page, errors, context } = await newPage(null);
    await visit(page, errors, '/members', 'signed out → sign-in');
    check(page.url().includes('/sign-in'), 'redirected to /sign-in');
    check((await page.locator('[data-testid=sign-in]').count()) === 1, 'sign-in hook');
    // A Mini App launch: the init data arrives in the hash.
    page.role = 'employee';
    await page.goto(`${base}/sign-in?tenant=t1#tgWebAppData=${encodeURIComponent('query_id=1&user=%7B%7D&hash=abc')}&tgWebAppVersion=7.0`);
    await page.waitForURL('**/me', { timeout: 8000 }).catch(() => {});
    const webapp = calls.findLast((c) => c.path === '/api/auth/webapp');
    check(webapp?.body?.initData === 'query_id=1&user=%7B%7D&hash=abc' && webapp?.body?.tenantId === 't1', `webapp sign-in body ${JSON.stringify(webapp?.body)}`);
    check(page.url().endsWith('/me'), 'Mini App sign-in lands on /me');
    check(errors.length === 0, `mini app: no console errors ${JSON.stringify(errors)}`);
    await context.close();
  }
  {
    // Launched at / : the redirect to /sign-in must not lose the init data in the hash.
    const { page, errors, context } = await newPage(null);
    page.on('request', (req) => {
      if (req.url().endsWith('/api/auth/webapp')) page.role = 'employee';
    });
    await page.goto(`${base}/#tgWebAppData=${encodeURIComponent('query_id=2&hash=def')}&tgWebAppPlatform=ios`);
    await page.waitForURL('**/me', { timeout: 8000 }).catch(() => {});
    check(page.url().endsWith('/me'), 'Mini App launched at / lands on /me');
    check(calls.findLast((c) => c.path === '/api/auth/webapp')?.body?.initData === 'query_id=2&hash=def', 'init data kept across the redirect');
    check(errors.length === 0, `mini app at /: no console errors ${JSON.stringify(errors)}`);
    await context.close();
  }

  // ----- employee (phone-sized) -----
  {
    const { page, errors, context } = await newPage('employee', { width: 390, height: 800 });
    await visit(page, errors, '/me', 'me');
    check(/Мой месяц · Менің айым/.test(await page.locator('[data-testid=page-title]').textContent()), 'ru/kk pair');
    check((await page.locator('[data-testid=me-request-row]').count()) === 1, 'me-request-row');
    check((await page.locator('[data-testid=me-limits]').count()) === 1, 'me-limits');
    await page.fill('[data-testid=me-advance-amount]', '5000');
    await page.click('[data-testid=me-advance-submit]');
    await page.waitForSelector('[data-testid=me-result]');
    check((await page.locator('[data-testid=me-result]').textContent()).includes('Превышен лимит'), '422 message shown');
    await page.click('[data-testid=me-tab-leave]');
    await page.selectOption('[data-testid=me-leave-type]', 'personal');
    await page.fill('[data-testid=me-leave-from]', today);
    await page.fill('[data-testid=me-leave-to]', today);
    await page.click('[data-testid=me-leave-submit]');
    await page.waitForTimeout(300);
    check((await page.locator('[data-testid=me-result]').textContent()).includes('Заявка отправлена'), 'leave result');
    await page.click('[data-testid=me-tab-correction]');
    await page.fill('[data-testid=me-correction-day]', today);
    await page.selectOption('[data-testid=me-correction-action]', 'lunch');
    await page.fill('[data-testid=me-correction-time]', '13:05');
    await page.click('[data-testid=me-correction-submit]');
    await page.waitForTimeout(300);
    const corr = calls.findLast((c) => c.path === '/api/me/requests/correction');
    check(corr?.body?.action === 'lunch' && corr?.body?.time === '13:05', 'correction body');
    check(errors.length === 0, `me interactions: no console errors ${JSON.stringify(errors)}`);
    await visit(page, errors, '/', 'employee at / → /me');
    check(page.url().endsWith('/me'), 'employee kept to /me');
    await context.close();
  }

  // ----- super -----
  {
    const { page, errors, context } = await newPage('super');
    await visit(page, errors, '/platform/companies', 'companies');
    check((await page.locator('[data-testid=company-row][data-state=trial]').count()) === 1, 'company-row');
    await page.selectOption('[data-testid=company-state-select]', 'active');
    await page.click('[data-testid=company-state-apply]');
    await page.waitForSelector('[data-testid=company-row][data-state=active]');
    await page.fill('[data-testid=company-extend-days]', '30');
    await page.click('[data-testid=company-extend]');
    await page.waitForTimeout(300);
    check(calls.findLast((c) => c.path.endsWith('/subscription'))?.body?.extendTrialDays === 30, 'extend trial body');
    await page.click('[data-testid=company-admins]');
    await page.waitForSelector('[data-testid=company-admin]');
    check(/平台 · Platform/.test(await page.locator('[data-testid=company-name]').textContent()), 'super sees the platform label');
    await visit(page, errors, '/platform/admins', 'super admins');
    check((await page.locator('[data-testid=super-admin-row]').count()) === 1, 'super-admin-row');
    await visit(page, errors, '/platform/sessions', 'sessions');
    check((await page.locator('[data-testid=session-row]').count()) === 1, 'session-row');
    await page.fill('[data-testid=sessions-user]', '100');
    await page.click('[data-testid=sessions-end]');
    await page.click('[data-testid=confirm-ok]');
    await page.waitForTimeout(300);
    check(calls.findLast((c) => c.path === '/api/platform/sessions/end')?.body?.telegramUserId === 100, 'end sessions body');
    await visit(page, errors, '/platform/audit', 'platform audit');
    check((await page.locator('[data-testid=platform-audit-row]').count()) === 1, 'platform-audit-row');
    await visit(page, errors, '/rules', 'super at /rules → platform');
    check(page.url().endsWith('/platform/companies'), 'super kept to /platform');
    await context.close();
  }
} finally {
  await browser.close();
  server?.kill();
}

console.log(failures.length ? `\n${failures.length} failed` : '\nall smoke checks passed');
process.exit(failures.length ? 1 : 0);
