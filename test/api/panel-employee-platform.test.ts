// The employee's Mini App (their month and the three request forms, under the bot's own rules and
// limits) and the super admin's panel (subscriptions effective at once in the bot, admins,
// sessions, the platform audit log).
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { startStack, type Stack } from '../support/stack';
import { Browser, initDataFor, startApi, SUPER_ADMIN, type ApiHarness } from './api-harness';

let stack: Stack;
let api: ApiHarness;
let tenantId: number;
const group: FakeChat = { id: -1005600101, type: 'supergroup', title: 'Mini Co' };
const boss: FakeUser = { id: 6001, first_name: 'Berik' };
const gulnara: FakeUser = { id: 6002, first_name: 'Gulnara' };
const stranger: FakeUser = { id: 6003, first_name: 'Stranger' };

beforeAll(async () => {
  stack = await startStack({ services: ['worker', 'bot'] });
  ({ tenantId } = await stack.company(group, { creator: boss, members: [gulnara] }));
  await stack.setRules(tenantId, { advances: { monthlyLimit: 1000_00, expiryHours: 72 } });
  await stack.openBotAndJoin(gulnara, group);
  await stack.say(boss, '/start');
  api = await startApi(stack);
}, 180_000);
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

async function miniApp(user: FakeUser): Promise<{ browser: Browser; status: number; body: unknown }> {
  const browser = new Browser(api.baseUrl);
  const res = await browser.post('/api/auth/webapp', { initData: initDataFor(user) });
  const body = await res.json();
  if (res.status === 200) await browser.session();
  return { browser, status: res.status, body };
}

