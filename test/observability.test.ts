// An operator's view of one process: /healthz while it runs, /readyz naming each dependency that
// does not answer (and nothing secret about it), /metrics with Node's and the product's metrics.
import { Writable } from 'node:stream';
import { Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { createRedis } from '../cache/redis';
import { ConfigError, createConfig } from '../config';
import { pgCheck, redisCheck, startObservabilityServer, temporalCheck, type ObservabilityServer, type ReadyCheck } from '../config/health';
import { createLogger } from '../config/logger';
import { initProcessMetrics, recordNotification } from '../config/metrics';
import { createPool } from '../db/pool';
import { testRunEnv } from './support/env';

const SECRET = 's3cret-Pa55word';
const PRODUCT_METRICS = [
  'attendance_punches_relayed_total',
  'attendance_punch_relay_lag_seconds',
  'attendance_biotime_cursor_lag_rows',
  'attendance_biotime_cursor_lag_seconds',
  'attendance_notifications_total',
  'attendance_telegram_rate_limited_total',
  'attendance_telegram_retry_wait_seconds',
  'attendance_clock_ins_total',
  'attendance_violations_total',
  'attendance_decisions_total',
];

const quietLog = createLogger('test', 'silent', new Writable({ write: (_c, _e, done) => done() }));

/** A Redis nobody listens on, that gives up at once instead of reconnecting. */
function deadRedis(): Redis {
  const redis = new Redis(`redis://:${SECRET}@127.0.0.1:1`, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  redis.on('error', () => undefined);
  return redis;
}

async function get(server: ObservabilityServer, path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
  return { status: res.status, text: await res.text() };
}

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(metrics: string, name: string, label: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('Metrics and health endpoint', () => {
  let pool: Pool;
  let deadPool: Pool;
  let redis: Redis;
  let dead: Redis;
  let temporal: Connection;
  const servers: ObservabilityServer[] = [];
  const start = async (checks: Record<string, ReadyCheck>, softChecks?: Record<string, ReadyCheck>) => {
    const server = await startObservabilityServer({ port: 0, host: '127.0.0.1', checks, softChecks, log: quietLog });
    servers.push(server!);
    return server!;
  };

  beforeAll(async () => {
    const run = testRunEnv();
    initProcessMetrics('worker');
    pool = createPool(`${run.postgresUrl}/postgres`, { max: 2 });
    deadPool = createPool(`postgres://postgres:${SECRET}@127.0.0.1:1/postgres`, { max: 1, connectionTimeoutMillis: 500 });
    redis = createRedis(run.redisUrl);
    // The product's client queues nothing while connecting: a PING before then is refused.
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    dead = deadRedis();
    temporal = await Connection.connect({ address: run.temporalAddress });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all([pool.end(), deadPool.end(), temporal.close()]);
    redis.disconnect();
    // Disconnecting a client that has ended already leaves a 2 s timer behind for a stream that closed long ago.
    if (dead.status !== 'end') dead.disconnect();
  });

  test('When the process runs and its dependencies answer, then /healthz and /readyz say so', async () => {
    const server = await start({ postgres: pgCheck(pool), redis: redisCheck(redis), temporal: temporalCheck(temporal) });

    const health = await get(server, '/healthz');
    const ready = await get(server, '/readyz');

    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok', temporal: 'ok' } });
  });

  test('When a dependency cannot be reached, then /readyz answers 503 naming it, without its address or password', async () => {
    const server = await start({ postgres: pgCheck(pool), redis: redisCheck(dead), biotime: pgCheck(deadPool) });

    const ready = await get(server, '/readyz');

    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.text);
    expect(body.status).toBe('not-ready');
    expect(body.checks.postgres).toBe('ok');
    expect(['unreachable', 'timeout']).toContain(body.checks.redis);
    expect(['unreachable', 'timeout']).toContain(body.checks.biotime);
    expect(ready.text).not.toContain(SECRET);
    expect(ready.text).not.toContain('://');
    expect(ready.text).not.toContain('127.0.0.1');
    // /healthz is about this process only: still alive.
    expect((await get(server, '/healthz')).status).toBe(200);
  });

  test('When only Redis (a cache the process works without) is down, then /readyz stays 200 and says degraded', async () => {
    const server = await start({ postgres: pgCheck(pool) }, { redis: redisCheck(dead) });

    const ready = await get(server, '/readyz');

    expect(ready.status).toBe(200);
    const body = JSON.parse(ready.text);
    expect(body.status).toBe('degraded');
    expect(body.checks.postgres).toBe('ok');
    expect(['unreachable', 'timeout']).toContain(body.checks.redis);
    expect(ready.text).not.toContain(SECRET);
  });

  test('When a check hangs, then /readyz gives up on it after 2 s and says timeout', async () => {
    const server = await start({ postgres: pgCheck(pool), stuck: () => new Promise<void>(() => undefined) });
    const before = Date.now();

    const ready = await get(server, '/readyz');

    expect(Date.now() - before).toBeGreaterThanOrEqual(1_900);
    expect(Date.now() - before).toBeLessThan(4_000);
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text).checks).toEqual({ postgres: 'ok', stuck: 'timeout' });
  });

  test('When the process is still connecting to Temporal, then its check says starting', async () => {
    const server = await start({ temporal: temporalCheck(() => undefined) });
    expect(JSON.parse((await get(server, '/readyz')).text).checks).toEqual({ temporal: 'starting' });
  });

  test("When Prometheus scrapes /metrics, then Node's and every product metric are there with help texts, labelled with the process", async () => {
    const server = await start({});

    const { status, text } = await get(server, '/metrics');

    expect(status).toBe(200);
    expect(text).toMatch(/^process_cpu_seconds_total\{process="worker"\} /m);
    for (const name of PRODUCT_METRICS) expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    expect(sample(text, 'attendance_notifications_total', 'outcome="failed"')).toBe(0);
  });

  test('When a notification is sent, then the next scrape counts it', async () => {
    const server = await start({});
    const before = sample((await get(server, '/metrics')).text, 'attendance_notifications_total', 'outcome="sent"')!;

    recordNotification('sent');
    recordNotification('sent');

    const after = sample((await get(server, '/metrics')).text, 'attendance_notifications_total', 'outcome="sent"');
    expect(after).toBe(before + 2);
  });

  test('When METRICS_PORT is unset, then no endpoint is started; when it is out of range, the configuration names it', async () => {
    expect(await startObservabilityServer({ port: createConfig({}).METRICS_PORT, host: '127.0.0.1', checks: {}, log: quietLog })).toBeUndefined();
    expect(createConfig({ METRICS_PORT: '9464' })).toMatchObject({ METRICS_PORT: 9464, METRICS_HOST: '127.0.0.1' });
    expect(() => createConfig({ METRICS_PORT: '70000' })).toThrow(ConfigError);
    expect(() => createConfig({ TEMPORAL_METRICS_PORT: 'x' })).toThrow(/TEMPORAL_METRICS_PORT/);
  });

  test('When a path is unknown, then it is a 404 and nothing else is served', async () => {
    const server = await start({});
    expect((await get(server, '/')).status).toBe(404);
    expect((await get(server, '/metrics/../env')).status).toBe(404);
  });
});
