// Telegram sends paced for the whole fleet through Redis: two workers sending at once still send
// one message about every 1/rate seconds between them, so no second carries more than the rate,
// even at the start of a rush when the task queue's token bucket is full, and even when a send
// wakes late. Redis down: no wait at all.
import { randomUUID } from 'node:crypto';
import { createRedis } from '../../cache/redis';
import { createSendPacer } from '../../cache/send-pacer';
import { testRunEnv } from '../support/env';

const { redisUrl } = testRunEnv();

/** The most times inside any `windowMs`. */
function busiest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

test('When two workers send 60 messages at once at 30 a second, then they go out one every 34 ms between them, never more than 30 in a second', async () => {
  // Arrange: two workers' Redis clients on one fleet's prefix.
  const prefix = `test:pacer:${randomUUID()}:`;
  const [a, b] = [createRedis(redisUrl, prefix), createRedis(redisUrl, prefix)];
  try {
    const pacers = [createSendPacer({ redis: a, perSecond: 30 }), createSendPacer({ redis: b, perSecond: 30 })];
    await Promise.all([a, b].map((r) => (r.status === 'ready' ? null : new Promise((ready) => r.once('ready', ready)))));

    // Act
    const started = Date.now();
    const times = await Promise.all(Array.from({ length: 60 }, (_, i) => pacers[i % 2]!.awaitSlot().then(() => Date.now())));

    // Assert
    expect(busiest(times, 1000)).toBeLessThanOrEqual(30);
    expect(busiest(times, 500)).toBeLessThanOrEqual(15);
    // 59 intervals of 34 ms: about 2 s for the last, not at once and not much later.
    const last = Math.max(...times) - started;
    expect(last).toBeGreaterThanOrEqual(1_900);
    expect(last).toBeLessThan(3_000);
  } finally {
    a.disconnect();
    b.disconnect();
  }
});

test('When sends wake late (the process was busy), then they take new slots instead of bunching, and no second carries more than the rate', async () => {
  // Arrange
  const redis = createRedis(redisUrl, `test:pacer:${randomUUID()}:`);
  try {
    const pacer = createSendPacer({ redis, perSecond: 30 });
    await new Promise((ready) => (redis.status === 'ready' ? ready(null) : redis.once('ready', ready)));

    // Act: 90 sends; 700 ms in, the process is busy for 120 ms (a long garbage collection, say),
    // so the sends due meanwhile all wake at its end.
    const busy = new Promise<void>((resolve) =>
      setTimeout(() => {
        const until = performance.now() + 120;
        while (performance.now() < until) {
          // busy
        }
        resolve();
      }, 700),
    );
    const times = await Promise.all(Array.from({ length: 90 }, () => pacer.awaitSlot().then(() => performance.now())));
    await busy;

    // Assert: those sends took later slots; every sliding second holds at most 30.
    expect(pacer.reslotted).toBeGreaterThanOrEqual(2);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(30);
  } finally {
    redis.disconnect();
  }
});

test('When Redis cannot be reached, then a send does not wait and the failure is reported', async () => {
  // Arrange: nothing listens on port 1.
  const redis = createRedis('redis://127.0.0.1:1');
  const errors: unknown[] = [];
  try {
    const pacer = createSendPacer({ redis, perSecond: 1, onRedisError: (err) => errors.push(err) });

    // Act
    const started = Date.now();
    await pacer.awaitSlot();
    await pacer.awaitSlot();

    // Assert: two sends at 1 a second would have waited a second between them.
    expect(Date.now() - started).toBeLessThan(900);
    expect(errors).toHaveLength(2);
  } finally {
    redis.disconnect();
  }
});
