// Many BioTime sites in one deployment: a super admin registers a second company's BioTime
// server through the panel's API (the connection tried first, stored sealed, never shown back or
// logged), and the listener serves both sources at once, each with its own connection and cursor:
// punches from both reach their own company's people, and an unreachable source delays nobody else.
import { randomBytes } from 'node:crypto';
import { ensureDatabase, createPool } from '../../db/pool';
import { prepareDemoBiotime } from '../../scripts/demo-biotime';
import { Browser, startApi, SUPER_ADMIN, type ApiHarness } from '../api/api-harness';
import type { FakeChat, FakeUser } from '../support/fake-telegram/types';
import { testRunEnv } from '../support/env';
import { eventually, sleep, startStack, type Stack } from '../support/stack';

const KEY = randomBytes(32).toString('hex');
const PASSWORD = 'Site2-pass-word';
const group: FakeChat = { id: -1005990001, type: 'supergroup', title: 'Second Site LLP' };
const boss: FakeUser = { id: 9901, first_name: 'Boss' };
const aida: FakeUser = { id: 9902, first_name: 'Aida' }; // the environment's BioTime, company 1
const li: FakeUser = { id: 9903, first_name: 'Li' }; // the registered BioTime, company 2
const AIDA_IIN = '791028302728';
const LI_CODE = '061211600012';

let stack: Stack;
let api: ApiHarness;
let operator: Browser;
let site2Url: string;
let site2: ReturnType<typeof createPool>;
let companyTwo: number;

const terminalsOf = (user: FakeUser, prefix: string) => stack.fake.sentTo(user.id).flatMap((s) => new RegExp(`Terminal: (${prefix}-\\d+)`).exec(s.text)?.[1] ?? []);
const localNow = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Almaty', dateStyle: 'short', timeStyle: 'medium' }).format(new Date());

async function punchAtSite2(code: string, terminal: string): Promise<void> {
  await site2.query(`INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_alias) VALUES ($1, $2, '0', $3)`, [code, localNow(), terminal]);
}

beforeAll(async () => {
  const run = testRunEnv();
  stack = await startStack({ env: { SOURCE_SECRETS_KEY: KEY } });
  await stack.register(aida, AIDA_IIN);
  ({ tenantId: companyTwo } = await stack.company(group, { creator: boss, members: [li] }));
  await stack.openBotAndJoin(li, group);

  // The second site's BioTime: its own database, reached with a password.
  const database = `att_${run.runId}_site2`;
  await ensureDatabase(`${run.postgresUrl}/${database}`);
  site2 = createPool(`${run.postgresUrl}/${database}`, { max: 2 });
  await prepareDemoBiotime(site2, 'iclock_transaction');
  const u = new URL(run.postgresUrl);
  site2Url = `postgres://${u.username || 'postgres'}:${PASSWORD}@${u.host}/${database}`;

  api = await startApi(stack, { sourceSecretsKey: KEY });
  operator = await new Browser(api.baseUrl).signIn(await api.link({ telegramUserId: SUPER_ADMIN.id, tenantId: null, role: 'super' }));
}, 180_000);

afterAll(async () => {
  await api?.close();
  await site2?.end();
  await stack?.close();
});

const registration = () => ({ tenantId: companyTwo, sourceKey: 'site-two', label: 'Second site', connectionUrl: site2Url, table: 'iclock_transaction', timeZone: 'Asia/Almaty', iinColumn: 'emp_code', startFrom: 'latest' });

