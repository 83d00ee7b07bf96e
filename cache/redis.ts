// Redis is a cache here: clients fail fast when it is down so callers fall back to PostgreSQL.
import { Redis } from 'ioredis';

export function createRedis(url: string, keyPrefix = ''): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    lazyConnect: false,
  });
  // Connection errors are expected while Redis is down; every caller handles its own failure.
  redis.on('error', () => undefined);
  return redis;
}

/** A Redis failure handler that reports once per outage (every call would say it), again after Redis is back. */
export function oncePerOutage(redis: Redis, report: (err: unknown) => void): (err: unknown) => void {
  let reported = false;
  redis.on('ready', () => (reported = false));
  return (err) => {
    if (!reported) report(err);
    reported = true;
  };
}
