// A signed-in session on the web panel: CSRF, roles, an admin whom Telegram no longer calls one,
// every route closed without a session, the API as its own process and the operator's links.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { SIGN_IN_ROUTES } from '../../api/routes/auth';
import { createPool } from '../../db/pool';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { freePort } from '../support/free-port';
import { eventually, startStack, TEST_BOT_TOKEN, type Stack } from '../support/stack';
import { apiRoutes, Browser, startApi, SUPER_ADMIN, type ApiHarness } from './api-harness';

let stack: Stack;
let api: ApiHarness;
let tenantId: number;
const group: FakeChat = { id: -1005580101, type: 'supergroup', title: 'Session Co' };
const boss: FakeUser = { id: 5801, first_name: 'Boss' };
const deputy: FakeUser = { id: 5802, first_name: 'Deputy' };
const aida: FakeUser = { id: 5803, first_name: 'Aida' };

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

describe('sessions and roles', () => {
  test('When there is no session, then the session route answers 401', async () => {
    expect((await new Browser(api.baseUrl).get('/api/session')).status).toBe(401);
  });

  test('When a change is posted without the CSRF header, then it is refused; with it, logout ends the session', async () => {
    const browser = new Browser(api.baseUrl);
    await browser.open(await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' }));
    await browser.session();
    const cookie = browser.cookie;

    expect((await browser.post('/api/auth/logout', {}, { csrf: false })).status).toBe(403);
    expect((await browser.session()).status).toBe(200);

    expect((await browser.post('/api/auth/logout')).status).toBe(204);
    expect(browser.cookie).toBeUndefined();
    browser.cookie = cookie; // a copy of the cookie kept after logout opens nothing
    expect((await browser.session()).status).toBe(401);
  });

  test('When an employee opens an admin route, then it is forbidden', async () => {
    const employee = new Browser(api.baseUrl);
    await employee.open(await api.link({ telegramUserId: aida.id, tenantId, role: 'employee' }));
    expect((await employee.get('/api/requests')).status).toBe(403);
    expect((await employee.get('/api/platform/companies')).status).toBe(403);
  });

  test('When Telegram no longer calls an admin one, then their next call is refused and their session is revoked', async () => {
    // Arrange: a signed-in admin whom the group then demotes.
    const former: FakeUser = { id: 5805, first_name: 'Former' };
    stack.fake.setChatMember(group.id, former, 'administrator');
    const browser = new Browser(api.baseUrl);
    await browser.open(await api.link({ telegramUserId: former.id, tenantId, role: 'admin' }));
    stack.fake.setChatMember(group.id, former, 'member');

    // Act
    const res = await browser.get('/api/requests');

    // Assert
    expect(res.status).toBe(403);
    const { rows } = await stack.appPool.query('SELECT revoked_at FROM web_sessions WHERE telegram_user_id = $1', [former.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].revoked_at).not.toBeNull();
    expect((await browser.session()).status).toBe(401);
  });

  test('When the super admin lists the companies, then every company is there with its subscription and size', async () => {
    const operator = new Browser(api.baseUrl);
    await operator.open(await api.link({ telegramUserId: SUPER_ADMIN.id, tenantId: null, role: 'super' }));
    const res = await operator.get('/api/platform/companies');
    expect(res.status).toBe(200);
    const { companies } = (await res.json()) as { companies: Array<Record<string, unknown>> };
    expect(companies).toEqual(expect.arrayContaining([expect.objectContaining({ id: tenantId, name: 'Session Co', subscriptionState: 'trial', memberCount: expect.any(Number) })]));
  });
});

describe('every route', () => {
  /** Method and path of every route the app's router knows, found by walking its stack. */
  test('When any route other than the sign-ins is called without a session, then it answers 401', async () => {
    const routes = apiRoutes(api.app);
    expect(routes).toEqual(expect.arrayContaining(['GET /api/session', 'GET /api/requests', 'POST /api/requests/:kind/:id/decision']));
    for (const route of routes) {
      if ((SIGN_IN_ROUTES as readonly string[]).includes(route)) continue;
      const [method, path] = route.split(' ') as [string, string];
      const res = await fetch(`${api.baseUrl}${path.replace(/:(\w+)/g, 'x')}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
      expect(`${route} → ${res.status}`).toBe(`${route} → 401`);
    }
  });

  test('When an unknown API path is called, then the answer is a JSON 404', async () => {
    const res = await fetch(`${api.baseUrl}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not-found' });
  });
});

describe('failures', () => {
  test('When the database fails under a request, then the answer is a bare 500 with the request id, and the details go to the log only', async () => {
    // Arrange: an API whose platform pool is closed.
    const broken = createPool(String(stack.env.DATABASE_URL), { max: 1 });
    await broken.end();
    const failing = await startApi(stack, { platformPool: broken });
    try {
      // Act
      const res = await fetch(`${failing.baseUrl}/api/session`, { headers: { cookie: `att_session=${'a'.repeat(43)}` } });

      // Assert
      expect(res.status).toBe(500);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({ error: 'internal', requestId: res.headers.get('x-request-id') });
      expect(failing.logLines.join('')).toContain('request failed');
    } finally {
      await failing.close();
    }
  });
});

describe('the API process', () => {
  test('When the API runs as its own process, then it serves the panel and stops cleanly on SIGTERM', async () => {
    // Arrange
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...stack.env, API_PORT: String(port), PANEL_PUBLIC_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually(async () => output.includes('api ready'), 30_000, 'the API to start');

      // Act
      const link = await api.link({ telegramUserId: boss.id, tenantId, role: 'admin' });
      const browser = new Browser(`http://127.0.0.1:${port}`);
      const signedIn = await browser.open(link.replace(api.baseUrl, `http://127.0.0.1:${port}`));
      const session = await browser.session();
      child.kill('SIGTERM');

      // Assert
      expect(signedIn.status).toBe(303);
      expect(session).toMatchObject({ status: 200, role: 'admin', tenantId });
      expect(await exited).toBe(0);
      expect(output).toContain('api stopped');
      expect(output).not.toContain(TEST_BOT_TOKEN);
      expect(output).not.toContain(new URL(link).searchParams.get('token')!);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('npm run panel:link', () => {
  test('When an operator prints a super admin link, then it signs them in as the super admin; a wrong call prints the usage', async () => {
    // Run asynchronously: a blocked event loop would let the in-process API's idle connections go stale.
    const run = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/panel-link.ts', ...args], { cwd: path.resolve(__dirname, '../..'), env: stack.env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const printed = await run(['--super', String(SUPER_ADMIN.id)]);
    expect(printed.status).toBe(0);
    expect(printed.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:8080\/api\/auth\/link\?token=[A-Za-z0-9_-]{43}$/);
    const usage = await run(['--tenant', String(tenantId)]);
    expect(usage.status).toBe(64);
    expect(usage.stderr).toContain('usage: npm run panel:link');
    const operator = new Browser(api.baseUrl);
    expect((await operator.open(printed.stdout.trim().replace('http://127.0.0.1:8080', api.baseUrl))).status).toBe(303);
    expect(await operator.session()).toMatchObject({ status: 200, role: 'super', telegramUserId: SUPER_ADMIN.id });
  });
});
