// Redis is only a cache: with it gone, registration and punch notifications keep working.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { GENERATION_REFRESH_MS } from '../../cache/subscriber-cache';
import { freePort } from '../support/free-port';
import { eventually, startStack, type Stack } from '../support/stack';

let redis: ChildProcess;
let redisPort: number;
let stack: Stack;

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await eventually(async () => {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } finally {
      probe.disconnect();
    }
  }, 10_000, 'the test redis-server');
  return child;
}

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  stack = await startStack({ env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
});
afterAll(async () => {
  await stack?.close();
  redis?.kill('SIGKILL');
});

test('When Redis holds the subscriber list, then punches are looked up there', async () => {
  const aida = { id: 9101, first_name: 'Aida' };
  await stack.register(aida, '791028302728');
  const row = await stack.insertPunch({ employee: '791028302728', terminal: 'Cached' });
  await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('Cached'));
  const client = new Redis({ port: redisPort, host: '127.0.0.1' });
  const keys = await client.keys('*subscribers:*');
  client.disconnect();
  expect(keys.some((k) => k.endsWith(':791028302728'))).toBe(true);
  expect(await stack.punchOutcome(row)).toMatchObject({ sent: 1 });
});

test('When Redis dies, then registration and punch notifications still work from PostgreSQL', async () => {
  redis.kill('SIGKILL');
  await new Promise((r) => redis.once('exit', r));

  const li = { id: 9102, first_name: 'Li' };
  const answer = await stack.register(li, '061211600012');
  expect(answer.text).toContain('Registered');

  const row = await stack.insertPunch({ employee: '061211600012', terminal: 'No-cache' });
  const notice = await stack.fake.waitForSent((s) => s.chatId === li.id && s.text.includes('No-cache'), 30_000);
  expect(notice.text).toContain('Punch recorded');
  expect(await stack.punchOutcome(row)).toMatchObject({ sent: 1 });
});

test('When Redis comes back empty, then delivery continues and, once the worker has reconnected, the cache fills again', async () => {
  redis = await startRedis(redisPort);
  const row = await stack.insertPunch({ employee: '791028302728', terminal: 'Back-again' });
  await stack.fake.waitForSent((s) => s.chatId === 9101 && s.text.includes('Back-again'), 30_000);
  expect(await stack.punchOutcome(row)).toMatchObject({ sent: 1 });
  // The worker's client reconnects with backoff (up to 5 s); each later punch fills the entry if it can.
  const client = new Redis({ port: redisPort, host: '127.0.0.1' });
  try {
    await eventually(async () => {
      await stack.punchOutcome(await stack.insertPunch({ employee: '791028302728', terminal: 'Refill' }));
      return (await client.keys('*subscribers:*:791028302728')).length > 0;
    }, 30_000, 'the entry cached again');
  } finally {
    client.disconnect();
  }
});

test('When the bot cannot reach Redis while a member turns notifications off, then the stale entry Redis still holds is not used', async () => {
  // Arrange: the bot reaches Redis through a link the test cuts; the worker reaches it directly.
  const link = await stack.restartBehindLink('bot', 'REDIS_URL');
  const client = new Redis({ port: redisPort, host: '127.0.0.1' });
  try {
    const warm = await stack.insertPunch({ employee: '791028302728', terminal: 'Before-off' });
    expect(await stack.punchOutcome(warm)).toMatchObject({ sent: 1 });
    const [staleKey] = await client.keys('*subscribers:*:791028302728');
    expect(JSON.parse((await client.get(staleKey!))!)).toEqual([expect.objectContaining({ chatId: 9101 })]);

    // Act: notifications off while the bot cannot tell Redis; then the link comes back with the
    // old entry still in Redis, and a punch arrives.
    await link.cut();
    expect((await stack.say({ id: 9101, first_name: 'Aida' }, '/notify off')).text).toContain('Punch notifications are off');
    await link.restore();
    expect(JSON.parse((await client.get(staleKey!))!)).toEqual([expect.objectContaining({ chatId: 9101 })]);
    await new Promise((r) => setTimeout(r, GENERATION_REFRESH_MS + 500));
    const row = await stack.insertPunch({ employee: '791028302728', terminal: 'After-off' });

    // Assert: the stale entry was there to be served, and was not used.
    expect(await stack.punchOutcome(row)).toMatchObject({ sent: 0 });
    expect(stack.fake.sentTo(9101).some((s) => s.text.includes('After-off'))).toBe(false);
    expect(await client.get(staleKey!)).not.toBeNull();
  } finally {
    client.disconnect();
    await stack.restoreDirect('bot', link);
  }
});
