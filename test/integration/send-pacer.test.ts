// Telegram sends paced for the whole fleet through Redis: two workers sending at once still send
// one message about every 1/rate seconds between them, so no second carries more than the rate,
// even at the start of a rush when the task queue's token bucket is full, and even when a send
// wakes late. A send never goes after its deadline, and a slot beyond it is not taken. Redis
// down: no wait at all.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
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

/** Two workers' pacers, each with its own Redis client on one fleet's prefix, connected. */
async function twoWorkersPacers(perSecond: number) {
  const prefix = `test:pacer:${randomUUID()}:`;
  const clients = [createRedis(redisUrl, prefix), createRedis(redisUrl, prefix)];
  await Promise.all(clients.map((r) => (r.status === 'ready' ? null : new Promise((ready) => r.once('ready', ready)))));
  return { pacers: clients.map((redis) => createSendPacer({ redis, perSecond })), disconnect: () => clients.forEach((r) => r.disconnect()) };
}

test('When two workers send 60 messages at once at 30 a second, then they go out one every 34 ms between them, never more than 30 in a second', async () => {
  // Arrange
  const { pacers, disconnect } = await twoWorkersPacers(30);
  try {
    // Act
    const started = Date.now();
    const times = await Promise.all(Array.from({ length: 60 }, (_, i) => pacers[i % 2]!.awaitSlot().then(() => Date.now())));

    // Assert
    expect(busiest(times, 1000)).toBeLessThanOrEqual(30);
    // Evenly spread, not bunched: 15 slots span 476 ms, so a half second holds 15, or 16 when the
    // test's own timer saw the first of them a few ms late (a loaded machine).
    expect(busiest(times, 500)).toBeLessThanOrEqual(16);
    // 59 intervals of 34 ms: about 2 s for the last, not at once and not much later.
    const last = Math.max(...times) - started;
    expect(last).toBeGreaterThanOrEqual(1_900);
    expect(last).toBeLessThan(3_000);
  } finally {
    disconnect();
  }
});

