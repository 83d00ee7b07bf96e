// Telegram's answers to sends: a 429 is waited out as asked; a user who blocked the bot is
// unsubscribed and not retried. A send whose turn on the fleet's schedule comes too late for its
// attempt goes once, later, not twice. A call whose answer never comes is given up within its
// attempt. A group Telegram upgraded to a supergroup is followed to its new id.
import { Api } from 'grammy';
import { createTelegramActivities } from '../../activities/telegram';
import { createRedis } from '../../cache/redis';
import { ensureGroupTenant, findTenantByChat } from '../../db/repositories/tenants';
import { createTenantScopedPool } from '../../db/tenant-scope';
import { sleep, startStack, type Stack } from '../support/stack';

let stack: Stack;
const aida = { id: 9301, first_name: 'Aida' };
const li = { id: 9302, first_name: 'Li' };

beforeAll(async () => {
  stack = await startStack();
  await stack.register(aida, '791028302728');
  await stack.register(li, '061211600012');
});
afterAll(async () => {
  await stack?.close();
});

test('When Telegram answers 429 with retry_after, then the message is delivered after that wait', async () => {
  stack.fake.failNext({ method: 'sendMessage', chatId: aida.id, errorCode: 429, retryAfter: 3, times: 1 });
  const row = await stack.insertPunch({ employee: '791028302728', terminal: 'Rate-limited' });
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('Rate-limited'), 30_000);

  const refused = stack.fake.calls.find((c) => c.method === 'sendMessage' && c.chatId === aida.id && c.status === 429)!;
  expect(refused).toBeDefined();
  expect(notice.at - refused.at).toBeGreaterThanOrEqual(3_000);
  expect(notice.at - refused.at).toBeLessThan(10_000);
  expect(await stack.punchOutcome(row)).toMatchObject({ sent: 1 });
});

test('When the user has blocked the bot, then they are unsubscribed, audited, and not retried', async () => {
  stack.fake.blockedChats.add(li.id);
  const row = await stack.insertPunch({ employee: '061211600012', terminal: 'Blocked' });
  expect(await stack.punchOutcome(row)).toMatchObject({ sent: 0, blocked: 1 });

  const attempts = () => stack.fake.calls.filter((c) => c.method === 'sendMessage' && c.chatId === li.id && c.status === 403);
  expect(attempts()).toHaveLength(1);
  const { rows } = await stack.appPool.query('SELECT notify, active FROM members WHERE telegram_user_id = $1', [li.id]);
  expect(rows).toEqual([{ notify: false, active: true }]);
  const audit = await stack.appPool.query("SELECT 1 FROM audit_log WHERE action = 'member.unsubscribed.blocked-bot'");
  expect(audit.rowCount).toBe(1);

  // Their next punch does not even try to reach them.
  const next = await stack.insertPunch({ employee: '061211600012', terminal: 'Blocked-again' });
  expect(await stack.punchOutcome(next)).toMatchObject({ sent: 0, blocked: 0 });
  await sleep(500);
  expect(attempts()).toHaveLength(1);
});

test('When the user unblocks the bot and turns notifications back on, then messages resume', async () => {
  stack.fake.blockedChats.delete(li.id);
  expect((await stack.say(li, '/notify on')).text).toContain('Punch notifications are on');
  await stack.insertPunch({ employee: '061211600012', terminal: 'Welcome-back' });
  await stack.fake.waitForSent((s) => s.chatId === li.id && s.text.includes('Welcome-back'));
});

