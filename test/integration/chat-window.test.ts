// One window per group, kept in Redis for every sender: the bot's replicas and the worker take
// turns in it, in the order they asked, never more than the limit within a window; a sender that
// will not wait long is told when the turn would be, and nothing is reserved for it.
import { randomUUID } from 'node:crypto';
import { createRedis } from '../../cache/redis';
import { createChatWindows, heldSpanMs } from '../../cache/chat-window';
import { testRunEnv } from '../support/env';

const { redisUrl } = testRunEnv();
const WINDOW = { messages: 5, windowMs: 1_000 };

test('When a bot replica and the worker post into one group at once, then their turns together never put more than the limit in a window', async () => {
  // Arrange: two processes' clients on one fleet's prefix.
  const prefix = `test:chat-window:${randomUUID()}:`;
  const [bot, worker] = [createRedis(redisUrl, prefix), createRedis(redisUrl, prefix)];
  try {
    await Promise.all([bot, worker].map((r) => (r.status === 'ready' ? null : new Promise((ready) => r.once('ready', ready)))));
    const windows = [createChatWindows(bot, WINDOW), createChatWindows(worker, WINDOW)];

    // Act: 12 turns for one group and 3 for another, asked for together.
    const turns = await Promise.all(Array.from({ length: 12 }, (_, i) => windows[i % 2]!.reserve(-100)));
    const other = await Promise.all(Array.from({ length: 3 }, () => windows[0]!.reserve(-200)));

    // Assert (by Redis's clock): any six consecutive turns span more than a held window; the
    // first five go at once, the last two a held window after; the other group waits for nobody.
    const at = turns.map((t) => t.atMs).sort((a, b) => a - b);
    const span = heldSpanMs(WINDOW);
    expect(turns.every((t) => t.reserved)).toBe(true);
    for (let i = WINDOW.messages; i < at.length; i++) expect(at[i]! - at[i - WINDOW.messages]!).toBeGreaterThanOrEqual(span - 0.001);
    expect(at[11]! - at[0]!).toBeGreaterThanOrEqual(2 * span - 0.001);
    expect(at[11]! - at[0]!).toBeLessThan(2 * span + 500);
    expect(other.every((t) => t.reserved && t.waitMs < 500)).toBe(true);
  } finally {
    bot.disconnect();
    worker.disconnect();
  }
});

test('When the next turn is further away than a sender will wait, then nothing is reserved and it is told how far', async () => {
  // Arrange: the window is full.
  const redis = createRedis(redisUrl, `test:chat-window:${randomUUID()}:`);
  try {
    await new Promise((ready) => (redis.status === 'ready' ? ready(null) : redis.once('ready', ready)));
    const windows = createChatWindows(redis, WINDOW);
    for (let i = 0; i < WINDOW.messages; i++) await windows.reserve(-300);

    // Act
    const refused = await windows.reserve(-300, 200);
    const waited = await windows.reserve(-300);

    // Assert: the refusal took no turn: the next one asked for gets the very turn it was told of.
    expect(refused.reserved).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(1_000);
    expect(waited.reserved).toBe(true);
    expect(waited.atMs).toBe(refused.atMs);
  } finally {
    redis.disconnect();
  }
});
