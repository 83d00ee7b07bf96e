// Hands BioTime rows to Temporal. NOTIFY only says "look now": the rows themselves are always
// read from the table, so a lost or repeated notification, a crash or a Temporal outage can delay
// a punch but never lose or duplicate one.
//
// Rows do not commit in id order: BioTime writes from many terminals in concurrent transactions,
// and the one that took id 100 can commit after the one that took id 101. So the relay keeps,
// besides its cursor (the highest id read), the ranges of ids below it that were missing when it
// read past them ("open gaps"). Every drain reads those ranges again (index range scans) and hands
// over whatever has committed since. A gap closes once no transaction that could have taken one
// of its ids can still commit: its ids are then known to be rolled back (or never used).
//
// When is that? An id is taken by nextval() in the inserting transaction; that transaction gets
// its own transaction id (xid) at its first write, which is that very INSERT, microseconds later.
// So: once a gap has been open for GAP_SETTLE_MS, every transaction holding one of its ids has an
// xid below BioTime's next xid read at that moment (the gap's horizon). Once the oldest running
// xid has passed that horizon, all of them have ended, and a read after that sees every one of
// them that committed. The cost is two indexed queries per drain and no table scans, however
// large the table is.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from '../config/logger';
import type { BiotimeSource } from '../db/biotime-source';
import { readPosition, savePosition, type IdRange } from '../db/repositories/biotime-cursor';
import { writeAudit } from '../db/repositories/audit';
import { normalizeBiotimeRow, type BiotimeRow } from '../domain/biotime';
import { biotimeLocalToUtc } from '../domain/time';
import { recordCursorLag, recordPunchRelayed } from '../config/metrics';
import { withTenant } from '../db/tenant-scope';
import { PunchIdTakenError, startPunchWorkflow } from './start-workflows';

/** How long a gap stays open at least: far longer than nextval() → first write inside one INSERT. */
export const GAP_SETTLE_MS = 2_000;

export interface RelayDeps {
  /** Works as the app role: cursor and audit writes are scoped to the source's tenant. */
  appPool: Pool;
  source: BiotimeSource;
  client: Client;
  /** Start punch workflows eagerly: the client shares this process's worker's NativeConnection. */
  eagerStart?: boolean;
  log: Logger;
  sourceKey: string;
  /** The source's UUID: part of every punch's identity, so two BioTime servers' row ids never collide. */
  sourceUid: string;
  tenantId: number;
  timeZone: string;
  batchSize?: number;
  parallelStarts?: number;
  /** The clock (tests move it); Date.now by default. */
  now?: () => number;
}

export interface DrainResult {
  handed: number;
  cursor: number;
  /** Id ranges below the cursor still waiting for their transactions to end. */
  openGaps: number;
}

interface GapWatch {
  openedAt: number;
  /** BioTime's next xid once the gap had been open GAP_SETTLE_MS; null before. */
  horizon: bigint | null;
}

type Outcome = true | Error;

export class BiotimeRelay {
  private running: Promise<DrainResult> | null = null;
  private again = false;
  private readonly batchSize: number;
  private readonly parallelStarts: number;
  private readonly now: () => number;
  /** When each open gap ("from-to") was first seen in this process, and its horizon. */
  private readonly gapWatches = new Map<string, GapWatch>();
  /** Ids inside open gaps already handed over, so a re-read does not start them again. */
  private readonly handedInGaps = new Set<number>();
  /** The cursor as last read or saved, for the lag metrics (null before the first drain read it). */
  private lastCursor: number | null = null;

  constructor(private readonly deps: RelayDeps) {
    this.batchSize = deps.batchSize ?? 200;
    this.parallelStarts = deps.parallelStarts ?? 32;
    this.now = deps.now ?? Date.now;
  }