test('When the process pauses while the first sends of a rush are being booked, then none of them goes late unnoticed next to one on time, and no second carries more than the rate', async () => {
  // Arrange: two workers' pacers that have not sent yet.
  const { pacers, disconnect } = await twoWorkersPacers(30);
  try {
    // Act: 60 sends at once, and the process busy for 25 ms as soon as they have asked (a
    // garbage collection, say), so every answer from Redis is read 25 ms after Redis gave it.
    const sends = Array.from({ length: 60 }, (_, i) => pacers[i % 2]!.awaitSlot().then((slot) => ({ slot, at: performance.now() })));
    setImmediate(() => {
      const until = performance.now() + 25;
      while (performance.now() < until) {
        // busy
      }
    });
    const slots = await Promise.all(sends);

    // Assert: every send went, and their times hold the pace.
    const times = slots.map((s) => s.at);
    expect(slots.every((s) => s.slot.go)).toBe(true);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(30);
    expect(busiest(times, 500)).toBeLessThanOrEqual(16);
  } finally {
    disconnect();
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

async function readyPacer(perSecond: number) {
  const redis = createRedis(redisUrl, `test:pacer:${randomUUID()}:`);
  await new Promise((ready) => (redis.status === 'ready' ? ready(null) : redis.once('ready', ready)));
  return { redis, pacer: createSendPacer({ redis, perSecond }) };
}

test("When the schedule is booked further ahead than a send's deadline, then it is told how far and takes no slot, so the next send is not pushed back", async () => {
  // Arrange: 10 a second; 20 sends ahead book the next two seconds.
  const { redis, pacer } = await readyPacer(10);
  try {
    const booked = Array.from({ length: 20 }, () => pacer.awaitSlot());

    // Act
    const refused = await pacer.awaitSlot(performance.now() + 500);
    const asked = performance.now();
    const next = await pacer.awaitSlot();

    // Assert: about 2 s away (20 slots of 102 ms); the next send waited for the 21st slot, not a 22nd.
    expect(refused.go).toBe(false);
    expect(refused.go === false && refused.waitMs).toBeGreaterThan(1_700);
    expect(refused.go === false && refused.waitMs).toBeLessThan(2_300);
    expect(next).toEqual({ go: true });
    expect(performance.now() - asked).toBeGreaterThan(1_700);
    expect(performance.now() - asked).toBeLessThan(2_400);
    await Promise.all(booked);
  } finally {
    redis.disconnect();
  }
});

test('When a send wakes after its deadline (the process was paused), then it does not go', async () => {
  // Arrange: a slot 300 ms away, a deadline at 400 ms, and the process busy until 600 ms.
  const { redis, pacer } = await readyPacer(10);
  try {
    await Promise.all([pacer.awaitSlot(), pacer.awaitSlot(), pacer.awaitSlot()]);
    const started = performance.now();
    const late = pacer.awaitSlot(started + 400);
    await new Promise((r) => setTimeout(r, 20));
    while (performance.now() < started + 600) {
      // busy
    }

    // Act
    const slot = await late;

    // Assert
    expect(slot).toEqual({ go: false, waitMs: 0 });
  } finally {
    redis.disconnect();
  }
});

test('When a send wakes late and its next slot would be after its deadline, then it is handed back at once, told how far that slot is, instead of going off the schedule', async () => {
  // Arrange: the send's slot is 102 ms away; 30 more sends book the 3 s behind it; the process is
  // busy for the first 250 ms, so the send wakes (or reads Redis's answer) far too late for it.
  const { redis, pacer } = await readyPacer(10);
  try {
    // Two sends first, so the pacer knows how fast its link to Redis is; then the schedule idles.
    await pacer.awaitSlot();
    await pacer.awaitSlot();
    await new Promise((r) => setTimeout(r, 250));
    const reslottedBefore = pacer.reslotted;
    const started = performance.now();
    const ahead = pacer.awaitSlot();
    const send = pacer.awaitSlot(started + 1_000);
    const behind = Array.from({ length: 30 }, () => pacer.awaitSlot());
    while (performance.now() < started + 250) {
      // busy
    }

    // Act
    const slot = await send;
    const wentAfter = performance.now() - started;

    // Assert: handed back at once; its next slot would have been about 3 s away.
    expect(slot.go).toBe(false);
    expect(slot.go === false && slot.waitMs).toBeGreaterThan(2_500);
    expect(pacer.reslotted).toBeGreaterThan(reslottedBefore);
    expect(wentAfter).toBeLessThan(1_000);
    await Promise.all([ahead, ...behind]);
  } finally {
    redis.disconnect();
  }
});

test('When a send keeps waking late for its slot, then after five tries it is handed back rather than sent off the schedule', async () => {
  // Arrange: no lateness tolerated, so every wake-up (always a little after its slot) misses it.
  const { redis } = await readyPacer(10);
  try {
    const strict = createSendPacer({ redis, perSecond: 10, toleranceMs: 0 });

    // Act
    const started = performance.now();
    const slot = await strict.awaitSlot();

    // Assert: five slots tried, 100 ms apart, then handed back.
    expect(slot).toEqual({ go: false, waitMs: 0 });
    expect(strict.reslotted).toBe(5);
    expect(performance.now() - started).toBeGreaterThan(350);
  } finally {
    redis.disconnect();
  }
});

test('When the way to Redis is slow but steady (20 ms each way), then every send goes at the pace, none before its slot by Redis\'s clock', async () => {
  // Arrange: a pacer whose every script reaches Redis 20 ms after it is asked, and whose answer
  // comes back 20 ms after Redis ran it.
  const { redis } = await readyPacer(10);
  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const ranAt: number[] = [];
  const slow = new Proxy(redis, {
    get(target, key, receiver) {
      if (key !== 'eval') return Reflect.get(target, key, receiver);
      return async (...args: Parameters<Redis['eval']>) => {
        await delay(20);
        ranAt.push(performance.now());
        const answer = await target.eval(...args);
        await delay(20);
        return answer;
      };
    },
  });
  try {
    const pacer = createSendPacer({ redis: slow, perSecond: 10 });
    // Two sends first (the first, with no round trip to compare with, counts all of its as late).
    await pacer.awaitSlot();
    await pacer.awaitSlot();
    await delay(250);
    ranAt.length = 0;

    // Act: ten sends asked for at once; the slots are 102 ms apart from when Redis ran the first.
    const slots = await Promise.all(Array.from({ length: 10 }, () => pacer.awaitSlot().then((slot) => ({ slot, at: performance.now() }))));

    // Assert: none before its slot (the k-th: 102k ms after the first script ran), and all went: a
    // steady round trip is not lateness (counted as lateness, every try here would miss its slot
    // and each send would be handed back after five). How many slots a late timer costs depends
    // on how busy the machine is (this link's delays are timers too), so only the outcome is held.
    const first = Math.min(...ranAt);
    const times = slots.map((s) => s.at).sort((a, b) => a - b);
    expect(slots.every((s) => s.slot.go)).toBe(true);
    times.forEach((at, k) => expect(at).toBeGreaterThanOrEqual(first + 102 * k));
    expect(times[9]! - first).toBeLessThan(5_000);
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
