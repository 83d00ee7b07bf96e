// Hands BioTime rows to Temporal in id order. NOTIFY only says "look now": the rows themselves
// are always read from the table after the cursor, so a lost or repeated notification, a crash
// or a Temporal outage can delay a punch but never lose or duplicate one.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from '../config/logger';
import type { BiotimeSource } from '../db/biotime-source';
import { advanceCursor, readCursor } from '../db/repositories/biotime-cursor';
import { writeAudit } from '../db/repositories/audit';
import { normalizeBiotimeRow } from '../domain/biotime';
import { withTenant } from '../db/tenant-scope';
import { startPunchWorkflow } from './start-workflows';

export interface RelayDeps {
  /** Works as the app role: cursor and audit writes are scoped to the source's tenant. */
  appPool: Pool;
  source: BiotimeSource;
  client: Client;
  log: Logger;
  sourceKey: string;
  tenantId: number;
  timeZone: string;
  batchSize?: number;
  parallelStarts?: number;
}

export interface DrainResult {
  handed: number;
  cursor: number;
}

export class BiotimeRelay {
  private running: Promise<DrainResult> | null = null;
  private again = false;
  private readonly batchSize: number;
  private readonly parallelStarts: number;

  constructor(private readonly deps: RelayDeps) {
    this.batchSize = deps.batchSize ?? 200;
    this.parallelStarts = deps.parallelStarts ?? 32;
  }

  /** Runs one drain at a time; a request during a drain makes it go round once more. */
  drain(): Promise<DrainResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      let cursor = 0;
      try {
        do {
          this.again = false;
          const result = await this.drainOnce();
          total += result.handed;
          cursor = result.cursor;
        } while (this.again);
        return { handed: total, cursor };
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Resolves when no drain is running (for a clean shutdown). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async drainOnce(): Promise<DrainResult> {
    const { appPool, source, sourceKey, log, tenantId } = this.deps;
    let cursor = (await withTenant(appPool, tenantId, (tx) => readCursor(tx, sourceKey))) ?? 0;
    let handed = 0;
    for (;;) {
      const rows = await source.rowsAfter(cursor, this.batchSize);
      if (rows.length === 0) return { handed, cursor };
      const outcomes = await this.handOver(rows);
      // Advance over the longest prefix Temporal accepted: never past a row that failed.
      const firstFailure = outcomes.findIndex((o) => o instanceof Error);
      const accepted = firstFailure === -1 ? outcomes.length : firstFailure;
      if (accepted > 0) {
        cursor = Number(rows[accepted - 1]!.id);
        const reached = cursor;
        await withTenant(appPool, tenantId, (tx) => advanceCursor(tx, sourceKey, reached));
        handed += accepted;
      }
      if (firstFailure !== -1) throw outcomes[firstFailure] as Error;
      log.debug({ cursor, batch: rows.length }, 'handed BioTime rows to Temporal');
    }
  }

  private async handOver(rows: Array<Record<string, unknown> & { id: number | string }>): Promise<Array<true | Error>> {
    const { client, source, tenantId, timeZone, appPool, log } = this.deps;
    const outcomes: Array<true | Error> = new Array(rows.length);
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const index = next++;
        const row = rows[index]!;
        try {
          const normalized = normalizeBiotimeRow(source.table, row, timeZone, tenantId);
          if (normalized.ok) {
            await startPunchWorkflow(client, normalized.punch);
          } else {
            // A row we can never use must not hold up every punch after it.
            log.warn({ id: row.id, reason: normalized.reason }, 'skipping unusable BioTime row');
            await withTenant(appPool, tenantId, (tx) =>
              writeAudit(tx, {
                tenantId,
                actor: 'system:biotime',
                action: 'biotime.row.skipped',
                target: `${source.table}:${row.id}`,
                payload: { reason: normalized.reason },
              }),
            );
          }
          outcomes[index] = true;
        } catch (err) {
          outcomes[index] = err instanceof Error ? err : new Error(String(err));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallelStarts, rows.length) }, lane));
    return outcomes;
  }
}
