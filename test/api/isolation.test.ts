// Who may call what, walked over every route the router serves (the list comes from the router,
// so a new route fails here until it is given a role and an attempt on another company's data):
// each wrong role is refused, each change without the CSRF header is refused, and an admin of one
// company aimed at another company's ids gets 403 or 404, sees none of its data and changes none.
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { startStack, type Stack } from '../support/stack';
import { apiRoutes, Browser, startApi, SUPER_ADMIN, type ApiHarness } from './api-harness';
import { SIGN_IN_ROUTES } from '../../api/routes/auth';

let stack: Stack;
let api: ApiHarness;
const groupA: FakeChat = { id: -1005580101, type: 'supergroup', title: 'Alpha Works' };
const groupB: FakeChat = { id: -1005580202, type: 'supergroup', title: 'Zeta Holdings' };
const alphaBoss: FakeUser = { id: 5801, first_name: 'Alma' };
const alphaMember: FakeUser = { id: 5802, first_name: 'Arman' };
const zetaBoss: FakeUser = { id: 5803, first_name: 'Zarina' };
const zetaMember: FakeUser = { id: 5804, first_name: 'Zebulon', username: 'zebulon_z' };

let tenantA: number;
let tenantB: number;
/** Company B's ids the intruder aims at. */
const b = { memberId: 0, advanceId: 0 };
const browsers: Record<'admin' | 'employee' | 'super', Browser> = {} as never;

type Role = 'admin' | 'employee' | 'super' | 'any';
interface Spec {
  role: Role;
  /** The same route aimed at company B's data with company A's session of the route's role; undefined: nothing to aim (own data only). */
  cross?: () => { path: string; body?: unknown };
  /** A call of the route with the right role (a valid enough body for the CSRF and role checks to come first). */
  call?: () => { path: string; body?: unknown };
}

const SPECS: Record<string, Spec> = {
  'GET /api/session': { role: 'any' },
  'POST /api/auth/logout': { role: 'any' },
  'GET /api/today': { role: 'admin' },
  'GET /api/today/charts': { role: 'admin' },
  'GET /api/events': { role: 'admin' },
  'GET /api/requests': { role: 'admin' },
  'POST /api/requests/:kind/:id/decision': {
    role: 'admin',
    cross: () => ({ path: `/api/requests/advance/${b.advanceId}/decision`, body: { approve: true, requestId: 'intruder-decision-1' } }),
  },
  'GET /api/members': { role: 'admin' },
  'PATCH /api/members/:id': { role: 'admin', cross: () => ({ path: `/api/members/${b.memberId}`, body: { baseSalary: 1, hr: true } }) },
  'GET /api/members/:id/month': { role: 'admin', cross: () => ({ path: `/api/members/${b.memberId}/month` }) },
  'GET /api/rules': { role: 'admin' },
  'POST /api/rules/preview': { role: 'admin' },
  'PUT /api/rules': { role: 'admin' },
  'GET /api/adjustments': { role: 'admin', cross: () => ({ path: `/api/adjustments?member=${b.memberId}` }) },
  'POST /api/adjustments': {
    role: 'admin',
    cross: () => ({ path: '/api/adjustments', body: { memberId: b.memberId, kind: 'penalty', amount: '100', reason: 'intrusion', requestId: 'intruder-adjust-1' } }),
  },
  'GET /api/reports/month.xlsx': { role: 'admin' },
  'GET /api/reports/members/:id/month.xlsx': { role: 'admin', cross: () => ({ path: `/api/reports/members/${b.memberId}/month.xlsx` }) },
  'GET /api/audit': { role: 'admin', cross: () => ({ path: `/api/audit?member=${b.memberId}` }) },
  'GET /api/me/month': { role: 'employee' },
  'POST /api/me/requests/advance': { role: 'employee' },
  'POST /api/me/requests/leave': { role: 'employee' },
  'POST /api/me/requests/correction': { role: 'employee' },
  'POST /api/me/requests/:kind/:id/withdraw': {
    role: 'employee',
    cross: () => ({ path: `/api/me/requests/advance/${b.advanceId}/withdraw`, body: { requestId: 'intruder-withdraw-1' } }),
  },
  'GET /api/platform/companies': { role: 'super' },
  'POST /api/platform/companies/:id/subscription': { role: 'super' },
  'GET /api/platform/companies/:id/admins': { role: 'super' },
  'GET /api/platform/admins': { role: 'super' },
  'GET /api/platform/sessions': { role: 'super' },
  'POST /api/platform/sessions/end': { role: 'super' },
  'GET /api/platform/audit': { role: 'super' },
  'GET /api/platform/biotime-sources': { role: 'super' },
  'POST /api/platform/biotime-sources': { role: 'super' },
  'POST /api/platform/biotime-sources/:id/enabled': { role: 'super' },
};

/** Company B's rows, as one digest: any change to them changes it. */
async function digestOfB(): Promise<string> {
  const tables = ['members', 'advances', 'leave_requests', 'corrections', 'adjustments', 'tenant_rules', 'audit_log', 'violations'];
  const parts = await Promise.all(
    tables.map(async (t) => (await stack.appPool.query(`SELECT md5(coalesce(string_agg(to_jsonb(x)::text, ',' ORDER BY x.id), '')) AS d FROM ${t} x WHERE tenant_id = $1`, [tenantB])).rows[0].d as string),
  );
  const tenant = (await stack.appPool.query('SELECT md5(to_jsonb(t)::text) AS d FROM tenants t WHERE id = $1', [tenantB])).rows[0].d as string;
  return [...parts, tenant].join(':');
}

