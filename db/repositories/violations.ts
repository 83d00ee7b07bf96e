// What the rules engine found, and its reversals. A violation row never changes; voiding one
// is a row in violation_voids, which every sum of penalties subtracts.
import type { ViolationKind } from '../../domain/attendance-rules';
import { one, type Queryable } from '../queryable';

export interface StoredViolation {
  id: number;
  punchId: number;
  workday: string;
  kind: ViolationKind;
  breakType: string | null;
  minutes: number;
  amount: number;
  currency: string;
  free: boolean;
}

/** Violations of the member on these workdays that are not voided. */
export async function standingViolations(db: Queryable, memberId: number, from: string, to: string): Promise<StoredViolation[]> {
  const { rows } = await db.query<{
    id: number; punch_id: number; workday: string; kind: ViolationKind; break_type: string | null; minutes: number; amount: number; currency: string; free: boolean;
  }>(
    `SELECT v.id, v.punch_id, v.workday::text AS workday, v.kind, v.break_type, v.minutes, v.amount, v.currency, v.free
     FROM violations v LEFT JOIN violation_voids x ON x.violation_id = v.id
     WHERE v.member_id = $1 AND v.workday BETWEEN $2 AND $3 AND x.violation_id IS NULL ORDER BY v.id`,
    [memberId, from, to],
  );
  return rows.map((r) => ({
    id: r.id, punchId: r.punch_id, workday: r.workday, kind: r.kind, breakType: r.break_type, minutes: r.minutes, amount: r.amount, currency: r.currency, free: r.free,
  }));
}

/** How many standing violations of this kind the member had in the workday's month (for the free allowance). */
export async function priorThisMonth(db: Queryable, memberId: number, kind: ViolationKind, workday: string, exceptPunchId: number): Promise<number> {
  const row = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM violations v LEFT JOIN violation_voids x ON x.violation_id = v.id
     WHERE v.member_id = $1 AND v.kind = $2
       AND v.workday >= date_trunc('month', $3::date) AND v.workday < date_trunc('month', $3::date) + interval '1 month'
       AND v.punch_id <> $4 AND x.violation_id IS NULL`,
    [memberId, kind, workday, exceptPunchId],
  );
  return row?.n ?? 0;
}

export interface NewViolation {
  tenantId: number;
  memberId: number;
  punchId: number;
  workday: string;
  kind: ViolationKind;
  breakType: string | null;
  minutes: number;
  amount: number;
  currency: string;
  free: boolean;
  workflowId: string;
  /** Found again by re-judging a day after this correction. */
  correctionId?: number | null;
}

/** Stores it once per (punch, kind[, correction]); true when this call stored it. */
export async function recordViolation(db: Queryable, v: NewViolation): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO violations (tenant_id, member_id, punch_id, workday, kind, break_type, minutes, amount, currency, free, workflow_id, correction_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
    [v.tenantId, v.memberId, v.punchId, v.workday, v.kind, v.breakType, v.minutes, v.amount, v.currency, v.free, v.workflowId, v.correctionId ?? null],
  );
  return (inserted.rowCount ?? 0) > 0;
}

export type PenaltyAmount = Pick<StoredViolation, 'amount' | 'currency'>;

/** What a leave or correction voided (whichever call did it). */
export async function voidedBy(db: Queryable, cause: 'leave' | 'correction', causeId: number): Promise<PenaltyAmount[]> {
  const { rows } = await db.query<PenaltyAmount>(
    `SELECT v.amount, v.currency FROM violation_voids x JOIN violations v ON v.id = x.violation_id
     WHERE x.cause = $1 AND x.cause_id = $2 ORDER BY v.id`,
    [cause, causeId],
  );
  return rows;
}

/** The charged violations a correction's new judgement of the day recorded. */
export async function chargedByCorrection(db: Queryable, correctionId: number): Promise<PenaltyAmount[]> {
  const { rows } = await db.query<PenaltyAmount>('SELECT amount, currency FROM violations WHERE correction_id = $1 AND NOT free ORDER BY id', [correctionId]);
  return rows;
}

/** Reverses violations (once each); returns those this call voided. */
export async function voidViolations(
  db: Queryable,
  tenantId: number,
  violations: StoredViolation[],
  cause: { kind: 'leave' | 'correction'; id: number; workflowId: string },
): Promise<StoredViolation[]> {
  const voided: StoredViolation[] = [];
  for (const v of violations) {
    const r = await db.query(
      `INSERT INTO violation_voids (violation_id, tenant_id, cause, cause_id, amount, workflow_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [v.id, tenantId, cause.kind, cause.id, v.amount, cause.workflowId],
    );
    if (r.rowCount) voided.push(v);
  }
  return voided;
}
