// The BioTime listener process: LISTEN attendance_events, and on every notification, on start,
// on reconnect and on a periodic sweep, hand every new row to Temporal (see BiotimeRelay).
import { Client, Connection } from '@temporalio/client';
import createSubscriber from 'pg-listen';
import { type Config } from '../config';
import { runMain } from '../config/main';
import { describeError, type Logger } from '../config/logger';
import { BIOTIME_CHANNEL, createBiotimeSource } from '../db/biotime-source';
import { createPool } from '../db/pool';
import { createTenantScopedPool } from '../db/tenant-scope';
import { initializeCursor } from '../db/repositories/biotime-cursor';
import { ensureBiotimeTenant } from '../db/repositories/tenants';
import { biotimeSourceSettings } from '../config';
import { BiotimeRelay } from './biotime-relay';
import { withBackoff } from './temporal-connection';

export async function runListener(config: Config, log: Logger, signal: AbortSignal): Promise<void> {
  // Creating the source's tenant is the platform's job; everything after works as the app role.
  const platformPool = createPool(config.DATABASE_URL, { max: 1 });
  const appPool = createTenantScopedPool(config.DATABASE_URL, { max: 5 });
  const biotimePool = createPool(config.BIOTIME_DATABASE_URL, { max: 3 });
  const source = createBiotimeSource(biotimePool, { table: config.BIOTIME_TABLE, iinColumn: config.BIOTIME_IIN_COLUMN });

  const { tenant, sourceUid } = await withBackoff('preparing the BioTime tenant', () => ensureBiotimeTenant(platformPool, biotimeSourceSettings(config)), log, {
    signal,
  });
  const startAfter = config.BIOTIME_START_FROM === 'beginning' ? 0 : await source.maxId();
  const cursor = await initializeCursor(platformPool, config.BIOTIME_SOURCE_KEY, startAfter);
  await platformPool.end();

  const connection = await withBackoff('connecting to Temporal', () => Connection.connect({ address: config.TEMPORAL_ADDRESS }), log, { signal });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const relay = new BiotimeRelay({
    appPool,
    source,
    client,
    log,
    sourceKey: config.BIOTIME_SOURCE_KEY,
    sourceUid,
    tenantId: tenant.id,
    timeZone: config.BIOTIME_TIMEZONE,
  });

  // Failed drains (Temporal or a database unreachable) are retried with backoff; nothing is lost
  // because the cursor has not moved past what failed.
  let retryDelay = 500;
  let retryTimer: NodeJS.Timeout | undefined;
  const requestDrain = (reason: string) => {
    if (signal.aborted) return;
    relay.drain().then(
      (result) => {
        retryDelay = 500;
        if (result.handed > 0) log.info({ reason, handed: result.handed, cursor: result.cursor }, 'punches handed to Temporal');
      },
      (err) => {
        log.warn({ err: describeError(err), reason, retryInMs: retryDelay }, 'handing punches to Temporal failed; will retry');
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => requestDrain('retry'), retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30_000);
      },
    );
  };

  const subscriber = createSubscriber(
    { connectionString: config.BIOTIME_DATABASE_URL },
    { retryTimeout: Infinity, retryInterval: (attempt) => Math.min(500 * 2 ** attempt, 15_000), paranoidChecking: 10_000 },
  );
  subscriber.notifications.on(BIOTIME_CHANNEL, () => requestDrain('notify'));
  subscriber.events.on('connected', () => requestDrain('connected'));
  subscriber.events.on('reconnect', (attempt) => log.warn({ attempt }, 'reconnecting to the BioTime database'));
  subscriber.events.on('error', (err) => log.error({ err: describeError(err) }, 'BioTime LISTEN connection failed'));
  await withBackoff('listening to the BioTime database', () => subscriber.connect(), log, { signal });
  await subscriber.listenTo(BIOTIME_CHANNEL);

  const sweep = setInterval(() => requestDrain('sweep'), config.BIOTIME_SWEEP_INTERVAL_MS);
  requestDrain('start');
  log.info({ table: config.BIOTIME_TABLE, tenantId: tenant.id, cursor }, 'listener ready');

  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  clearInterval(sweep);
  clearTimeout(retryTimer);
  await relay.idle();
  await subscriber.close().catch(() => undefined);
  await connection.close().catch(() => undefined);
  await Promise.all([appPool.end(), biotimePool.end()]).catch(() => undefined);
  log.info('listener stopped');
}

if (require.main === module) runMain('biotime-listener', runListener);
