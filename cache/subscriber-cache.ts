// Who is subscribed to an employee's punches: the lookup every BioTime event makes.
// Redis first; PostgreSQL on a miss or when Redis is unavailable.
//
// Redis may keep an entry that is no longer true: the process that changed a subscription could
// not reach Redis to drop it (a partition, a restart), while the others still can. So every key
// carries the cache's generation, kept in PostgreSQL (cache_generation): a writer that fails to
// drop an entry moves the generation on, and every process reads the generation again every few
// seconds, after which no entry of the old generation is ever read. The generation also names
// this database (a recreated one starts a new generation of its own), so tenant ids that repeat
// never find another database's entries.
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { findSubscribers, type Subscriber } from '../db/repositories/members';
import { withTenant } from '../db/tenant-scope';

// Bounds how long a value can stay stale if every other safeguard failed.
const TTL_SECONDS = 300;
/** How often each process reads the generation: the longest an entry can outlive a lost invalidation. */
export const GENERATION_REFRESH_MS = 2_000;
/** A second drop after a change, for a reader that read PostgreSQL just before it and wrote Redis just after. */
const SECOND_DROP_MS = 1_000;

export interface SubscriberCache {
  subscribersOf(tenantId: number, employeeCode: string): Promise<{ subscribers: Subscriber[]; from: 'redis' | 'postgres' }>;
  invalidate(tenantId: number, employeeCodes: Array<string | null>): Promise<void>;
}

export function subscriberCacheKey(generation: string, tenantId: number, employeeCode: string): string {
  return `subscribers:${generation}:${tenantId}:${employeeCode}`;
}

export function createSubscriberCache(deps: {
  redis: Pick<Redis, 'get' | 'set' | 'del'>;
  /** Works as the app role; the lookup is scoped to the tenant asked about. */
  pool: Pool;
  onRedisError?: (err: unknown, operation: string) => void;
  now?: () => number;
}): SubscriberCache {
  const { redis, pool } = deps;
  const onRedisError = deps.onRedisError ?? (() => undefined);
  const now = deps.now ?? Date.now;
  let generation: { value: string; readAt: number } | null = null;

  async function currentGeneration(): Promise<string> {
    if (generation && now() - generation.readAt < GENERATION_REFRESH_MS) return generation.value;
    const { rows } = await pool.query<{ database_uid: string; generation: number }>('SELECT database_uid, generation FROM cache_generation');
    generation = { value: `${rows[0]!.database_uid}:${rows[0]!.generation}`, readAt: now() };
    return generation.value;
  }

  async function drop(keys: string[]): Promise<boolean> {
    try {
      await redis.del(...keys);
      return true;
    } catch (err) {
      onRedisError(err, 'del');
      return false;
    }
  }

  return {
    async subscribersOf(tenantId, employeeCode) {
      const key = subscriberCacheKey(await currentGeneration(), tenantId, employeeCode);
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
      const codes = employeeCodes.filter((c): c is string => !!c);
      if (codes.length === 0) return;
      const keys = subscriberCacheKey.bind(null, await currentGeneration(), tenantId);
      if (await drop(codes.map((c) => keys(c)))) {
        setTimeout(() => void drop(codes.map((c) => keys(c))), SECOND_DROP_MS).unref();
        return;
      }
      // Redis kept what it had: move every process to a new generation instead.
      await pool.query('UPDATE cache_generation SET generation = generation + 1');
      generation = null;
    },
  };
}
