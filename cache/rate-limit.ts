// Counting attempts per key in a fixed window (Redis INCR + EXPIRE). Redis is a cache here too:
// when it is unreachable the count is kept in this process, so the limit still holds per process.
import type { Redis } from 'ioredis';

export interface RateLimitVerdict {
  allowed: boolean;
  /** When the window ends and attempts are allowed again. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one attempt; refuses it once `limit` attempts were made in the current window. */
  attempt(key: string, limit: number, windowSeconds: number): Promise<RateLimitVerdict>;
}

export function createRateLimiter(deps: { redis: Pick<Redis, 'multi'>; onRedisError?: (err: unknown) => void; now?: () => number }): RateLimiter {
  const local = new Map<string, { count: number; resetAt: number }>();
  const now = deps.now ?? Date.now;

  function attemptLocally(key: string, limit: number, windowSeconds: number): RateLimitVerdict {
    const at = now();
    for (const [k, v] of local) if (v.resetAt <= at) local.delete(k);
    const entry = local.get(key) ?? { count: 0, resetAt: at + windowSeconds * 1000 };
    entry.count += 1;
    local.set(key, entry);
    return { allowed: entry.count <= limit, retryAfterSeconds: Math.ceil((entry.resetAt - at) / 1000) };
  }

  return {
    async attempt(key, limit, windowSeconds) {
      const redisKey = `rate:${key}`;
      try {
        // NX: the window starts with the first attempt and is not extended by later ones.
        const replies = await deps.redis.multi().incr(redisKey).expire(redisKey, windowSeconds, 'NX').ttl(redisKey).exec();
        if (!replies || replies.some(([err]) => err)) throw replies?.find(([err]) => err)?.[0] ?? new Error('rate limit transaction aborted');
        const count = Number(replies[0]![1]);
        const ttl = Number(replies[2]![1]);
        return { allowed: count <= limit, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
      } catch (err) {
        deps.onRedisError?.(err);
        return attemptLocally(key, limit, windowSeconds);
      }
    },
  };
}
