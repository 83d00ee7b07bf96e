// One active listener per BioTime source, any number on standby. The active one holds a
// session-level advisory lock on the app database on a connection of its own; PostgreSQL releases
// it the moment that connection ends (the process died, was killed, or lost the network), and a
// standby polling for it takes over. A holder whose lock connection breaks cannot know whether the
// lock is still its own, so it stops (the process exits and is restarted as a standby): two relays
// never run at once. (Even if they did, punch workflow ids and the forward-only cursor keep the
// result the same; the lock keeps the work single.)
import { Client } from 'pg';
import { describeError, type Logger } from '../config/logger';

/** The lock's first key: this product's listeners (the second is the source's). */
const LISTENER_LOCK_CLASS = 0x42_54_4c; // "BTL"

export interface Leadership {
  /** Settles when the lock can no longer be vouched for (its connection ended or failed). */
  readonly lost: Promise<string>;
  release(): Promise<void>;
}

export interface LeaderLockOptions {
  databaseUrl: string;
  /** What is being led, e.g. the BioTime source key. */
  name: string;
  log: Logger;
  signal: AbortSignal;
  /** How often a standby asks for the lock. */
  pollMs?: number;
  /** Told once when this process starts waiting behind another holder. */
  onStandby?: () => void;
}

/** Waits until this process holds the lock for `name` (or the signal aborts: then undefined). */
export async function acquireLeadership(o: LeaderLockOptions): Promise<Leadership | undefined> {
  const pollMs = o.pollMs ?? 500;
  let toldStandby = false;
  while (!o.signal.aborted) {
    const client = new Client({ connectionString: o.databaseUrl, keepAlive: true, keepAliveInitialDelayMillis: 5_000, application_name: `leader:${o.name}` });
    let lostReason: ((reason: string) => void) | undefined;
    const lost = new Promise<string>((resolve) => (lostReason = resolve));
    client.on('error', (err) => lostReason?.(`lock connection failed: ${describeError(err).message}`));
    client.on('end', () => lostReason?.('lock connection ended'));
    try {
      await client.connect();
      // The TCP keepalive finds a silent network loss; this bounds how long a dead peer goes unseen.
      await client.query("SET idle_session_timeout = 0; SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3");
      for (;;) {
        const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS held', [LISTENER_LOCK_CLASS, o.name]);
        if (rows[0]?.held) {
          o.log.info({ lock: o.name }, 'took the listener lock: this listener is the active one');
          return {
            lost,
            async release() {
              lostReason = undefined;
              await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LISTENER_LOCK_CLASS, o.name]).catch(() => undefined);
              await client.end().catch(() => undefined);
            },
          };
        }
        if (!toldStandby) {
          toldStandby = true;
          o.onStandby?.();
        }
        const gone = await Promise.race([lost, sleep(pollMs, o.signal).then(() => null)]);
        if (gone !== null) throw new Error(gone);
        if (o.signal.aborted) {
          await client.end().catch(() => undefined);
          return undefined;
        }
      }
    } catch (err) {
      lostReason = undefined;
      await client.end().catch(() => undefined);
      if (o.signal.aborted) return undefined;
      o.log.warn({ err: describeError(err), lock: o.name }, 'asking for the listener lock failed; trying again');
      await sleep(Math.max(pollMs, 1_000), o.signal);
    }
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
