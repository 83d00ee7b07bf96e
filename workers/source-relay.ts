// One BioTime source served: its lock (one active listener per source, the others stand by), its
// own connections, LISTEN, cursor and backoff, and the relay. LISTEN notifications, the start, a
// reconnect and a periodic sweep each ask for a drain (see BiotimeRelay): a lost notification or a
// failed drain delays a punch, never loses or doubles one.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import createSubscriber from 'pg-listen';
import { describeError, type Logger } from '../config/logger';
import { BIOTIME_CHANNEL, createBiotimeSource } from '../db/biotime-source';
import { createPool } from '../db/pool';
import { initializeCursor } from '../db/repositories/biotime-cursor';
import type { BiotimeTable } from '../domain/biotime';
import { BiotimeRelay } from './biotime-relay';
import { acquireLeadership } from './leader-lock';
import { withBackoff } from './temporal-connection';

export interface ServedSource {
  sourceKey: string;
  sourceUid: string;
  tenantId: number;
  table: BiotimeTable;
  iinColumn: string;
  /** BioTime stores local times, in this zone. */
  timeZone: string;
  /** The connection URL (a password in it): never logged. */
  url: string;
  startFrom: 'latest' | 'beginning';
}

export interface ServeContext {
  appPool: Pool;
  platformPool: Pool;
  client: Client;
  /** See RelayDeps.eagerStart. */
  eagerStart?: boolean;
  log: Logger;
  databaseUrl: string;
  sweepIntervalMs: number;
  signal: AbortSignal;
  /** Called once: the source relays, or another listener does and this one stands by. */
  onReady?: () => void;
}

/**
 * Serves the source until the signal aborts (resolves) or its lock can no longer be vouched for
 * (throws, after it stopped relaying: the caller asks for the lock again).
 */
export async function serveSource(s: ServedSource, c: ServeContext): Promise<void> {
  const log = c.log.child({ source: s.sourceKey });
  let ready = false;
  const markReady = () => {
    if (!ready) c.onReady?.();
    ready = true;
  };
  const leadership = await acquireLeadership({
    databaseUrl: c.databaseUrl,
    name: `biotime:${s.sourceKey}`,
    log,
    signal: c.signal,
    onStandby: () => {
      log.info('listener ready as standby: another listener is active for this source');
      markReady();
    },
  });
  if (!leadership) {
    markReady();
    return;
  }

  const biotimePool = createPool(s.url, { max: 3 });
  const source = createBiotimeSource(biotimePool, { table: s.table, iinColumn: s.iinColumn });
  const subscriber = createSubscriber(
    { connectionString: s.url },
    { retryTimeout: Infinity, retryInterval: (attempt) => Math.min(500 * 2 ** attempt, 15_000), paranoidChecking: 10_000 },
  );
  let sweep: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let relay: BiotimeRelay | undefined;
  try {
    // An unreachable BioTime waits here with its own backoff; the other sources go on.
    const cursor = await withBackoff(
      'reading the BioTime table',
      async () => initializeCursor(c.platformPool, s.sourceKey, s.startFrom === 'beginning' ? 0 : await source.maxId()),
      log,
      { signal: c.signal },
    );
    relay = new BiotimeRelay({ appPool: c.appPool, source, client: c.client, eagerStart: c.eagerStart, log, sourceKey: s.sourceKey, sourceUid: s.sourceUid, tenantId: s.tenantId, timeZone: s.timeZone });

    // Failed drains (Temporal or a database unreachable) are retried with backoff; nothing is lost
    // because the cursor has not moved past what failed.
    let retryDelay = 500;
    const requestDrain = (reason: string) => {
      if (c.signal.aborted) return;
      relay!.drain().then(
        (result) => {
          retryDelay = 500;
          if (result.handed > 0) log.info({ reason, handed: result.handed, cursor: result.cursor }, 'punches handed to Temporal');
        },
        (err) => {
          log.warn({ err: describeError(err), reason, retryInMs: retryDelay }, 'handing punches to Temporal failed; will retry');
          clearTimeout(retryTimer);
          retryTimer = setTimeout(() => requestDrain('retry'), retryDelay);
          // Capped at 5 s: after a database restart the pool drops one broken connection per failed
          // drain, and a longer wait would keep punches back for tens of seconds for nothing.
          retryDelay = Math.min(retryDelay * 2, 5_000);
        },
      );
    };
    subscriber.notifications.on(BIOTIME_CHANNEL, () => requestDrain('notify'));
    subscriber.events.on('connected', () => requestDrain('connected'));
    subscriber.events.on('reconnect', (attempt) => log.warn({ attempt }, 'reconnecting to the BioTime database'));
    subscriber.events.on('error', (err) => log.error({ err: describeError(err) }, 'BioTime LISTEN connection failed'));
    // connect() is called once: when it fails, the subscriber reconnects by itself (and LISTENs
    // again on every new connection), while a second connect() would reuse the client it already
    // connected and fail for good. So the backoff waits on a pooled connection first, and a
    // failure of the LISTEN connection after that is left to the subscriber (the sweep relays
    // meanwhile).
    await withBackoff('reaching the BioTime database', () => biotimePool.query('SELECT 1'), log, { signal: c.signal });
    try {
      await subscriber.connect();
      await subscriber.listenTo(BIOTIME_CHANNEL);
    } catch (err) {
      subscriber.listenTo(BIOTIME_CHANNEL)?.catch(() => undefined);
      log.warn({ err: describeError(err) }, 'the BioTime LISTEN connection failed; it reconnects by itself, the sweep relays meanwhile');
    }
    sweep = setInterval(() => requestDrain('sweep'), c.sweepIntervalMs);
    requestDrain('start');
    log.info({ table: s.table, tenantId: s.tenantId, cursor }, 'relaying this BioTime source');
    markReady();

    // Until stopped; or, should the lock's connection break, at once: another listener may have
    // taken over, and this one cannot tell.
    const lost = await Promise.race([
      new Promise<null>((resolve) => (c.signal.aborted ? resolve(null) : c.signal.addEventListener('abort', () => resolve(null), { once: true }))),
      leadership.lost,
    ]);
    if (lost) throw new Error(`the lock of this source could no longer be vouched for (${lost})`);
  } finally {
    clearInterval(sweep);
    clearTimeout(retryTimer);
    await relay?.idle();
    await subscriber.close().catch(() => undefined);
    await biotimePool.end().catch(() => undefined);
    await leadership.release();
  }
}