  /** Runs one drain at a time; a request during a drain makes it go round once more. */
  drain(): Promise<DrainResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      let last: DrainResult = { handed: 0, cursor: 0, openGaps: 0 };
      try {
        do {
          this.again = false;
          last = await this.drainOnce();
          total += last.handed;
        } while (this.again);
        return { ...last, handed: total };
      } finally {
        this.running = null;
        // After every drain, failed ones included: a growing lag is how an outage shows.
        void this.measureLag().catch(() => undefined);
      }
    })();
    return this.running;
  }

  /** How far the cursor is behind BioTime's newest row, in ids and in seconds. */
  private async measureLag(): Promise<void> {
    if (this.lastCursor === null) return;
    const cursor = this.lastCursor;
    const { newestId, firstWaiting } = await this.deps.source.lagBehind(cursor);
    const since = firstWaiting ? rowArrivedAt(firstWaiting, this.deps.timeZone) : null;
    recordCursorLag(this.deps.sourceKey, newestId - cursor, since === null ? 0 : (this.now() - since) / 1000);
  }

  /** Resolves when no drain is running (for a clean shutdown). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async drainOnce(): Promise<DrainResult> {
    const { appPool, sourceKey, tenantId } = this.deps;
    const position = await withTenant(appPool, tenantId, (tx) => readPosition(tx, sourceKey));
    let cursor = position.cursor ?? 0;
    let gaps = position.openGaps;
    this.lastCursor = cursor;
    const save = async () => {
      await withTenant(appPool, tenantId, (tx) => savePosition(tx, sourceKey, { cursor, openGaps: gaps }));
      this.lastCursor = cursor;
    };

    // Rows that were missing below the cursor: committed since, or gone for good?
    let handed = 0;
    if (gaps.length > 0) {
      const refill = await this.refillGaps(gaps);
      handed += refill.handed;
      gaps = refill.gaps;
      await save();
      if (refill.failure) throw refill.failure;
    }

    for (;;) {
      const rows = await this.deps.source.rowsAfter(cursor, this.batchSize);
      if (rows.length === 0) return { handed, cursor, openGaps: gaps.length };
      const outcomes = await this.handOver(rows);
      // Advance over the longest prefix Temporal accepted: never past a row that failed.
      const firstFailure = outcomes.findIndex((o) => o instanceof Error);
      const accepted = firstFailure === -1 ? outcomes.length : firstFailure;
      if (accepted > 0) {
        const read = rows.slice(0, accepted).map((r) => Number(r.id));
        gaps = [...gaps, ...missingBetween(cursor, read)];
        cursor = read.at(-1)!;
        handed += accepted;
        await save();
      }
      if (firstFailure !== -1) throw outcomes[firstFailure] as Error;
      this.deps.log.debug({ cursor, batch: rows.length, openGaps: gaps.length }, 'handed BioTime rows to Temporal');
    }
  }

  /** Hands over what committed inside the open gaps and closes the gaps that can no longer fill. */
  private async refillGaps(gaps: IdRange[]): Promise<{ handed: number; gaps: IdRange[]; failure: Error | null }> {
    const { source, log } = this.deps;
    // The horizon first, then the read: a transaction that ended before the horizon was taken
    // is visible to the read if it committed.
    const horizon = await source.transactionHorizon();
    const rows = (await source.rowsIn(gaps)).filter((r) => !this.handedInGaps.has(Number(r.id)));
    const outcomes = await this.handOver(rows);
    let failure: Error | null = null;
    rows.forEach((row, i) => {
      const outcome = outcomes[i]!;
      if (outcome === true) this.handedInGaps.add(Number(row.id));
      else failure ??= outcome;
    });
    if (rows.length > 0) log.info({ ids: rows.map((r) => Number(r.id)) }, 'BioTime rows committed after later rows; handed over now');

    const now = this.now();
    const open: IdRange[] = [];
    for (const gap of gaps) {
      const key = `${gap[0]}-${gap[1]}`;
      const watch = this.gapWatches.get(key) ?? { openedAt: now, horizon: null };
      this.gapWatches.set(key, watch);
      const unhanded = rows.some((r, i) => Number(r.id) >= gap[0] && Number(r.id) <= gap[1] && outcomes[i] !== true);
      if (watch.horizon !== null && horizon.oldestRunning >= watch.horizon && !unhanded) {
        // Every transaction that could have used these ids has ended: nothing more will appear.
        this.gapWatches.delete(key);
        for (const id of this.handedInGaps) if (id >= gap[0] && id <= gap[1]) this.handedInGaps.delete(id);
        continue;
      }
      if (watch.horizon === null && now - watch.openedAt >= GAP_SETTLE_MS) watch.horizon = horizon.next;
      open.push(gap);
    }
    return { handed: rows.length - outcomes.filter((o) => o !== true).length, gaps: open, failure };
  }

  private async handOver(rows: BiotimeRow[]): Promise<Outcome[]> {
    const { client, source, tenantId, sourceUid, sourceKey, timeZone, appPool, log } = this.deps;
    const skip = (row: BiotimeRow, action: string, reason: string) =>
      withTenant(appPool, tenantId, (tx) =>
        writeAudit(tx, { tenantId, actor: 'system:biotime', action, target: `${source.table}:${row.id}`, payload: { reason } }),
      );
    const outcomes: Outcome[] = new Array(rows.length);
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const index = next++;
        const row = rows[index]!;
        try {
          const normalized = normalizeBiotimeRow(source.table, row, timeZone, { tenantId, uid: sourceUid });
          if (normalized.ok) {
            // Counted once, when started: a re-read after a crash finds it started already.
            const started = await startPunchWorkflow(client, normalized.punch, { eager: this.deps.eagerStart });
            if (started !== 'duplicate') {
              const arrived = rowArrivedAt(row, timeZone);
              recordPunchRelayed(sourceKey, arrived === null ? null : (this.now() - arrived) / 1000, started === 'eagerly started');
            }
          } else {
            // A row we can never use must not hold up every punch after it.
            log.warn({ id: row.id, reason: normalized.reason }, 'skipping unusable BioTime row');
            await skip(row, 'biotime.row.skipped', normalized.reason);
          }
          outcomes[index] = true;
        } catch (err) {
          if (err instanceof PunchIdTakenError) {
            // Not this punch's workflow: never taken as done, and never allowed to block the rest.
            log.error({ id: row.id, workflowId: err.workflowId }, 'a different punch already holds this BioTime row\'s workflow id; skipped, see the audit log');
            outcomes[index] = await skip(row, 'biotime.row.conflict', err.message).then(() => true as const, (e: unknown) => (e instanceof Error ? e : new Error(String(e))));
            continue;
          }
          outcomes[index] = err instanceof Error ? err : new Error(String(err));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallelStarts, rows.length) }, lane));
    return outcomes;
  }
}

/**
 * When a row reached BioTime (ms since the epoch), or null when it carries no readable time: its
 * upload_time (iclock_transaction's insert time), or its punch_time when that is later (a server
 * whose clock or zone differs from BIOTIME_TIMEZONE) or the only time the table has (attendance_log).
 */
export function rowArrivedAt(row: BiotimeRow, zone: string): number | null {
  const times = [row.upload_time, row.punch_time].map((value) => {
    if (value instanceof Date) return value.getTime();
    if (typeof value !== 'string' || value.trim() === '') return null;
    try {
      return biotimeLocalToUtc(value, zone).getTime();
    } catch {
      return null;
    }
  });
  const known = times.filter((t): t is number => t !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** The id ranges after `cursor` and up to the last of `read` (ascending) that `read` skips. */
export function missingBetween(cursor: number, read: number[]): IdRange[] {
  const gaps: IdRange[] = [];
  let expected = cursor + 1;
  for (const id of read) {
    if (id > expected) gaps.push([expected, id - 1]);
    expected = id + 1;
  }
  return gaps;
}
