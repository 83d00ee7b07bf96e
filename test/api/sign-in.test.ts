// Signing in to the web panel: one-time links, the Telegram Mini App's initData, the limits on
// trying, and all of it with Redis down.
import { randomBytes } from 'node:crypto';
import { createRateLimiter } from '../../cache/rate-limit';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { startStack, type Stack } from '../support/stack';
import { Browser, initDataFor, startApi, SUPER_ADMIN, type ApiHarness } from './api-harness';

let stack: Stack;
let api: ApiHarness;
let tenantId: number;
const group: FakeChat = { id: -1005560101, type: 'supergroup', title: 'Panel Co' };
const boss: FakeUser = { id: 5601, first_name: 'Boss' };
const deputy: FakeUser = { id: 5602, first_name: 'Deputy' };
const aida: FakeUser = { id: 5603, first_name: 'Aida' };
const stranger: FakeUser = { id: 5604, first_name: 'Stranger' };

const sessionCount = async () => Number((await stack.appPool.query('SELECT count(*) AS n FROM web_sessions')).rows[0].n);

beforeAll(async () => {
  stack = await startStack({ services: ['worker', 'bot'] });
  ({ tenantId } = await stack.company(group, { creator: boss, admins: [deputy], members: [aida] }));
  await stack.openBotAndJoin(aida, group);
  api = await startApi(stack);
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

describe('one-time links', () => {
  test('When an admin opens their link, then a session is set by cookie and the panel knows them and their company', async () => {
    // Arrange
    const browser = new Browser(api.baseUrl);
    const link = await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' });
    expect(link).toMatch(/\/api\/auth\/link\?token=[A-Za-z0-9_-]{43}$/);

    // Act
    const res = await browser.open(link);

    // Assert
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('att_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const session = await browser.session();
    expect(session).toMatchObject({ status: 200, role: 'admin', tenantId, telegramUserId: boss.id, company: { name: 'Panel Co' } });
    expect(session.csrfToken).toEqual(expect.any(String));
    // Only hashes are stored: neither the session id nor the link's token is in the database.
    const token = new URL(link).searchParams.get('token')!;
    const { rows } = await stack.appPool.query("SELECT encode(id_hash, 'hex') AS h FROM web_sessions UNION ALL SELECT encode(token_hash, 'hex') FROM panel_sign_in_tokens");
    expect(JSON.stringify(rows)).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    // The access log names the path, never the token or the cookie.
    const logs = api.logLines.join('');
    expect(logs).toContain('"path":"/api/auth/link"');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(browser.cookie!.split('=')[1]!);
  });

  test('When the same link is opened a second time, then it is refused and no session is created', async () => {
    const link = await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' });
    expect((await new Browser(api.baseUrl).open(link)).status).toBe(303);
    const before = await sessionCount();

    const again = await new Browser(api.baseUrl).open(link);

    expect(again.status).toBe(401);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(await sessionCount()).toBe(before);
  });

  test('When a token is forged or malformed, then it is refused', async () => {
    const before = await sessionCount();
    expect((await new Browser(api.baseUrl).get(`/api/auth/link?token=${randomBytes(32).toString('base64url')}`)).status).toBe(401);
    expect((await new Browser(api.baseUrl).get('/api/auth/link?token=short')).status).toBe(401);
    expect((await new Browser(api.baseUrl).get('/api/auth/link')).status).toBe(400);
    expect(await sessionCount()).toBe(before);
  });

  test('When a link has expired, then it is refused', async () => {
    const link = await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' });
    await stack.appPool.query("UPDATE panel_sign_in_tokens SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    const before = await sessionCount();

    expect((await new Browser(api.baseUrl).open(link)).status).toBe(401);
    expect(await sessionCount()).toBe(before);
  });

  test('When an admin signs in twice, then each sign-in has its own session id', async () => {
    const first = new Browser(api.baseUrl);
    const second = new Browser(api.baseUrl);
    await first.open(await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));
    await second.open(await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));
    expect(first.cookie).toBeDefined();
    expect(first.cookie).not.toBe(second.cookie);
  });
});

describe('the Telegram Mini App', () => {
  test('When an admin, an employee and the super admin sign in with valid initData, then each gets the session of their role', async () => {
    const admin = new Browser(api.baseUrl);
    const res = await admin.post('/api/auth/webapp', { initData: initDataFor(deputy), tenantId });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ role: 'admin', tenantId });
    expect(await admin.session()).toMatchObject({ status: 200, role: 'admin', telegramUserId: deputy.id });

    const employee = new Browser(api.baseUrl);
    expect(await (await employee.post('/api/auth/webapp', { initData: initDataFor(aida), tenantId })).json()).toEqual({ role: 'employee', tenantId });

    const operator = new Browser(api.baseUrl);
    expect(await (await operator.post('/api/auth/webapp', { initData: initDataFor(SUPER_ADMIN) })).json()).toEqual({ role: 'super', tenantId: null });
    expect(await operator.session()).toMatchObject({ role: 'super', tenantId: null, company: null });
  });

  test('When someone who is neither admin nor member signs in, then they are refused', async () => {
    const res = await new Browser(api.baseUrl).post('/api/auth/webapp', { initData: initDataFor(stranger), tenantId });
    expect(res.status).toBe(403);
  });

  test('When initData carries a wrong hash or was signed with another token, then it is refused and nothing is created', async () => {
    const before = await sessionCount();
    const tampered = initDataFor(boss).replace(/hash=[0-9a-f]{64}/, `hash=${'0'.repeat(64)}`);
    const otherBot = initDataFor(boss, { token: '987654321:ANOTHER-bot-token-for-the-test' });
    const edited = initDataFor(aida).replace(encodeURIComponent(String(aida.id)), encodeURIComponent(String(boss.id)));

    for (const initData of [tampered, otherBot, edited]) {
      expect((await new Browser(api.baseUrl).post('/api/auth/webapp', { initData, tenantId })).status).toBe(401);
    }
    expect(await sessionCount()).toBe(before);
  });

  test('When initData is more than an hour old, then it is refused', async () => {
    const stale = initDataFor(boss, { authDate: Math.floor(Date.now() / 1000) - 3601 });
    const res = await new Browser(api.baseUrl).post('/api/auth/webapp', { initData: stale, tenantId });
    expect(res.status).toBe(401);
    expect(api.logLines.join('')).not.toContain('hash=');
  });

  test('When the body is not what the endpoint takes, then the answer names the field', async () => {
    const res = await new Browser(api.baseUrl).post('/api/auth/webapp', { initData: 42 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid-input', field: 'initData' });
    const notJson = await fetch(`${api.baseUrl}/api/auth/webapp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"initData":' });
    expect(notJson.status).toBe(400);
    const huge = await fetch(`${api.baseUrl}/api/auth/webapp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ initData: 'x'.repeat(200_000) }) });
    expect(huge.status).toBe(413);
  });
});

