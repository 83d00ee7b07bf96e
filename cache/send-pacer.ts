// Evenly spaced Telegram sends for the whole fleet. The telegram-outbound task queue's rate limit
// (TELEGRAM_MAX_MESSAGES_PER_SECOND) caps how fast sends start, but as a token bucket: after a
// quiet hour it lets a second's worth through at once and then keeps refilling, so the first
// second of a morning rush can carry twice the rate and Telegram answers 429. Each send here first
// takes the next free slot on one schedule kept in Redis (by Redis's own clock, so every worker
// agrees) and waits for it: one send every 1/rate seconds, whichever worker sends it. With Redis
// down, sends are paced by the task queue alone (a 429 then is retried when Telegram says).
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

export interface SendPacer {
  /** Resolves when this send's slot has come (at once when Redis cannot be asked). */
  awaitSlot(): Promise<void>;
}

export function createSendPacer(deps: { redis: Redis; perSecond: number; onRedisError?: (err: unknown) => void }): SendPacer {
  const { redis, perSecond } = deps;
  const intervalUs = Math.floor(1_000_000 / perSecond);
  return {
    async awaitSlot() {
      let waitUs: number;
      try {
        waitUs = Number(await redis.eval(RESERVE, 1, 'telegram:send-slots', String(intervalUs)));
      } catch (err) {
        deps.onRedisError?.(err);
        return;
      }
      if (waitUs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitUs / 1000)));
    },
  };
}