describe('the employee in the Mini App', () => {
  test('When a member opens the Mini App from the bot (no company named), then they are signed in to their only company as an employee', async () => {
    const { status, body } = await miniApp(gulnara);
    expect(status).toBe(200);
    expect(body).toEqual({ role: 'employee', tenantId });
    expect((await miniApp(stranger)).status).toBe(403);
  });

  test('When the member asks for an advance in the form, then the same limit as the bot applies and the admins get the request', async () => {
    const { browser } = await miniApp(gulnara);
    const over = await browser.post('/api/me/requests/advance', { amount: '5000', reason: 'car' });
    expect(over.status).toBe(422);
    const refusal = (await over.json()) as { error: string; message: string };
    expect(refusal.error).toBe('over-limit');
    expect(refusal.message).toContain('1,000.00 KZT');
    expect(refusal.message.split('\n').length).toBeGreaterThanOrEqual(2);

    const ok = await browser.post('/api/me/requests/advance', { amount: '400', reason: 'books' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ kind: 'advance', message: expect.stringContaining('400.00 KZT') });
    await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('books'), 20_000, "the admin's copy");
    const month = (await (await browser.get('/api/me/month')).json()) as { requests: Array<{ kind: string; status: string }>; limits: { advanceUsed: number; advanceLimit: number } };
    expect(month.requests).toEqual([expect.objectContaining({ kind: 'advance', status: 'pending' })]);
    expect(month.limits).toMatchObject({ advanceUsed: 400_00, advanceLimit: 1000_00 });
  });

  test('When the form sends the same request twice at once (its answer lost, sent again), then one request is filed and both get its answer; a new submission files a new one', async () => {
    // Arrange
    const { browser } = await miniApp(gulnara);
    const filed = async () => (await stack.appPool.query<{ id: number }>("SELECT id FROM advances WHERE reason = 'retried' ORDER BY id")).rows.map((r) => r.id);
    const copies = () => stack.fake.sent.filter((s) => s.chatId === boss.id && s.text.includes('retried'));
    const body = { amount: '100', reason: 'retried', requestId: 'form-7c1e44b0-retry' };

    // Act: both copies of the submission race each other.
    const [a, b] = await Promise.all([browser.post('/api/me/requests/advance', body), browser.post('/api/me/requests/advance', body)]);

    // Assert
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [first, second] = (await Promise.all([a.json(), b.json()])) as [{ id: number; message: string }, { id: number; message: string }];
    expect(second).toEqual(first);
    expect(first.message).toContain('100.00 KZT');
    expect(await filed()).toEqual([first.id]);
    await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('retried'), 20_000, "the admin's copy");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(copies()).toHaveLength(1);

    const another = await browser.post('/api/me/requests/advance', { ...body, requestId: 'form-7c1e44b0-again' });
    expect(another.status).toBe(201);
    expect(await filed()).toHaveLength(2);
    const bad = await browser.post('/api/me/requests/advance', { ...body, requestId: 'x y' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'requestId' });
    expect(await filed()).toHaveLength(2);
  });

  test('When the member asks for leave and a correction in the forms, then bad dates are refused by the same checks and good ones are stored', async () => {
    const { browser } = await miniApp(gulnara);
    const backwards = await browser.post('/api/me/requests/leave', { type: 'sick', from: '2026-12-10', to: '2026-12-01' });
    expect(backwards.status).toBe(422);
    expect(await backwards.json()).toMatchObject({ error: 'order' });
    const notADate = await browser.post('/api/me/requests/leave', { type: 'sick', from: '2026-02-30', to: '2026-03-01' });
    expect(notADate.status).toBe(400);
    expect(await notADate.json()).toMatchObject({ field: 'from' });

    const today = (await stack.appPool.query("SELECT to_char(now() AT TIME ZONE 'Asia/Almaty', 'YYYY-MM-DD') AS d")).rows[0].d as string;
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // Yesterday's shift, whatever the hour now (today's may not have begun).
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const future = await browser.post('/api/me/requests/correction', { workday: tomorrow, action: 'out', time: '18:00' });
    expect(future.status).toBe(422);
    expect(await future.json()).toMatchObject({ error: 'future' });
    const correction = await browser.post('/api/me/requests/correction', { workday: yesterday, action: 'start', time: '09:01', reason: 'forgot' });
    expect(correction.status).toBe(201);
    expect((await stack.appPool.query("SELECT count(*)::int AS n FROM corrections WHERE reason = 'forgot'")).rows[0].n).toBe(1);
    const twice = await browser.post('/api/me/requests/correction', { workday: yesterday, action: 'in', time: '09:02' });
    expect(twice.status).toBe(422);
    expect(await twice.json()).toMatchObject({ error: 'duplicate' });
  });

  test('When the member withdraws a waiting request in the Mini App, then it leaves the limit, the waiting list and the admins\' inbox; nobody else can withdraw it', async () => {
    // Arrange: the 400.00 advance for books still waits.
    const { browser } = await miniApp(gulnara);
    type Mine = { pending: Array<{ kind: string; id: number; summary: string }>; requests: Array<{ kind: string; id: number; status: string }>; limits: { advanceUsed: number } };
    const mine = async () => (await (await browser.get('/api/me/month')).json()) as Mine;
    const books = Number((await stack.appPool.query("SELECT id FROM advances WHERE reason = 'books'")).rows[0].id);
    const before = await mine();
    expect(before.pending).toContainEqual(expect.objectContaining({ kind: 'advance', id: books, summary: '400.00 KZT' }));
    expect(before.pending).toContainEqual(expect.objectContaining({ kind: 'correction' }));
    const copy = await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('books'), 20_000, "the admin's copy");

    // Someone else (the boss, a member of the company once clocked in) cannot; nor can a malformed call.
    await stack.clockIn(boss, group);
    const other = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: boss.id, tenantId, role: 'employee' }));
    const refused = await other.post(`/api/me/requests/advance/${books}/withdraw`, { requestId: 'form-wd-other' });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ error: 'not-found' });
    expect((await browser.post('/api/me/requests/advance/abc/withdraw', { requestId: 'form-wd-1' })).status).toBe(400);
    expect((await browser.post(`/api/me/requests/advance/${books}/withdraw`, {})).status).toBe(400);
    expect((await stack.appPool.query('SELECT status FROM advances WHERE id = $1', [books])).rows[0].status).toBe('pending');

    // Act
    const withdrawn = await browser.post(`/api/me/requests/advance/${books}/withdraw`, { requestId: 'form-wd-1' });

    // Assert
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({ status: 'withdrawn', decidedBy: `telegram:${gulnara.id}` });
    const after = await mine();
    expect(after.pending.map((p) => `${p.kind}:${p.id}`)).not.toContain(`advance:${books}`);
    expect(after.requests).toContainEqual(expect.objectContaining({ kind: 'advance', id: books, status: 'withdrawn' }));
    expect(after.limits.advanceUsed).toBe(before.limits.advanceUsed - 400_00);
    const admin = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));
    const inbox = (await (await admin.get('/api/requests')).json()) as { requests: Array<{ kind: string; id: number }> };
    expect(inbox.requests.map((r) => `${r.kind}:${r.id}`)).not.toContain(`advance:${books}`);
    await stack.fake.waitForSent((s) => s.chatId === gulnara.id && s.text.includes('You withdrew your advance request for 400.00 KZT'), 20_000, 'the notice');
    await stack.fake.waitForSent(() => copy.edits.some((e) => e.text.includes('Withdrawn (Gulnara)')), 20_000, "the admin's copy edited");
    const again = await browser.post(`/api/me/requests/advance/${books}/withdraw`, { requestId: 'form-wd-2' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'already-decided' });
    // The boss's sessions opened here are closed: the super admin's test counts them.
    await Promise.all([other.post('/api/auth/logout'), admin.post('/api/auth/logout')]);
  });

  test('When a request is stored but its workflow has not started yet, then withdrawing or deciding it is answered "not ready, try again" and changes nothing', async () => {
    // Arrange: an advance stored as if Temporal had been away when it was filed (the sweep starts
    // such a request only once it is older than the hand-off grace, 30 s here).
    const { id } = await stack.storeAdvanceWithoutWorkflow(tenantId, gulnara, { amount: 100_00, reason: 'not-handed-yet', limit: 1000_00 });
    const { browser } = await miniApp(gulnara);
    const admin = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));

    try {
      // Act
      const withdrawn = await browser.post(`/api/me/requests/advance/${id}/withdraw`, { requestId: 'form-wd-early' });
      const decided = await admin.post(`/api/requests/advance/${id}/decision`, { approve: true, requestId: 'panel-early-1' });

      // Assert: a clear "try again shortly", and the request untouched.
      for (const res of [withdrawn, decided]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('60');
        expect(await res.json()).toEqual({ error: 'not-ready' });
      }
      const row = (await stack.appPool.query('SELECT status, decided_by, handed_at FROM advances WHERE id = $1', [id])).rows[0];
      expect(row).toEqual({ status: 'pending', decided_by: null, handed_at: null });
    } finally {
      // Out of the sweep's way: the next tests count what the admins were sent.
      await stack.appPool.query("UPDATE advances SET status = 'expired' WHERE id = $1", [id]);
      await admin.post('/api/auth/logout');
    }
  });
});