test('When the super admin registers a source that cannot be reached or lacks its table, then it is refused with a reason and nothing is stored', async () => {
  const unreachable = await operator.post('/api/platform/biotime-sources', { ...registration(), connectionUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:1/nowhere` });
  expect(unreachable.status).toBe(422);
  const body = await unreachable.text();
  expect(JSON.parse(body)).toMatchObject({ error: 'source-unreachable', field: 'connectionUrl' });
  expect(body).not.toContain(PASSWORD);

  // A database without BioTime's tables.
  const noTable = await operator.post('/api/platform/biotime-sources', { ...registration(), connectionUrl: site2Url.replace(/\/[^/]+$/, '/postgres') });
  expect(noTable.status).toBe(422);
  expect(await noTable.json()).toMatchObject({ error: 'table-missing', field: 'table' });

  const badZone = await operator.post('/api/platform/biotime-sources', { ...registration(), timeZone: 'Mars/Olympus' });
  expect(badZone.status).toBe(400);
  expect(await badZone.json()).toMatchObject({ field: 'timeZone' });

  const withoutKey = await startApi(stack, { sourceSecretsKey: undefined });
  try {
    const other = await new Browser(withoutKey.baseUrl).signIn(await withoutKey.link({ telegramUserId: SUPER_ADMIN.id, tenantId: null, role: 'super' }));
    expect((await other.post('/api/platform/biotime-sources', registration())).status).toBe(503);
  } finally {
    await withoutKey.close();
  }
  expect((await stack.appPool.query("SELECT count(*)::int AS n FROM biotime_sources WHERE source_key = 'site-two'")).rows[0].n).toBe(0);
});

test('When the super admin registers the second site, then it is stored sealed, shown without its password, and the listener serves it beside the first', async () => {
  // Act
  const res = await operator.post('/api/platform/biotime-sources', registration());

  // Assert: the answer and the list name host and database, never the password.
  expect(res.status).toBe(201);
  const text = await res.text();
  expect(text).not.toContain(PASSWORD);
  expect(JSON.parse(text).source).toMatchObject({ sourceKey: 'site-two', tenantId: companyTwo, connectionHint: expect.stringContaining('/att_'), fromEnvironment: false, enabled: true });
  const list = await (await operator.get('/api/platform/biotime-sources')).text();
  expect(list).not.toContain(PASSWORD);
  expect(JSON.parse(list).sources.map((s: { sourceKey: string }) => s.sourceKey)).toEqual(['default', 'site-two']);
  const stored = (await stack.appPool.query("SELECT connection_secret FROM biotime_sources WHERE source_key = 'site-two'")).rows[0].connection_secret as Buffer;
  expect(stored.toString('latin1')).not.toContain(PASSWORD);
  expect((await duplicateOf()).status).toBe(409);

  // Li registers her IIN privately: she is at the main BioTime too, and her membership of company 2
  // is linked to the second site's own directory.
  await stack.say(li, LI_CODE);
  const linked = await stack.fake.waitForSent((m) => m.chatId === li.id && m.text.includes('are linked to you too'), 15_000, 'the link to the second site');
  expect(linked.text).toContain('Second Site LLP');
  const membership = (await stack.appPool.query('SELECT employee_code, iin FROM members WHERE tenant_id = $1 AND telegram_user_id = $2', [companyTwo, li.id])).rows[0];
  expect(membership).toEqual({ employee_code: LI_CODE, iin: LI_CODE });

  // The listener picks it up (it reads the registry every few seconds).
  await eventually(async () => stack.logs().includes('relaying this BioTime source') && /"source":"site-two"[^\n]*relaying this BioTime source/.test(stack.logs()), 30_000, 'the listener to serve site-two');

  // Both sites punch at once; each person is told about their own.
  const inserts: Promise<unknown>[] = [];
  for (let i = 1; i <= 10; i++) {
    inserts.push(stack.insertPunch({ employee: AIDA_IIN, terminal: `One-${i}` }));
    inserts.push(punchAtSite2(LI_CODE, `Two-${i}`));
  }
  await Promise.all(inserts);
  await eventually(async () => terminalsOf(aida, 'One').length >= 10 && terminalsOf(li, 'Two').length >= 10, 60_000, 'both sites delivered');
  await sleep(1_000);
  expect(new Set(terminalsOf(aida, 'One')).size).toBe(10);
  expect(terminalsOf(aida, 'One')).toHaveLength(10);
  expect(terminalsOf(li, 'Two')).toHaveLength(10);
  expect(terminalsOf(aida, 'Two')).toHaveLength(0);
  expect(terminalsOf(li, 'One')).toHaveLength(0);
  // Each site's punches are its own company's.
  const owners = (await stack.appPool.query("SELECT DISTINCT tenant_id FROM punches WHERE terminal LIKE 'Two-%'")).rows.map((r) => Number(r.tenant_id));
  expect(owners).toEqual([companyTwo]);
  // The password never reached a log line.
  expect(stack.logs()).not.toContain(PASSWORD);
});

async function duplicateOf(): Promise<Response> {
  return operator.post('/api/platform/biotime-sources', registration());
}

test('When the second site becomes unreachable, then the first site is still delivered at once, and the second catches up when it is back', async () => {
  // Arrange: the second site's database refuses new connections and drops the listener's.
  const database = new URL(site2Url).pathname.slice(1);
  await stack.appPool.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
  await stack.appPool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
  try {
    // Act
    const started = Date.now();
    await stack.insertPunch({ employee: AIDA_IIN, terminal: 'One-11' });

    // Assert: the first site does not wait for the second.
    await eventually(async () => terminalsOf(aida, 'One').includes('One-11'), 15_000, 'the first site during the outage');
    expect(Date.now() - started).toBeLessThan(5_000);
  } finally {
    await stack.appPool.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
  }
  // Back: a punch recorded now reaches Li (the site's listener reconnects with its own backoff).
  await site2.query('SELECT 1');
  await punchAtSite2(LI_CODE, 'Two-11');
  await eventually(async () => terminalsOf(li, 'Two').includes('Two-11'), 60_000, 'the second site after it is back');
  expect(terminalsOf(li, 'Two')).toHaveLength(11);
});

test('When the super admin disables the second site, then the listener stops serving it', async () => {
  const id = (await stack.appPool.query("SELECT id FROM biotime_sources WHERE source_key = 'site-two'")).rows[0].id;
  const res = await operator.post(`/api/platform/biotime-sources/${id}/enabled`, { enabled: false });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { source: unknown }).source).toMatchObject({ enabled: false });
  await eventually(async () => /"source":"site-two"[^\n]*stopped serving a BioTime source/.test(stack.logs()), 30_000, 'the listener to stop serving site-two');
  const audit = (await stack.appPool.query("SELECT action, payload::text AS payload FROM audit_log WHERE action LIKE 'biotime-source.%' ORDER BY id")).rows;
  expect(audit.map((a) => a.action)).toEqual(['biotime-source.registered', 'biotime-source.disabled']);
  for (const a of audit) expect(a.payload).not.toContain(PASSWORD);
});
