// Leave requests and compensatory days. A request is stored under the member's row lock, so
// overlapping requests and comp days spent twice can never both get in.
import type { LeaveType } from '../../domain/leave';
import { randomUUID } from 'node:crypto';
import { requestWorkflowId, type RequestStatus } from '../../domain/requests';
import { one, type Queryable } from '../queryable';
import { requestOfSubmission, settleRequestRow, type RequestRow, type Resubmission, type Settlement } from './requests';

export interface LeaveRequest {
  id: number;
  /** Unique for all time: names the workflow and the decision buttons. */
  uid: string;
  tenantId: number;
  memberId: number;
  leaveType: LeaveType;
  from: string;
  to: string;
  days: number;
  reason: string | null;
  status: RequestStatus;
  decidedBy: string | null;
  decisionReason: string | null;
  workflowId: string;
  expiresAt: Date;
}

interface LeaveRow extends RequestRow {
  leave_type: LeaveType;
  from_day: string;
  to_day: string;
  days: number;
}

const toLeave = (r: LeaveRow): LeaveRequest => ({
  id: r.id, uid: r.uid, tenantId: r.tenant_id, memberId: r.member_id, leaveType: r.leave_type, from: r.from_day, to: r.to_day, days: r.days,
  reason: r.reason, status: r.status, decidedBy: r.decided_by, decisionReason: r.decision_reason, workflowId: r.workflow_id, expiresAt: r.expires_at,
});

// Dates come back as yyyy-mm-dd text, never as a Date shifted by the server's zone.
const COLUMNS = `id, uid, tenant_id, member_id, leave_type, from_day::text AS from_day, to_day::text AS to_day, days, reason, status,
  requested_at, expires_at, decided_by, decision_reason, workflow_id`;

/** Comp days earned minus those spent or held by pending comp leave. */
export async function compBalance(db: Queryable, memberId: number, except?: number): Promise<{ earned: number; spent: number; balance: number }> {
  const row = await one<{ earned: number; spent: number }>(
    db,
    `SELECT (SELECT count(*)::int FROM comp_days WHERE member_id = $1) AS earned,
            (SELECT coalesce(sum(days), 0)::int FROM leave_requests
             WHERE member_id = $1 AND leave_type = 'comp' AND status IN ('pending', 'approved') AND id <> coalesce($2, -1)) AS spent`,
    [memberId, except ?? null],
  );
  const earned = row?.earned ?? 0;
  const spent = row?.spent ?? 0;
  return { earned, spent, balance: earned - spent };
}

export type LeaveRequestResult =
  | { ok: true; leave: LeaveRequest; resubmitted?: Resubmission }
  | { ok: false; reason: 'overlap'; with: { from: string; to: string; status: string } }
  | { ok: false; reason: 'no-balance'; balance: number };

export async function requestLeave(
  db: Queryable,
  r: {
    tenantId: number; memberId: number; leaveType: LeaveType; from: string; to: string; days: number; reason: string | null; expiresAt: Date;
    /** The submission it comes from (see requestOfSubmission): the same one handled again files nothing new. */
    submissionKey: string | null;
  },
): Promise<LeaveRequestResult> {
  await db.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [r.memberId]);
  const earlier = r.submissionKey ? await requestOfSubmission(db, 'leave', r.memberId, r.submissionKey) : null;
  if (earlier) return { ok: true, leave: (await getLeave(db, earlier.id))!, resubmitted: { handed: earlier.handed } };
  const overlap = await one<{ from_day: string; to_day: string; status: string }>(
    db,
    `SELECT from_day::text AS from_day, to_day::text AS to_day, status FROM leave_requests
     WHERE member_id = $1 AND status IN ('pending', 'approved') AND from_day <= $3 AND to_day >= $2 ORDER BY from_day LIMIT 1`,
    [r.memberId, r.from, r.to],
  );
  if (overlap) return { ok: false, reason: 'overlap', with: { from: overlap.from_day, to: overlap.to_day, status: overlap.status } };
  if (r.leaveType === 'comp') {
    const { balance } = await compBalance(db, r.memberId);
    if (balance < r.days) return { ok: false, reason: 'no-balance', balance };
  }
  const uid = randomUUID();
  const row = await one<LeaveRow>(
    db,
    `INSERT INTO leave_requests (uid, tenant_id, member_id, leave_type, from_day, to_day, days, reason, expires_at, workflow_id, submission_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [uid, r.tenantId, r.memberId, r.leaveType, r.from, r.to, r.days, r.reason, r.expiresAt, requestWorkflowId('leave', uid), r.submissionKey],
  );
  return { ok: true, leave: toLeave(row!) };
}

export async function getLeave(db: Queryable, id: number): Promise<LeaveRequest | undefined> {
  const row = await one<LeaveRow>(db, `SELECT ${COLUMNS} FROM leave_requests WHERE id = $1`, [id]);
  return row && toLeave(row);
}

export async function settleLeave(db: Queryable, id: number, outcome: Settlement): Promise<{ leave: LeaveRequest; wasPending: boolean }> {
  const { row, wasPending } = await settleRequestRow<LeaveRow>(db, 'leave', id, outcome, COLUMNS);
  return { leave: toLeave(row), wasPending };
}

/** The approved leave covering the member's workday, if any. */
export async function leaveOn(db: Queryable, memberId: number, workday: string): Promise<{ id: number; leaveType: LeaveType } | null> {
  const row = await one<{ id: number; leave_type: LeaveType }>(
    db,
    "SELECT id, leave_type FROM leave_requests WHERE member_id = $1 AND status = 'approved' AND $2::date BETWEEN from_day AND to_day LIMIT 1",
    [memberId, workday],
  );
  return row ? { id: row.id, leaveType: row.leave_type } : null;
}

/** Records a comp day earned (once per member and day); true when this call recorded it. */
export async function earnCompDay(db: Queryable, c: { tenantId: number; memberId: number; workday: string; minutes: number; punchId: number }): Promise<boolean> {
  const inserted = await db.query(
    'INSERT INTO comp_days (tenant_id, member_id, workday, minutes, punch_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
    [c.tenantId, c.memberId, c.workday, c.minutes, c.punchId],
  );
  return (inserted.rowCount ?? 0) > 0;
}