describe('without Redis', () => {
  test('When Redis is down, then the admin re-check and the sign-in limits still hold, in this process', async () => {
    // Arrange: an API whose Redis refuses every command.
    const down = () => Promise.reject(new Error('redis down'));
    const offline = await startApi(stack, {
      adminCache: { get: down, set: down },
      rateLimiter: createRateLimiter({ redis: { multi: () => { throw new Error('redis down'); } } }),
    });
    try {
      const admin = new Browser(offline.baseUrl);
      await admin.open(await offline.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));

      // Act + Assert: the admin works; a demoted admin is refused.
      expect((await admin.get('/api/requests')).status).toBe(200);
      const demoted: FakeUser = { id: 5606, first_name: 'Demoted' };
      stack.fake.setChatMember(group.id, demoted, 'administrator');
      const browser = new Browser(offline.baseUrl);
      await browser.open(await offline.link({ telegramUserId: demoted.id, tenantId, role: 'admin' }));
      stack.fake.setChatMember(group.id, demoted, 'left');
      expect((await browser.get('/api/requests')).status).toBe(403);

      const statuses: number[] = [];
      for (let i = 0; i < 40 && !statuses.includes(429); i++) {
        statuses.push((await fetch(`${offline.baseUrl}/api/auth/link?token=${randomBytes(32).toString('base64url')}`, { redirect: 'manual' })).status);
      }
      expect(statuses).toContain(429);
    } finally {
      await offline.close();
    }
  });
});

describe('rate limits', () => {
  test('When one address keeps trying links, then it is answered 429 before long', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40 && !statuses.includes(429); i++) {
      statuses.push((await fetch(`${api.baseUrl}/api/auth/link?token=${randomBytes(32).toString('base64url')}`, { redirect: 'manual' })).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });
});