describe('the super admin', () => {
  let operator: Browser;
  beforeAll(async () => {
    operator = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: SUPER_ADMIN.id, tenantId: null, role: 'super' }));
  });

  test('When the super admin suspends a company, then a clock-in in its group is refused; resumed, it is accepted again', async () => {
    const companies = (await (await operator.get('/api/platform/companies')).json()) as { companies: Array<{ id: number; name: string; memberCount: number; plan: string }> };
    // Gulnara, and the boss since he clocked in (the withdrawal test).
    expect(companies.companies.find((c) => c.id === tenantId)).toMatchObject({ name: 'Mini Co', memberCount: 2, plan: 'standard' });

    const suspended = await operator.post(`/api/platform/companies/${tenantId}/subscription`, { state: 'suspended' });
    expect(await suspended.json()).toMatchObject({ id: tenantId, subscriptionState: 'suspended', standing: 'suspended' });
    const sent = stack.fake.userSends(gulnara, '/out', group);
    const refused = await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === sent.message_id, 20_000, 'the answer to /out');
    expect(refused.text).toContain('suspended');

    await operator.post(`/api/platform/companies/${tenantId}/subscription`, { state: 'active' });
    const accepted = await stack.clockIn(gulnara, group, '/out');
    expect(accepted.text).not.toContain('suspended');
    const audit = (await (await operator.get(`/api/platform/audit?tenant=${tenantId}&action=subscription.changed`)).json()) as { entries: Array<{ payload: { to: string }; companyName: string }> };
    expect(audit.entries.map((e) => e.payload.to)).toEqual(['active', 'suspended']);
    expect(audit.entries[0]!.companyName).toBe('Mini Co');
    // The suspension is recorded as a pause of the company's attendance, ended by the resumption.
    const pauses = await stack.appPool.query('SELECT reason, started_by, ended_by, ended_at > started_at AS ended FROM service_pauses WHERE tenant_id = $1', [tenantId]);
    expect(pauses.rows).toEqual([{ reason: 'subscription', started_by: `panel:${SUPER_ADMIN.id}`, ended_by: `panel:${SUPER_ADMIN.id}`, ended: true }]);
  });

  test('When the super admin extends a trial, then it ends that many days after now; a bad change is refused by name', async () => {
    const res = await operator.post(`/api/platform/companies/${tenantId}/subscription`, { state: 'trial', extendTrialDays: 30 });
    const company = (await res.json()) as { trialEndsAt: string; subscriptionState: string };
    expect(company.subscriptionState).toBe('trial');
    const days = (new Date(company.trialEndsAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    const bad = await operator.post(`/api/platform/companies/${tenantId}/subscription`, { state: 'paused' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'state' });
    expect((await operator.post('/api/platform/companies/999999/subscription', { state: 'active' })).status).toBe(404);
  });

  test("When the super admin lists a company's admins and ends someone's sessions, then that person's panel stops at once", async () => {
    const admins = (await (await operator.get(`/api/platform/companies/${tenantId}/admins`)).json()) as { admins: Array<{ telegramUserId: number; status: string }> };
    expect(admins.admins).toEqual([expect.objectContaining({ telegramUserId: boss.id, status: 'creator' })]);
    const bossPanel = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));
    expect((await bossPanel.get('/api/today')).status).toBe(200);
    const sessions = (await (await operator.get(`/api/platform/sessions?telegramUserId=${boss.id}`)).json()) as { sessions: Array<{ role: string; companyName: string }> };
    expect(sessions.sessions).toEqual([expect.objectContaining({ role: 'admin', companyName: 'Mini Co' })]);

    const ended = await operator.post('/api/platform/sessions/end', { telegramUserId: boss.id });
    expect(await ended.json()).toEqual({ ended: 1 });
    expect((await bossPanel.get('/api/today')).status).toBe(401);
    const supers = (await (await operator.get('/api/platform/admins')).json()) as { superAdmins: Array<{ telegramUserId: number; liveSessions: number }> };
    expect(supers.superAdmins).toEqual([{ telegramUserId: SUPER_ADMIN.id, liveSessions: 1 }]);
  });
});
