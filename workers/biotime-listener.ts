// The BioTime listener process. It serves every BioTime source: the environment's
// (BIOTIME_DATABASE_URL, the first source) and each one a super admin registered in the database.
// Each source has its own connection, LISTEN, cursor, backoff and lock (workers/source-relay.ts),
// so one unreachable BioTime never delays another, and any number of listener processes share
// the sources: each serves the ones whose lock it holds and stands by for the others.
import { Client, Connection } from '@temporalio/client';
import { biotimeSourceSettings, type Config } from '../config';
import { runMain } from '../config/main';
import { describeError, type Logger } from '../config/logger';
import { pgCheck, startObservabilityServer, temporalCheck } from '../config/health';
import { initProcessMetrics } from '../config/metrics';
import { createPool } from '../db/pool';
import { createTenantScopedPool } from '../db/tenant-scope';
import { registeredSourcesToServe, type RegisteredSource } from '../db/repositories/biotime-sources';
import { ensureBiotimeTenant } from '../db/repositories/tenants';
import { openSecret, parseSecretsKey } from '../services/source-secrets';
import { serveSource, type ServedSource } from './source-relay';
import { withBackoff } from './temporal-connection';

/** How often the registered sources are read again (a new one starts, a disabled one stops). */
const SOURCES_REFRESH_MS = 10_000;

interface Running {
  stop: AbortController;
  done: Promise<void>;
}

/**
 * Inside the worker process (WORKER_RUNS_LISTENER): the worker's client on its NativeConnection,
 * so punch workflows start eagerly; the worker's own /metrics and health endpoints serve both.
 */
export interface InWorker {
  client: Client;
  /** Once every source relays or stands by ("listener ready"). */
  onReady?: () => void;
}

export async function runListener(config: Config, log: Logger, signal: AbortSignal, inWorker?: InWorker): Promise<void> {
  // Registering the environment's source is the platform's job; relaying works as the app role.
  const platformPool = createPool(config.DATABASE_URL, { max: 2 });
  const appPool = createTenantScopedPool(config.DATABASE_URL, { max: 5 });
  const envBiotimePool = createPool(config.BIOTIME_DATABASE_URL, { max: 1 });
  if (!inWorker) initProcessMetrics('listener');
  // Readiness says Temporal is 'starting' until the connection below exists.
  const temporalLink: { connection?: Connection } = {};
  const observability = inWorker ? null : await startObservabilityServer({
    port: config.METRICS_PORT,
    host: config.METRICS_HOST,
    log,
    checks: { postgres: pgCheck(appPool), biotime: pgCheck(envBiotimePool), temporal: temporalCheck(() => temporalLink.connection) },
  });

  const { tenant, sourceUid } = await withBackoff('preparing the BioTime tenant', () => ensureBiotimeTenant(platformPool, biotimeSourceSettings(config)), log, {
    signal,
  });
  const connection = inWorker
    ? null
    : await withBackoff('connecting to Temporal', () => Connection.connect({ address: config.TEMPORAL_ADDRESS }), log, { signal });
  if (connection) temporalLink.connection = connection;
  const client = inWorker?.client ?? new Client({ connection: connection!, namespace: config.TEMPORAL_NAMESPACE });
  const shared = {
    appPool,
    platformPool,
    client,
    eagerStart: inWorker !== undefined,
    log,
    databaseUrl: config.DATABASE_URL,
    sweepIntervalMs: config.BIOTIME_SWEEP_INTERVAL_MS,
  };

  const running = new Map<string, Running>();
  const start = (source: ServedSource, onReady?: () => void) => {
    const stop = new AbortController();
    const both = AbortSignal.any([signal, stop.signal]);
    const done = (async () => {
      // A source whose lock connection broke stops relaying, then asks for its lock again.
      while (!both.aborted) {
        try {
          await serveSource(source, { ...shared, signal: both, onReady });
          return;
        } catch (err) {
          log.error({ err: describeError(err), source: source.sourceKey }, 'serving a BioTime source stopped; asking for its lock again');
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
    })();
    running.set(source.sourceKey, { stop, done });
  };

  // The environment's source first; "listener ready" once it relays (or stands by for another).
  const envSource: ServedSource = {
    sourceKey: config.BIOTIME_SOURCE_KEY,
    sourceUid,
    tenantId: tenant.id,
    table: config.BIOTIME_TABLE,
    iinColumn: config.BIOTIME_IIN_COLUMN,
    timeZone: config.BIOTIME_TIMEZONE,
    url: config.BIOTIME_DATABASE_URL,
    startFrom: config.BIOTIME_START_FROM,
  };
  await new Promise<void>((resolve) => start(envSource, resolve));

  // The registered sources, read again every few seconds.
  let warnedNoKey = false;
  const reconcile = async () => {
    let registered: RegisteredSource[];
    try {
      registered = await registeredSourcesToServe(platformPool);
    } catch (err) {
      log.warn({ err: describeError(err) }, 'reading the registered BioTime sources failed; trying again shortly');
      return;
    }
    const wanted = new Map<string, ServedSource>();
    if (registered.length > 0) {
      let key: Buffer;
      try {
        key = parseSecretsKey(config.SOURCE_SECRETS_KEY);
      } catch (err) {
        if (!warnedNoKey) log.error({ err: describeError(err), sources: registered.length }, 'registered BioTime sources cannot be served');
        warnedNoKey = true;
        return;
      }
      for (const r of registered) {
        try {
          wanted.set(r.sourceKey, {
            sourceKey: r.sourceKey,
            sourceUid: r.uid,
            tenantId: r.tenantId,
            table: r.tableName,
            iinColumn: r.iinColumn,
            timeZone: r.timeZone,
            url: openSecret(r.connectionSecret, key),
            startFrom: r.startFrom,
          });
        } catch (err) {
          log.error({ err: describeError(err), source: r.sourceKey }, 'a registered BioTime source cannot be served');
        }
      }
    }
    for (const [sourceKey, source] of wanted) if (!running.has(sourceKey)) start(source);
    for (const [sourceKey, r] of running) {
      if (sourceKey === envSource.sourceKey || wanted.has(sourceKey)) continue;
      running.delete(sourceKey);
      r.stop.abort();
      await r.done;
      log.info({ source: sourceKey }, 'stopped serving a BioTime source (disabled or removed)');
    }
  };
  await reconcile();
  const refresh = setInterval(() => void reconcile(), SOURCES_REFRESH_MS);
  log.info({ table: config.BIOTIME_TABLE, tenantId: tenant.id }, 'listener ready');
  inWorker?.onReady?.();

  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  clearInterval(refresh);
  await Promise.all([...running.values()].map((r) => r.done));
  await observability?.close();
  await connection?.close().catch(() => undefined);
  await Promise.all([appPool.end(), platformPool.end(), envBiotimePool.end()]).catch(() => undefined);
  log.info('listener stopped');
}

if (require.main === module) runMain('biotime-listener', runListener);
