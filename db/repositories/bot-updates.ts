// The bot's webhook inbox (see the migration bot-update-inbox): stored on receipt, taken one
// conversation at a time in update_id order, leased while handled, marked handled after.
import type { Update } from 'grammy/types';
import { orderKeyOf } from '../../domain/update-order';
import type { Queryable } from '../queryable';

export const BOT_UPDATES_CHANNEL = 'bot_updates';

/** Stores an update as received; false when it was stored already (Telegram delivered it again). */
export async function storeUpdate(db: Queryable, update: Update): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH stored AS (
       INSERT INTO bot_updates (update_id, order_key, payload) VALUES ($1, $2, $3)
       ON CONFLICT (update_id) DO NOTHING RETURNING update_id
     )
     SELECT pg_notify('${BOT_UPDATES_CHANNEL}', '') FROM stored`,
    [update.update_id, orderKeyOf(update), JSON.stringify(update)],
  );
  return rowCount === 1;
}

export interface ClaimedUpdate {
  updateId: number;
  update: Update;
  receivedAt: Date;
  attempts: number;
}

/**
 * Leases up to `limit` updates, each the first pending one of its conversation and not leased by
 * another replica: a conversation's next update is taken only once the one before is handled.
 *
 * Telegram posts several updates at once, so update 11 can be stored a moment before update 10.
 * Update ids are consecutive, so an update whose predecessor is not stored yet waits up to
 * `reorderSeconds` for it (the predecessor is then almost always in flight to some replica).
 */
export async function claimUpdates(db: Queryable, who: string, limit: number, leaseSeconds: number, reorderSeconds = 0.25): Promise<ClaimedUpdate[]> {
  const { rows } = await db.query<{ update_id: string; payload: Update; received_at: Date; attempts: number }>(
    `WITH heads AS (
       SELECT DISTINCT ON (order_key) update_id
       FROM bot_updates WHERE handled_at IS NULL
       ORDER BY order_key, update_id
     ), free AS (
       SELECT b.update_id FROM bot_updates b JOIN heads h USING (update_id)
       WHERE b.handled_at IS NULL AND (b.claimed_until IS NULL OR b.claimed_until < now()) AND b.not_before <= now()
         AND (b.received_at <= clock_timestamp() - make_interval(secs => $4)
              OR EXISTS (SELECT 1 FROM bot_updates p WHERE p.update_id = b.update_id - 1))
       ORDER BY b.update_id
       LIMIT $2
       FOR UPDATE OF b SKIP LOCKED
     )
     UPDATE bot_updates u
     SET claimed_by = $1, claimed_until = now() + make_interval(secs => $3), attempts = u.attempts + 1
     FROM free WHERE u.update_id = free.update_id
     RETURNING u.update_id, u.payload, u.received_at, u.attempts`,
    [who, limit, leaseSeconds, reorderSeconds],
  );
  return rows
    .map((r) => ({ updateId: Number(r.update_id), update: r.payload, receivedAt: r.received_at, attempts: r.attempts }))
    .sort((a, b) => a.updateId - b.updateId);
}

/** Extends the lease of the updates this replica is still handling. */
export async function renewLeases(db: Queryable, who: string, updateIds: number[], leaseSeconds: number): Promise<void> {
  if (updateIds.length === 0) return;
  await db.query(
    `UPDATE bot_updates SET claimed_until = now() + make_interval(secs => $3)
     WHERE update_id = ANY($2::bigint[]) AND claimed_by = $1 AND handled_at IS NULL`,
    [who, updateIds, leaseSeconds],
  );
}

/** Done (or given up after `failure`): the conversation's next update may be taken. */
export async function markHandled(db: Queryable, updateId: number, failure?: string): Promise<void> {
  // Wakes every replica: the conversation's next update, if any, may now be taken.
  await db.query(
    `WITH done AS (UPDATE bot_updates SET handled_at = now(), claimed_until = NULL, failure = $2 WHERE update_id = $1 RETURNING 1)
     SELECT pg_notify('${BOT_UPDATES_CHANNEL}', '') FROM done`,
    [updateId, failure ?? null],
  );
}

/** Handling failed: the lease ends and the update is tried again after `retryInSeconds`. */
export async function releaseForRetry(db: Queryable, updateId: number, retryInSeconds: number, failure: string): Promise<void> {
  await db.query(
    `UPDATE bot_updates SET claimed_by = NULL, claimed_until = NULL, not_before = now() + make_interval(secs => $2), failure = $3 WHERE update_id = $1`,
    [updateId, retryInSeconds, failure],
  );
}

/** Forgets handled updates older than `olderThanHours`; returns how many. */
export async function pruneHandledUpdates(db: Queryable, olderThanHours: number): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM bot_updates WHERE handled_at < now() - make_interval(hours => $1)`, [olderThanHours]);
  return rowCount ?? 0;
}
