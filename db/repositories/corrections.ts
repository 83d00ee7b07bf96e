// Correction requests for a forgotten or wrong clock-in, and the correcting punch recorded on
// approval (the original punch is kept; the correcting one names it).
import type { ClockWord } from '../../domain/clock-in';
import { randomUUID } from 'node:crypto';
import { requestWorkflowId, type RequestStatus } from '../../domain/requests';
import { one, type Queryable } from '../queryable';
import { requestOfSubmission, settleRequestRow, type RequestRow, type Resubmission, type Settlement } from './requests';

export interface Correction {
  id: number;
  /** Unique for all time: names the workflow and the decision buttons. */
  uid: string;
  tenantId: number;
  memberId: number;
  workday: string;
  action: ClockWord;
  punchedAt: Date;
  reason: string | null;
  status: RequestStatus;
  decidedBy: string | null;
  decisionReason: string | null;
  punchId: number | null;
  correctsPunchId: number | null;
  workflowId: string;
  expiresAt: Date;
}

interface CorrectionRow extends RequestRow {
  workday: string;
  action: ClockWord;
  punched_at: Date;
  punch_id: number | null;
  corrects_punch_id: number | null;
}

const toCorrection = (r: CorrectionRow): Correction => ({
  id: r.id, uid: r.uid, tenantId: r.tenant_id, memberId: r.member_id, workday: r.workday, action: r.action, punchedAt: r.punched_at, reason: r.reason,
  status: r.status, decidedBy: r.decided_by, decisionReason: r.decision_reason, punchId: r.punch_id, correctsPunchId: r.corrects_punch_id,
  workflowId: r.workflow_id, expiresAt: r.expires_at,
});

const COLUMNS = `id, uid, tenant_id, member_id, workday::text AS workday, action, punched_at, reason, status, requested_at, expires_at,
  decided_by, decision_reason, punch_id, corrects_punch_id, workflow_id`;

export type CorrectionRequestResult = { ok: true; correction: Correction; resubmitted?: Resubmission } | { ok: false; reason: 'duplicate' };

/** Stored under the member's lock; the same clock-in of the same day pending twice is refused. */
export async function requestCorrection(
  db: Queryable,
  r: {
    tenantId: number; memberId: number; workday: string; action: ClockWord; punchedAt: Date; reason: string | null; expiresAt: Date;
    /** The submission it comes from (see requestOfSubmission): the same one handled again files nothing new. */
    submissionKey: string | null;
  },
): Promise<CorrectionRequestResult> {
  await db.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [r.memberId]);
  const earlier = r.submissionKey ? await requestOfSubmission(db, 'correction', r.memberId, r.submissionKey) : null;
  if (earlier) return { ok: true, correction: (await getCorrection(db, earlier.id))!, resubmitted: { handed: earlier.handed } };
  const pending = await db.query(
    "SELECT 1 FROM corrections WHERE member_id = $1 AND workday = $2 AND action = $3 AND status = 'pending'",
    [r.memberId, r.workday, r.action],
  );
  if (pending.rowCount) return { ok: false, reason: 'duplicate' };
  const uid = randomUUID();
  const row = await one<CorrectionRow>(
    db,
    `INSERT INTO corrections (uid, tenant_id, member_id, workday, action, punched_at, reason, expires_at, workflow_id, submission_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
    [uid, r.tenantId, r.memberId, r.workday, r.action, r.punchedAt, r.reason, r.expiresAt, requestWorkflowId('correction', uid), r.submissionKey],
  );
  return { ok: true, correction: toCorrection(row!) };
}

export async function getCorrection(db: Queryable, id: number): Promise<Correction | undefined> {
  const row = await one<CorrectionRow>(db, `SELECT ${COLUMNS} FROM corrections WHERE id = $1`, [id]);
  return row && toCorrection(row);
}

export async function settleCorrection(db: Queryable, id: number, outcome: Settlement): Promise<{ correction: Correction; wasPending: boolean }> {
  const { row, wasPending } = await settleRequestRow<CorrectionRow>(db, 'correction', id, outcome, COLUMNS);
  return { correction: toCorrection(row), wasPending };
}

/** The correcting punch (once per correction: its source id is the correction's). */
export async function recordCorrectingPunch(
  db: Queryable,
  c: { correction: Correction; employeeCode: string; kind: string; breakType: string | null; correctsPunchId: number | null },
): Promise<number> {
  const { correction } = c;
  const inserted = await one<{ id: number }>(
    db,
    `INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, break_type, raw, workflow_id, corrects_punch_id)
     VALUES ($1, 'correction', $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, source, source_id) DO NOTHING RETURNING id`,
    [
      correction.tenantId, String(correction.id), c.employeeCode, correction.memberId, correction.punchedAt, c.kind, c.breakType,
      { correctionId: correction.id, action: correction.action, reason: correction.reason }, correction.workflowId, c.correctsPunchId,
    ],
  );
  const punchId = inserted?.id ?? (await one<{ id: number }>(db, "SELECT id FROM punches WHERE tenant_id = $1 AND source = 'correction' AND source_id = $2", [correction.tenantId, String(correction.id)]))!.id;
  await db.query('UPDATE corrections SET punch_id = $2, corrects_punch_id = $3 WHERE id = $1 AND punch_id IS NULL', [correction.id, punchId, c.correctsPunchId]);
  return punchId;
}
