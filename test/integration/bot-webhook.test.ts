// Two bot replicas in webhook mode behind a load balancer (the fake Bot API posts each update to
// the replica a routing function picks, several at once, as Telegram does): a member's clock-ins
// spread over both replicas are judged in Telegram's order with one answer each; an update
// delivered twice is answered once; the secret token is checked; a replica that is down loses
// nothing.
import path from 'node:path';
import { Pool } from 'pg';
import { claimUpdates, markHandled, storeUpdate } from '../../db/repositories/bot-updates';
import { ServiceProcess } from '../../scripts/service-process';
import type { FakeChat, FakeUpdate, FakeUser } from '../support/fake-telegram/types';
import { freePort } from '../support/free-port';
import { eventually, sleep, startStack, type Stack } from '../support/stack';

const SECRET = 'webhook-secret-for-the-test_1';
const group: FakeChat = { id: -1005900001, type: 'supergroup', title: 'Webhook Works' };
const boss: FakeUser = { id: 5901, first_name: 'Boss' };
const aida: FakeUser = { id: 5902, first_name: 'Aida' };
const bolat: FakeUser = { id: 5903, first_name: 'Bolat' };

let stack: Stack;
let owner: Pool;
const replicas: Record<'a' | 'b', { port: number; url: string; process: ServiceProcess | null }> = {
  a: { port: 0, url: '', process: null },
  b: { port: 0, url: '', process: null },
};

async function startReplica(name: 'a' | 'b'): Promise<void> {
  const r = replicas[name];
  r.process = new ServiceProcess('bot', {
    env: {
      ...stack.env,
      // Telegram is told the load balancer's address; each replica listens on its own port.
      BOT_WEBHOOK_URL: 'https://bot.example.test/telegram/webhook',
      BOT_WEBHOOK_SECRET: SECRET,
      BOT_WEBHOOK_PORT: String(r.port),
      BOT_WEBHOOK_HOST: '127.0.0.1',
      BOT_REPLICA_NAME: `replica-${name}`,
    },
    logFile: path.join(stack.logDir, `webhook-replica-${name}.log`),
  });
  await r.process.ready;
}

const punchKinds = async (user: FakeUser) =>
  (
    await stack.appPool.query(
      `SELECT p.kind, p.break_type FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 ORDER BY p.punched_at, p.id`,
      [user.id],
    )
  ).rows.map((r) => (r.break_type ? `${r.kind}:${r.break_type}` : r.kind));

beforeAll(async () => {
  stack = await startStack({ services: ['worker'] });
  owner = new Pool({ connectionString: String(stack.env.DATABASE_URL), max: 2 });
  for (const name of ['a', 'b'] as const) {
    replicas[name].port = await freePort();
    replicas[name].url = `http://127.0.0.1:${replicas[name].port}/telegram/webhook`;
  }
  await startReplica('a');
  await startReplica('b');
  // Telegram now posts to the webhook the replicas registered; the "load balancer" alternates.
  expect(stack.fake.webhook).toMatchObject({ url: 'https://bot.example.test/telegram/webhook', secretToken: SECRET });
  let next = 0;
  stack.fake.routeWebhook(() => (next++ % 2 === 0 ? replicas.a.url : replicas.b.url));
  await stack.company(group, { creator: boss, members: [aida, bolat] });
}, 120_000);

afterAll(async () => {
  stack?.fake.routeWebhook(null);
  await Promise.all([replicas.a.process?.stop(), replicas.b.process?.stop()]);
  await owner?.end();
  await stack?.close();
});

test("When a member's four clock-ins are posted at once and alternate between replicas, then they are judged in Telegram's order with one answer each", async () => {
  // Arrange: every update goes to the other replica than the one before.
  const words = ['/in', '/lunch', '/back', '/out'];

  // Act: sent together; Telegram posts them concurrently.
  const firstDelivery = stack.fake.webhookDeliveries.length;
  const sent = words.map((w) => stack.fake.userSends(aida, w, group));

  // Assert
  for (const message of sent) {
    await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === message.message_id, 20_000, 'an answer to each clock-in');
  }
  await sleep(1_000);
  for (const message of sent) expect(stack.fake.sentTo(group.id).filter((s) => s.replyTo === message.message_id)).toHaveLength(1);
  expect(await punchKinds(aida)).toEqual(['check-in', 'break-out:lunch', 'break-in', 'check-out']);
  // They did reach both replicas.
  const urls = new Set(stack.fake.webhookDeliveries.slice(firstDelivery).map((d) => d.url));
  expect(urls).toEqual(new Set([replicas.a.url, replicas.b.url]));
});