/** Sends a route's request; for the event stream, reads the status and hangs up. */
async function call(browser: Browser, method: string, path: string, body?: unknown, csrf = true): Promise<{ status: number; text: string }> {
  if (path === '/api/events') {
    const controller = new AbortController();
    const res = await fetch(`${api.baseUrl}${path}`, { headers: browser.cookie ? { cookie: browser.cookie } : {}, signal: controller.signal });
    controller.abort();
    return { status: res.status, text: '' };
  }
  const res = method === 'GET' ? await browser.get(path) : await browser.send(method, path, body ?? {}, { csrf });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, text: type.includes('json') ? await res.text() : '' };
}

const concrete = (route: string) => route.split(' ')[1]!.replace(':kind', 'advance').replace(/:id/g, '1');

beforeAll(async () => {
  stack = await startStack({ services: ['worker', 'bot'] });
  ({ tenantId: tenantA } = await stack.company(groupA, { creator: alphaBoss, members: [alphaMember] }));
  ({ tenantId: tenantB } = await stack.company(groupB, { creator: zetaBoss, members: [zetaMember] }));
  await stack.openBotAndJoin(alphaMember, groupA);
  await stack.openBotAndJoin(zetaMember, groupB);
  expect((await stack.say(zetaMember, '/advance 500 shoes')).text).toContain('went to the admins');
  b.memberId = (await stack.appPool.query('SELECT id FROM members WHERE telegram_user_id = $1 AND tenant_id = $2', [zetaMember.id, tenantB])).rows[0].id;
  b.advanceId = (await stack.appPool.query('SELECT id FROM advances WHERE tenant_id = $1', [tenantB])).rows[0].id;
  api = await startApi(stack);
  browsers.admin = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: alphaBoss.id, tenantId: tenantA, role: 'admin' }));
  browsers.employee = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: alphaMember.id, tenantId: tenantA, role: 'employee' }));
  browsers.super = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: SUPER_ADMIN.id, tenantId: null, role: 'super' }));
}, 180_000);
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

test('Every route the router serves has a role and its cross-company attempt specified here', () => {
  const served = apiRoutes(api.app).filter((r) => !(SIGN_IN_ROUTES as readonly string[]).includes(r));
  expect([...served].sort()).toEqual(Object.keys(SPECS).sort());
});

test('When a session of the wrong role calls a route, then it answers 403 and nothing of company B changes', async () => {
  const before = await digestOfB();
  for (const [route, spec] of Object.entries(SPECS)) {
    if (spec.role === 'any') continue;
    const [method] = route.split(' ') as [string];
    for (const role of ['admin', 'employee', 'super'] as const) {
      if (role === spec.role) continue;
      const res = await call(browsers[role], method, concrete(route), {});
      expect(`${role} → ${route} → ${res.status}`).toBe(`${role} → ${route} → 403`);
    }
  }
  expect(await digestOfB()).toBe(before);
});

test('When a change is sent without the CSRF header, then every route refuses it with 403', async () => {
  for (const [route, spec] of Object.entries(SPECS)) {
    const [method] = route.split(' ') as [string];
    if (method === 'GET') continue;
    const browser = browsers[spec.role === 'any' ? 'admin' : spec.role];
    const res = await call(browser, method, concrete(route), {}, false);
    expect(`${route} → ${res.status} ${res.text}`).toBe(`${route} → 403 {"error":"csrf"}`);
  }
});

test("When company A's admin aims every route at company B's ids, then each answers 403 or 404 or with A's own data only, and B is unchanged", async () => {
  const before = await digestOfB();
  const pendingBefore = (await stack.appPool.query('SELECT status FROM advances WHERE id = $1', [b.advanceId])).rows[0].status;
  for (const [route, spec] of Object.entries(SPECS)) {
    if (spec.role !== 'admin') continue;
    const [method] = route.split(' ') as [string];
    const target = spec.cross?.() ?? { path: concrete(route), body: {} };
    const res = await call(browsers.admin, method, target.path, target.body);
    if (spec.cross && target.path.match(/\/\d+(\/|$)/)) {
      expect(`${route} → ${res.status}`).toMatch(/→ 40[34]$/);
    }
    // Whatever the answer, nothing of company B is in it.
    expect(`${route}: ${res.text}`).not.toMatch(/Zebulon|zebulon_z|Zeta Holdings|shoes/);
  }
  expect(await digestOfB()).toBe(before);
  expect((await stack.appPool.query('SELECT status FROM advances WHERE id = $1', [b.advanceId])).rows[0].status).toBe(pendingBefore);
  expect(stack.fake.sentTo(zetaMember.id).filter((s) => /intrusion|penalty/i.test(s.text))).toHaveLength(0);
});

test("When company A's employee aims a route at company B's request, then it is not found and B is unchanged", async () => {
  const before = await digestOfB();
  for (const [route, spec] of Object.entries(SPECS)) {
    if (spec.role !== 'employee' || !spec.cross) continue;
    const [method] = route.split(' ') as [string];
    const target = spec.cross();
    const res = await call(browsers.employee, method, target.path, target.body);
    expect(`${route} → ${res.status} ${res.text}`).toBe(`${route} → 404 {"error":"not-found"}`);
  }
  expect(await digestOfB()).toBe(before);
  expect((await stack.appPool.query('SELECT status FROM advances WHERE id = $1', [b.advanceId])).rows[0].status).toBe('pending');
  expect(stack.fake.sentTo(zetaMember.id).filter((s) => s.text.includes('withdrew'))).toHaveLength(0);
});

test("When company A's employee reads their month, then only their own member is in it", async () => {
  const res = await browsers.employee.get('/api/me/month');
  expect(res.status).toBe(200);
  const text = await res.text();
  const view = JSON.parse(text) as { member: { name: string } };
  expect(view.member.name).toContain('Arman');
  expect(text).not.toMatch(/Zebulon|\bAlma\b/);
});
