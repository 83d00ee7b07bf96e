// The external BioTime database: we read punches and the employee directory, and install
// one trigger. Nothing else is ever written there.
import type { Pool } from 'pg';
import type { BiotimeRow, BiotimeTable } from '../domain/biotime';
import { one } from './queryable';

export const BIOTIME_CHANNEL = 'attendance_events';

export interface DirectoryEmployee {
  employeeCode: string;
  fullName: string | null;
  mobile: string | null;
}

/**
 * Where BioTime's transactions stand: every transaction id below `oldestRunning` has ended, and
 * every transaction that begins (or first writes) from now on gets an id of at least `next`.
 */
export interface TransactionHorizon {
  oldestRunning: bigint;
  next: bigint;
}

export interface BiotimeSource {
  table: BiotimeTable;
  maxId(): Promise<number>;
  rowsAfter(id: number, limit: number): Promise<BiotimeRow[]>;
  /** Rows whose ids fall in these inclusive ranges (an index range scan per range). */
  rowsIn(ranges: ReadonlyArray<readonly [number, number]>): Promise<BiotimeRow[]>;
  transactionHorizon(): Promise<TransactionHorizon>;
  /** The newest row id and the first row after `cursor` (null when none): two index lookups, for the lag metrics. */
  lagBehind(cursor: number): Promise<{ newestId: number; firstWaiting: BiotimeRow | null }>;
  /** Whether the directory lookup at registration can use an index on BioTime's side. */
  directoryIndexed(): Promise<boolean>;
  findEmployeeByIin(iin: string): Promise<DirectoryEmployee | undefined>;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}

