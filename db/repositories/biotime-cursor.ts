import { one, type Queryable } from '../queryable';

/** The last BioTime row id that Temporal accepted for this source; null before the first start. */
export async function readCursor(db: Queryable, sourceKey: string): Promise<number | null> {
  const row = await one<{ last_id: number | null }>(db, 'SELECT last_id FROM biotime_sources WHERE source_key = $1', [sourceKey]);
  if (!row) throw new Error(`unknown BioTime source "${sourceKey}"`);
  return row.last_id;
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

/** Moves the cursor forward only; a late or repeated call never moves it back. */
export async function advanceCursor(db: Queryable, sourceKey: string, lastId: number): Promise<void> {
  await db.query(
    `UPDATE biotime_sources SET last_id = $2, updated_at = now() WHERE source_key = $1 AND last_id < $2`,
    [sourceKey, lastId],
  );
}