test('When Telegram delivers the same update to both replicas, then it is handled and answered once', async () => {
  // Arrange: the first delivery goes to replica A only.
  stack.fake.routeWebhook(() => replicas.a.url);
  const message = stack.fake.userSends(bolat, '/in', group);
  await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === message.message_id, 20_000, "the answer to Bolat's /in");
  const update = { update_id: stack.fake.webhookDeliveries.at(-1)!.updateId, message } as FakeUpdate;

  // Act: Telegram did not see A's answer and posts it again, this time through B.
  const status = await stack.fake.redeliver(update, replicas.b.url);

  // Assert
  expect(status).toBe(200);
  await sleep(1_500);
  expect(stack.fake.sentTo(group.id).filter((s) => s.replyTo === message.message_id)).toHaveLength(1);
  expect(await punchKinds(bolat)).toEqual(['check-in']);
  expect((await owner.query('SELECT count(*)::int AS n FROM bot_updates WHERE update_id = $1', [update.update_id])).rows[0].n).toBe(1);
});

test('When a post has no secret or the wrong one, then it is refused with 401 and nothing is stored; with the secret but no update, 400', async () => {
  const before = (await owner.query('SELECT count(*)::int AS n FROM bot_updates')).rows[0].n;
  const post = (headers: Record<string, string>, body: unknown) =>
    fetch(replicas.a.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const forged = { update_id: 99_000_001, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: group, from: aida, text: '/out' } };

  expect((await post({}, forged)).status).toBe(401);
  expect((await post({ 'x-telegram-bot-api-secret-token': 'not-the-secret' }, forged)).status).toBe(401);
  expect((await post({ 'x-telegram-bot-api-secret-token': SECRET }, { hello: 'world' })).status).toBe(400);
  expect((await owner.query('SELECT count(*)::int AS n FROM bot_updates')).rows[0].n).toBe(before);
});

test('When one replica is down, then the load balancer sends its updates to the other and nothing is lost', async () => {
  // Arrange: replica A is killed; the balancer tries A first and, refused, the other one.
  await replicas.a.process!.kill();
  let attempts = 0;
  stack.fake.routeWebhook(() => (attempts++ % 2 === 0 ? replicas.a.url : replicas.b.url));

  // Act
  const message = stack.fake.userSends(bolat, '/lunch', group);

  // Assert
  await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === message.message_id, 20_000, 'the answer through replica B');
  expect(await punchKinds(bolat)).toEqual(['check-in', 'break-out:lunch']);
  await startReplica('a');
});

test('When a replica dies holding an update, then another takes it once its lease ends, and a conversation never runs two at once', async () => {
  // Arrange: two updates of one conversation and one of another, stored directly.
  const base = 98_000_000 + Math.floor(Math.random() * 1_000_000);
  const msg = (id: number, user: FakeUser) => ({ update_id: id, message: { message_id: id, date: 1, chat: group, from: user, text: 'x' } }) as never;
  // The replicas are stopped, so that only this test's two claimants take from the inbox.
  await Promise.all([replicas.a.process!.stop(), replicas.b.process!.stop()]);
  await storeUpdate(owner, msg(base, aida));
  await storeUpdate(owner, msg(base + 1, aida));
  await storeUpdate(owner, msg(base + 2, bolat));

  // Act: "dead" takes what it can with a 1-second lease and never finishes.
  const dead = await claimUpdates(owner, 'dead', 10, 1, 0);
  const meanwhile = await claimUpdates(owner, 'alive', 10, 30, 0);
  await sleep(1_200);
  const later = await claimUpdates(owner, 'alive', 10, 30, 0);

  // Assert: one head per conversation; nothing for another while leased; all of it after the lease.
  expect(dead.map((c) => c.updateId).filter((id) => id >= base)).toEqual([base, base + 2]);
  expect(meanwhile.filter((c) => c.updateId >= base)).toEqual([]);
  expect(later.map((c) => c.updateId).filter((id) => id >= base)).toEqual([base, base + 2]);
  await markHandled(owner, base);
  const next = await claimUpdates(owner, 'alive', 10, 30, 0);
  expect(next.map((c) => c.updateId).filter((id) => id >= base)).toEqual([base + 1]);
  for (const id of [base + 1, base + 2]) await markHandled(owner, id);
  await Promise.all([startReplica('a'), startReplica('b')]);
});

test('When the replicas stop, then Telegram keeps the webhook (the other replicas still serve it)', async () => {
  await eventually(async () => stack.fake.webhook !== null, 5_000, 'the webhook still set');
  expect(stack.fake.calls.filter((c) => c.method === 'deleteWebhook')).toHaveLength(0);
});