async function tableExists(pool: Pool, table: string): Promise<boolean> {
  const row = await one<{ exists: boolean }>(pool, 'SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  return !!row?.exists;
}

/** Whether some index of the table leads with this column (so an equality lookup on it is an index scan). */
async function indexLeadsWith(pool: Pool, table: string, column: string): Promise<boolean> {
  const row = await one<{ indexed: boolean }>(
    pool,
    `SELECT EXISTS (
       SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
       WHERE i.indrelid = to_regclass($1) AND a.attname = $2
     ) AS indexed`,
    [table, column],
  );
  return !!row?.indexed;
}

export interface BiotimeSourceOptions {
  table: BiotimeTable;
  iinColumn: string;
  /**
   * Our own, indexed record of the employee codes punches have come from. A bare attendance_log
   * has no directory table; without an index on its emp_id, looking an IIN up there would scan
   * the whole table, and anyone on Telegram can send IINs. So it is asked here instead.
   */
  seenInPunches?: (employeeCode: string) => Promise<boolean>;
}

export function createBiotimeSource(pool: Pool, options: BiotimeSourceOptions): BiotimeSource {
  const table = quoteIdent(options.table);
  const iinColumn = quoteIdent(options.iinColumn);
  let attendanceLogIndexed: Promise<boolean> | null = null;

  async function lookUpDirectory(iin: string): Promise<DirectoryEmployee | undefined> {
    const row = await one<{ emp_code: string; first_name: string | null; last_name: string | null; mobile: string | null }>(
      pool,
      // No cast on the column: the parameter takes the column's type, so an index on it is used.
      `SELECT emp_code, first_name, last_name, mobile FROM personnel_employee WHERE ${iinColumn} = $1 ORDER BY id LIMIT 1`,
      [iin],
    );
    if (!row) return undefined;
    const fullName = [row.first_name, row.last_name].filter((p) => p && p.trim()).join(' ').trim() || null;
    // For attendance_log, punches are keyed by the IIN itself.
    return { employeeCode: options.table === 'attendance_log' ? iin : row.emp_code, fullName, mobile: row.mobile };
  }

  return {
    table: options.table,

    async maxId() {
      const row = await one<{ max: number | null }>(pool, `SELECT max(id)::bigint AS max FROM ${table}`);
      return row?.max ?? 0;
    },

    async rowsAfter(id, limit) {
      const result = await pool.query<BiotimeRow>(`SELECT * FROM ${table} WHERE id > $1 ORDER BY id LIMIT $2`, [id, limit]);
      return result.rows;
    },

    async rowsIn(ranges) {
      if (ranges.length === 0) return [];
      const result = await pool.query<BiotimeRow>(
        `SELECT t.* FROM unnest($1::bigint[], $2::bigint[]) AS r(lo, hi) JOIN ${table} t ON t.id BETWEEN r.lo AND r.hi ORDER BY t.id`,
        [ranges.map((r) => r[0]), ranges.map((r) => r[1])],
      );
      return result.rows;
    },

    async transactionHorizon() {
      // txid_* (not pg_current_snapshot) so that BioTime servers on PostgreSQL older than 13 work.
      const row = await one<{ xmin: string; xmax: string }>(
        pool,
        'SELECT txid_snapshot_xmin(s)::text AS xmin, txid_snapshot_xmax(s)::text AS xmax FROM txid_current_snapshot() AS s',
      );
      return { oldestRunning: BigInt(row!.xmin), next: BigInt(row!.xmax) };
    },

    async lagBehind(cursor) {
      const row = await one<BiotimeRow & { newest_id: number | null }>(
        pool,
        `SELECT (SELECT max(id) FROM ${table})::bigint AS newest_id, w.*
         FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT * FROM ${table} WHERE id > $1 ORDER BY id LIMIT 1) AS w ON true`,
        [cursor],
      );
      const { newest_id: newestId, ...waiting } = row ?? { newest_id: null, id: null };
      return { newestId: newestId ?? 0, firstWaiting: waiting.id === null || waiting.id === undefined ? null : (waiting as BiotimeRow) };
    },

    async findEmployeeByIin(iin) {
      if (options.table === 'iclock_transaction' || (await tableExists(pool, 'personnel_employee'))) {
        return lookUpDirectory(iin);
      }
      // A bare attendance_log source has no directory: an IIN is known once it has punched.
      attendanceLogIndexed ??= indexLeadsWith(pool, 'attendance_log', 'emp_id');
      if (await attendanceLogIndexed) {
        const seen = await one<{ emp_id: string }>(pool, 'SELECT emp_id FROM attendance_log WHERE emp_id = $1 LIMIT 1', [iin]);
        return seen ? { employeeCode: iin, fullName: null, mobile: null } : undefined;
      }
      return (await options.seenInPunches?.(iin)) ? { employeeCode: iin, fullName: null, mobile: null } : undefined;
    },

    async directoryIndexed() {
      if (options.table === 'iclock_transaction' || (await tableExists(pool, 'personnel_employee'))) {
        return indexLeadsWith(pool, 'personnel_employee', options.iinColumn);
      }
      return indexLeadsWith(pool, 'attendance_log', 'emp_id');
    },
  };
}

/** Idempotent: (re)creates the notify function and the AFTER INSERT trigger on the table. */
export async function installBiotimeTrigger(pool: Pool, tableName: BiotimeTable): Promise<void> {
  const table = quoteIdent(tableName);
  await pool.query(`
    CREATE OR REPLACE FUNCTION attendance_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${BIOTIME_CHANNEL}', row_to_json(NEW)::text);
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS attendance_events_notify ON ${table};
    CREATE TRIGGER attendance_events_notify AFTER INSERT ON ${table}
      FOR EACH ROW EXECUTE FUNCTION attendance_events_notify();
  `);
}

/**
 * Optional, and only when the operator asks for it: an index for the IIN lookup at registration
 * (the directory's IIN column, or a bare attendance_log's emp_id). Built without locking BioTime's writes.
 */
export async function installDirectoryIndex(pool: Pool, options: { table: BiotimeTable; iinColumn: string }): Promise<string> {
  const directory = options.table === 'iclock_transaction' || (await tableExists(pool, 'personnel_employee'));
  const [table, column] = directory ? ['personnel_employee', options.iinColumn] : ['attendance_log', 'emp_id'];
  if (await indexLeadsWith(pool, table, column)) return `${table}.${column} is indexed already`;
  await pool.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS attendance_directory_lookup ON ${quoteIdent(table)} (${quoteIdent(column)})`);
  return `index attendance_directory_lookup created on ${table} (${column})`;
}

/** A local stand-in for a BioTime server: the tables we read, with BioTime 8's column names. */
export async function createDemoBiotimeSchema(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS personnel_employee (
      id         serial PRIMARY KEY,
      emp_code   varchar(20) NOT NULL UNIQUE,
      first_name varchar(25),
      last_name  varchar(25),
      mobile     varchar(20),
      ssn        varchar(20),
      hire_date  date,
      status     smallint NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS iclock_transaction (
      id             serial PRIMARY KEY,
      emp_code       varchar(20) NOT NULL,
      punch_time     timestamp NOT NULL,
      punch_state    varchar(5) NOT NULL DEFAULT '0',
      verify_type    integer NOT NULL DEFAULT 1,
      work_code      varchar(20),
      terminal_sn    varchar(50),
      terminal_alias varchar(50),
      area_alias     varchar(120),
      longitude      double precision,
      latitude       double precision,
      gps_location   text,
      mobile         varchar(50),
      source         smallint DEFAULT 1,
      purpose        smallint DEFAULT 1,
      crc            varchar(100),
      is_attendance  smallint DEFAULT 1,
      reserved       varchar(100),
      upload_time    timestamp DEFAULT now(),
      sync_status    smallint DEFAULT 0,
      sync_time      timestamp,
      emp_id         integer,
      terminal_id    integer
    );
    CREATE TABLE IF NOT EXISTS attendance_log (
      id             serial PRIMARY KEY,
      emp_id         varchar(20) NOT NULL,
      punch_time     timestamp NOT NULL,
      terminal_alias varchar(50),
      processed      boolean NOT NULL DEFAULT false
    );
  `);
}
