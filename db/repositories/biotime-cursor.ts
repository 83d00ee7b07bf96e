import { one, type Queryable } from '../queryable';
import { NotFoundError } from '../errors';

/** An inclusive range of BioTime ids that were missing below the cursor when it was read. */
export type IdRange = readonly [from: number, to: number];

export interface RelayPosition {
  /** The highest BioTime row id read and handed to Temporal; null before the first start. */
  cursor: number | null;
  /** Ids below the cursor not seen yet whose transactions may still commit. */
  openGaps: IdRange[];
}

export async function readPosition(db: Queryable, sourceKey: string): Promise<RelayPosition> {
  const row = await one<{ last_id: number | null; open_gaps: Array<[number, number]> }>(
    db,
    'SELECT last_id, open_gaps FROM biotime_sources WHERE source_key = $1',
    [sourceKey],
  );
  if (!row) throw new NotFoundError(`unknown BioTime source "${sourceKey}"`);
  return { cursor: row.last_id, openGaps: row.open_gaps.map(([from, to]) => [Number(from), Number(to)] as const) };
}

/** The cursor alone (see readPosition). */
export async function readCursor(db: Queryable, sourceKey: string): Promise<number | null> {
  return (await readPosition(db, sourceKey)).cursor;
}

/** Sets the starting point once; later calls leave it alone. Returns the cursor in force. */
export async function initializeCursor(db: Queryable, sourceKey: string, startAfterId: number): Promise<number> {
  await db.query('UPDATE biotime_sources SET last_id = $2, updated_at = now() WHERE source_key = $1 AND last_id IS NULL', [
    sourceKey,
    startAfterId,
  ]);
  const cursor = await readCursor(db, sourceKey);
  return cursor ?? startAfterId;
}

/**
 * Saves the relay's position. The cursor only moves forward: a late or repeated call from behind
 * changes nothing (its view of the open gaps is older too).
 */
export async function savePosition(db: Queryable, sourceKey: string, position: { cursor: number; openGaps: IdRange[] }): Promise<void> {
  await db.query(
    `UPDATE biotime_sources SET last_id = $2, open_gaps = $3, updated_at = now()
     WHERE source_key = $1 AND (last_id IS NULL OR last_id <= $2)`,
    [sourceKey, position.cursor, JSON.stringify(position.openGaps)],
  );
}

/** Moves the cursor forward only; a late or repeated call never moves it back. */
export async function advanceCursor(db: Queryable, sourceKey: string, lastId: number): Promise<void> {
  await db.query(
    `UPDATE biotime_sources SET last_id = $2, updated_at = now() WHERE source_key = $1 AND last_id < $2`,
    [sourceKey, lastId],
  );
}
