// PostgreSQL pools. Timestamps without zone (BioTime's punch_time) come back as the raw text,
// never as a Date guessed in this process's zone.
import { Pool, types, type PoolConfig } from 'pg';

const TIMESTAMP_WITHOUT_TZ = 1114;
const INT8 = 20;

const typeOverrides = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP_WITHOUT_TZ) return (value: string) => value;
    if (oid === INT8) return (value: string) => Number(value);
    return types.getTypeParser(oid, format);
  },
};

export function createPool(connectionString: string, options: Partial<PoolConfig> = {}): Pool {
  const pool = new Pool({ connectionString, max: 10, idleTimeoutMillis: 30_000, types: typeOverrides, ...options });
  // An idle client's error (e.g. the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // pg-pool listens for errors only while a client is idle. A checked-out client between two
  // queries (a transaction waiting on Temporal, say) whose server restarts would emit 'error'
  // with no listener and take the process down; with this one, the next query fails instead and
  // the broken client is dropped when released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** Database name of a postgres URL, and the URL of the maintenance database on the same server. */
export function describeDatabaseUrl(url: string): { database: string; adminUrl: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  parsed.pathname = '/postgres';
  return { database, adminUrl: parsed.toString() };
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const { database, adminUrl } = describeDatabaseUrl(url);
  if (!/^[\w-]+$/.test(database)) throw new Error('Database names may use letters, digits, _ and - only');
  const admin = createPool(adminUrl, { max: 1 });
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    await admin.query(`CREATE DATABASE "${database}"`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '42P04') return false; // created concurrently
    throw err;
  } finally {
    await admin.end();
  }
}
