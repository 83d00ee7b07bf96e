// Who is subscribed to an employee's punches: the lookup every BioTime event makes.
// Redis first; PostgreSQL on a miss or when Redis is unavailable.
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { findSubscribers, type Subscriber } from '../db/repositories/members';
import { withTenant } from '../db/tenant-scope';

// Bounds how long a value can stay stale if an invalidation was lost while Redis was down.
const TTL_SECONDS = 300;

export interface SubscriberCache {
  subscribersOf(tenantId: number, employeeCode: string): Promise<{ subscribers: Subscriber[]; from: 'redis' | 'postgres' }>;
  invalidate(tenantId: number, employeeCodes: Array<string | null>): Promise<void>;
}

export function subscriberCacheKey(tenantId: number, employeeCode: string): string {
  return `subscribers:${tenantId}:${employeeCode}`;
}

export function createSubscriberCache(deps: {
  redis: Redis;
  /** Works as the app role; the lookup is scoped to the tenant asked about. */
  pool: Pool;
  onRedisError?: (err: unknown, operation: string) => void;
}): SubscriberCache {
  const { redis, pool } = deps;
  const onRedisError = deps.onRedisError ?? (() => undefined);

  return {
    async subscribersOf(tenantId, employeeCode) {
      const key = subscriberCacheKey(tenantId, employeeCode);
      try {
        const cached = await redis.get(key);
        if (cached !== null) return { subscribers: JSON.parse(cached) as Subscriber[], from: 'redis' };
      } catch (err) {
        onRedisError(err, 'get');
      }
      const subscribers = await withTenant(pool, tenantId, (tx) => findSubscribers(tx, tenantId, employeeCode));
      try {
        await redis.set(key, JSON.stringify(subscribers), 'EX', TTL_SECONDS);
      } catch (err) {
        onRedisError(err, 'set');
      }
      return { subscribers, from: 'postgres' };
    },

    async invalidate(tenantId, employeeCodes) {
      const keys = employeeCodes.filter((c): c is string => !!c).map((c) => subscriberCacheKey(tenantId, c));
      if (keys.length === 0) return;
      try {
        await redis.del(...keys);
      } catch (err) {
        onRedisError(err, 'del');
      }
    },
  };
}