test("When the fleet's send schedule is booked further ahead than a send's attempt may wait (other workers' backlog), then the send is handed back to Temporal and goes once when its turn comes, not twice", async () => {
  // Arrange: the next free slot on the fleet's schedule is 35 s away, longer than a send
  // attempt's 30 s start-to-close timeout. Waiting for it inside the attempt would time the attempt
  // out while it still waits, and both it and Temporal's retry would send.
  const redis = createRedis(String(stack.env.REDIS_URL), String(stack.env.REDIS_KEY_PREFIX));
  try {
    if (redis.status !== 'ready') await new Promise((ready) => redis.once('ready', ready));
    const [seconds, micros] = (await redis.time()) as [string | number, string | number];
    const bookedUntilUs = Number(seconds) * 1_000_000 + Number(micros) + 35_000_000;
    await redis.set('telegram:send-slots', String(bookedUntilUs), 'PX', 60_000);
  } finally {
    redis.disconnect();
  }
  const punchedAt = Date.now();

  // Act
  const row = await stack.insertPunch({ employee: '791028302728', terminal: 'Booked-ahead' });

  // Assert: sent once, at its turn; nothing more after it.
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('Booked-ahead'), 60_000);
  expect(notice.at - punchedAt).toBeGreaterThanOrEqual(34_000);
  expect(await stack.punchOutcome(row)).toMatchObject({ sent: 1 });
  await sleep(5_000);
  expect(stack.fake.sent.filter((s) => s.chatId === aida.id && s.text.includes('Booked-ahead'))).toHaveLength(1);
}, 90_000);

test("When Telegram takes a message but its answer does not come back, then the call is given up before its attempt's time is out and the retry delivers it (a second copy: Telegram's at-least-once window)", async () => {
  // Arrange: the next send to Aida is delivered, but its answer is held back for a minute.
  stack.fake.stallNext({ method: 'sendMessage', chatId: aida.id, ms: 60_000, times: 1 });

  // Act
  const row = await stack.insertPunch({ employee: '791028302728', terminal: 'Slow-answer' });

  // Assert: the worker gave the call up just before its attempt's 10 s were out, not when the answer came.
  expect(await stack.punchOutcome(row)).toMatchObject({ sent: 1 });
  const [stalled] = stack.fake.stalled.filter((c) => c.chatId === aida.id);
  expect(stalled?.abandonedAt).not.toBeNull();
  expect(stalled!.abandonedAt! - stalled!.arrivedAt).toBeGreaterThan(8_000);
  expect(stalled!.abandonedAt! - stalled!.arrivedAt).toBeLessThan(10_000);
  expect(stack.fake.sent.filter((s) => s.chatId === aida.id && s.text.includes('Slow-answer'))).toHaveLength(2);
}, 60_000);

test('When the group became a supergroup while the bot was away, then a send to its old id reaches the new one, the company moves with it, and its admins are read there', async () => {
  // Arrange: a company on the group's old id; Telegram upgraded the group and the bot never heard.
  const [oldId, newId] = [-4711, -1004711000001];
  const boss = { id: 9311, first_name: 'Boss' };
  const { tenant } = await ensureGroupTenant(stack.appPool, { chatId: oldId, title: 'Upgraded Co', timeZone: 'Asia/Almaty', trialDays: 14 });
  stack.fake.setChatMember(oldId, boss, 'creator');
  stack.fake.migrateGroup(oldId, newId, { by: boss, announce: false });
  const appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 1 });
  const telegram = createTelegramActivities({ api: new Api(stack.fake.token, { apiRoot: stack.fake.apiRoot }), pool: appRole, platformPool: stack.appPool });
  try {
    // Act
    const outcome = await telegram.sendTelegramMessage({ chatId: oldId, text: 'Daily report for Upgraded Co' });
    const admins = await telegram.groupAdminIds(oldId);

    // Assert: refused at the old id, delivered once at the new one; the company is there now.
    expect(outcome).toMatchObject({ status: 'sent' });
    expect(stack.fake.calls.filter((c) => c.method === 'sendMessage' && c.chatId === oldId).map((c) => c.status)).toEqual([400]);
    expect(stack.fake.sentTo(newId).map((m) => m.text)).toEqual(['Daily report for Upgraded Co']);
    expect((await findTenantByChat(stack.appPool, newId))?.id).toBe(tenant.id);
    expect(await findTenantByChat(stack.appPool, oldId)).toBeUndefined();
    expect(admins).toEqual([boss.id]);
  } finally {
    await appRole.end();
  }
});
