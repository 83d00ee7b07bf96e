// Evenly spaced Telegram sends for the whole fleet. The telegram-outbound task queue's rate limit
// (TELEGRAM_MAX_MESSAGES_PER_SECOND) caps how fast sends start, but as a token bucket: after a
// quiet hour it lets a second's worth through at once and then keeps refilling, so the first
// second of a morning rush can carry twice the rate and Telegram answers 429. Each send here first
// takes the next free slot on one schedule kept in Redis (by Redis's own clock, so every worker
// agrees) and waits for it, whichever worker sends it. With Redis down, sends are paced by the
// task queue alone (a 429 then is retried when Telegram says).
//
// Telegram counts sends in a sliding window: at most `perSecond` in any second. Evenly spaced
// slots at exactly that rate put the first and the last of any run of perSecond+1 sends exactly a
// second apart, so one send that goes a few milliseconds late (a garbage-collection pause, a busy
// event loop) while a later one is on time makes a 429. So a send that wakes more than
// `toleranceMs` (5 ms) after its slot does not go: it takes a new slot. And slots are spaced so
// that perSecond+1 of them span a second plus `marginMs` (20 ms: that tolerance, and the way to
// Telegram, which varies too). At 30 a second that is one send every 34 ms, 29.4/s.
import type { Redis } from 'ioredis';

// The slot after the last one given out, in microseconds of Redis's clock; expires when idle.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nextFree)
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'PX', 60000)
return at - now
`;

/** A send that keeps waking late gives up its place after this many slots and goes anyway. */
const MAX_RESLOTS = 5;

export interface SendPacer {
  /** Resolves when this send's slot has come (at once when Redis cannot be asked). */
  awaitSlot(): Promise<void>;
  /** How many slots were given up because their send woke too late for them. */
  readonly reslotted: number;
}

export interface SendPacerOptions {
  redis: Redis;
  perSecond: number;
  /** How late after its slot a send may still go (default 5 ms). */
  toleranceMs?: number;
  /** How much more than a second perSecond+1 consecutive slots span (default 20 ms). */
  marginMs?: number;
  onRedisError?: (err: unknown) => void;
  /** A send woke too late for its slot and took another. */
  onReslot?: () => void;
}

export function createSendPacer(deps: SendPacerOptions): SendPacer {
  const { redis, perSecond } = deps;
  const toleranceMs = deps.toleranceMs ?? 5;
  const intervalUs = Math.ceil((1_000_000 + (deps.marginMs ?? 20) * 1000) / perSecond);
  let reslotted = 0;
  return {
    get reslotted() {
      return reslotted;
    },
    async awaitSlot() {
      for (let slots = 1; ; slots += 1) {
        // Taken before asking, so the slot's local time is never thought later than it is.
        const asked = performance.now();
        let waitUs: number;
        try {
          waitUs = Number(await redis.eval(RESERVE, 1, 'telegram:send-slots', String(intervalUs)));
        } catch (err) {
          deps.onRedisError?.(err);
          return;
        }
        const due = asked + waitUs / 1000;
        const sleepMs = due - performance.now();
        if (sleepMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(sleepMs)));
        if (performance.now() - due <= toleranceMs || slots >= MAX_RESLOTS) return;
        reslotted += 1;
        deps.onReslot?.();
      }
    },
  };
}
