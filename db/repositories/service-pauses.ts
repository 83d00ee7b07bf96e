// When a company's attendance was not running (service_pauses): the bot removed from its group,
// or the subscription suspended or lapsed. The day's close and the month read them; nobody can be
// a no-show on a day they could not clock in.
import type { Queryable } from '../queryable';

export type PauseReason = 'bot-removed' | 'subscription';

export interface ServicePause {
  reason: PauseReason;
  startedAt: Date;
  /** Null while it lasts. */
  endedAt: Date | null;
}

interface PauseRow {
  reason: PauseReason;
  started_at: Date;
  ended_at: Date | null;
}

const toPause = (r: PauseRow): ServicePause => ({ reason: r.reason, startedAt: r.started_at, endedAt: r.ended_at });

/** Whether a pause overlaps [from, to) (as pausesOverlapping selects them). */
export function pauseOverlaps(pause: ServicePause, from: Date, to: Date): boolean {
  return pause.startedAt < to && (pause.endedAt === null || pause.endedAt > from);
}

/** Opens a pause unless one for the reason is open already; whether this call opened it. */
export async function openPause(db: Queryable, tenantId: number, reason: PauseReason, at: Date, actor: string): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO service_pauses (tenant_id, reason, started_at, started_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, reason) WHERE ended_at IS NULL DO NOTHING`,
    [tenantId, reason, at, actor],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Ends the reason's open pause (never before it began); the pause, or undefined when none was open. */
export async function endPause(db: Queryable, tenantId: number, reason: PauseReason, at: Date, actor: string): Promise<ServicePause | undefined> {
  const { rows } = await db.query<PauseRow>(
    `UPDATE service_pauses SET ended_at = greatest($3::timestamptz, started_at), ended_by = $4
     WHERE tenant_id = $1 AND reason = $2 AND ended_at IS NULL
     RETURNING reason, started_at, ended_at`,
    [tenantId, reason, at, actor],
  );
  return rows[0] && toPause(rows[0]);
}

/** A pause that already ended (a trial that had lapsed, found when it is renewed). */
export async function recordEndedPause(db: Queryable, tenantId: number, reason: PauseReason, from: Date, to: Date, actor: string): Promise<void> {
  await db.query(
    `INSERT INTO service_pauses (tenant_id, reason, started_at, ended_at, started_by, ended_by) VALUES ($1, $2, $3::timestamptz, greatest($3::timestamptz, $4::timestamptz), $5, $5)`,
    [tenantId, reason, from, to, actor],
  );
}

/**
 * Pauses overlapping [from, to), oldest first: those recorded, and a trial that has lapsed with
 * nothing recorded yet (it pauses the company from the trial's end until someone renews it).
 */
export async function pausesOverlapping(db: Queryable, tenantId: number, from: Date, to: Date): Promise<ServicePause[]> {
  const { rows } = await db.query<PauseRow>(
    `SELECT reason, started_at, ended_at FROM service_pauses
     WHERE tenant_id = $1 AND started_at < $3 AND (ended_at IS NULL OR ended_at > $2)
     UNION ALL
     SELECT 'subscription', t.trial_ends_at, NULL FROM tenants t
     WHERE t.id = $1 AND t.subscription_state = 'trial' AND t.trial_ends_at <= now() AND t.trial_ends_at < $3
       AND NOT EXISTS (SELECT 1 FROM service_pauses p WHERE p.tenant_id = t.id AND p.reason = 'subscription' AND p.ended_at IS NULL)
     ORDER BY started_at`,
    [tenantId, from, to],
  );
  return rows.map(toPause);
}

/** Whether the bot is away from the company's group now (removed and not added back). */
export async function botAway(db: Queryable, tenantId: number): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM service_pauses WHERE tenant_id = $1 AND reason = 'bot-removed' AND ended_at IS NULL", [tenantId]);
  return rows.length > 0;
}
