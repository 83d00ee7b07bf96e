// Salary advances: requested under the member's row lock so the monthly limit can never be
// exceeded by racing requests; decided once.
import { randomUUID } from 'node:crypto';
import { requestWorkflowId, type RequestStatus } from '../../domain/requests';
import { one, type Queryable } from '../queryable';
import { requestOfSubmission, settleRequestRow, type RequestRow, type Resubmission, type Settlement } from './requests';

export interface Advance {
  id: number;
  /** Unique for all time: names the workflow and the decision buttons. */
  uid: string;
  tenantId: number;
  memberId: number;
  amount: number;
  currency: string;
  reason: string | null;
  status: RequestStatus;
  decidedBy: string | null;
  decisionReason: string | null;
  workflowId: string;
  expiresAt: Date;
}

interface AdvanceRow {
  id: number;
  uid: string;
  tenant_id: number;
  member_id: number;
  amount: number;
  currency: string;
  reason: string | null;
  status: Advance['status'];
  decided_by: string | null;
  decision_reason: string | null;
  workflow_id: string;
  expires_at: Date;
}

const toAdvance = (r: AdvanceRow): Advance => ({
  id: r.id, uid: r.uid, tenantId: r.tenant_id, memberId: r.member_id, amount: r.amount, currency: r.currency, reason: r.reason,
  status: r.status, decidedBy: r.decided_by, decisionReason: r.decision_reason, workflowId: r.workflow_id, expiresAt: r.expires_at,
});

export interface Month {
  start: Date;
  end: Date;
}

/** Approved and pending advances of the member this month (optionally only approved ones). */
export async function advancesUsed(db: Queryable, tenantId: number, memberId: number, month: Month, approvedOnly = false, except?: number): Promise<number> {
  const row = await one<{ used: number }>(
    db,
    `SELECT coalesce(sum(amount), 0)::bigint AS used FROM advances
     WHERE tenant_id = $1 AND member_id = $2 AND requested_at >= $3 AND requested_at < $4
       AND status = ANY($5) AND id <> coalesce($6, -1)`,
    [tenantId, memberId, month.start, month.end, approvedOnly ? ['approved'] : ['approved', 'pending'], except ?? null],
  );
  return row?.used ?? 0;
}

export async function memberAdvanceLimit(db: Queryable, memberId: number, tenantDefault: number): Promise<number> {
  const row = await one<{ advance_limit: number | null }>(db, 'SELECT advance_limit FROM members WHERE id = $1', [memberId]);
  return row?.advance_limit ?? tenantDefault;
}

export type AdvanceRequestResult =
  | { ok: true; advance: Advance; used: number; resubmitted?: Resubmission }
  | { ok: false; reason: 'over-limit'; used: number };

export async function requestAdvance(
  db: Queryable,
  r: {
    tenantId: number; memberId: number; amount: number; currency: string; reason: string | null; limit: number; month: Month; expiresAt: Date;
    /** The submission it comes from (see requestOfSubmission): the same one handled again files nothing new. */
    submissionKey: string | null;
  },
): Promise<AdvanceRequestResult> {
  await db.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [r.memberId]);
  const used = await advancesUsed(db, r.tenantId, r.memberId, r.month);
  const earlier = r.submissionKey ? await requestOfSubmission(db, 'advance', r.memberId, r.submissionKey) : null;
  if (earlier) return { ok: true, advance: (await getAdvance(db, earlier.id))!, used, resubmitted: { handed: earlier.handed } };
  if (used + r.amount > r.limit) return { ok: false, reason: 'over-limit', used };
  const uid = randomUUID();
  const row = await one<AdvanceRow>(
    db,
    `INSERT INTO advances (uid, tenant_id, member_id, amount, currency, reason, expires_at, workflow_id, submission_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [uid, r.tenantId, r.memberId, r.amount, r.currency, r.reason, r.expiresAt, requestWorkflowId('advance', uid), r.submissionKey],
  );
  return { ok: true, advance: toAdvance(row!), used };
}

export async function getAdvance(db: Queryable, id: number): Promise<Advance | undefined> {
  const row = await one<AdvanceRow>(db, 'SELECT * FROM advances WHERE id = $1', [id]);
  return row && toAdvance(row);
}

/** Leaves 'pending' once; a later call returns the decision already taken. */
export async function settleAdvance(db: Queryable, id: number, outcome: Settlement): Promise<{ advance: Advance; wasPending: boolean }> {
  const { row, wasPending } = await settleRequestRow<AdvanceRow & RequestRow>(db, 'advance', id, outcome);
  return { advance: toAdvance(row), wasPending };
}
