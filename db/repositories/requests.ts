// What every request table (advances, leave_requests, corrections) shares: leaving 'pending'
// exactly once, the workflow hand-over mark, the sweep for requests a crash left without their
// workflow, and the list of pending requests for the panel.
import type { RequestKind, RequestStatus } from '../../domain/requests';
import { one, type Queryable } from '../queryable';
import { displayNameOf } from './members';
import { NotFoundError } from '../errors';

const TABLES: Record<RequestKind, string> = { advance: 'advances', leave: 'leave_requests', correction: 'corrections' };

export interface RequestRow {
  id: number;
  uid: string;
  tenant_id: number;
  member_id: number;
  status: RequestStatus;
  reason: string | null;
  requested_at: Date;
  expires_at: Date;
  decided_by: string | null;
  decision_reason: string | null;
  workflow_id: string;
}

export interface Settlement {
  status: Exclude<RequestStatus, 'pending'>;
  decidedBy: string | null;
  reason: string | null;
}

/**
 * Leaves 'pending' once; `wasPending` tells whether this call did it (a later call, or a
 * retried activity, finds the decision already taken and returns the row as it is).
 */
export async function settleRequestRow<R extends RequestRow>(
  db: Queryable,
  kind: RequestKind,
  id: number,
  outcome: Settlement,
  columns = '*',
): Promise<{ row: R; wasPending: boolean }> {
  const updated = await one<R>(
    db,
    `UPDATE ${TABLES[kind]} SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4
     WHERE id = $1 AND status = 'pending' RETURNING ${columns}`,
    [id, outcome.status, outcome.decidedBy, outcome.reason],
  );
  if (updated) return { row: updated, wasPending: true };
  const row = await one<R>(db, `SELECT ${columns} FROM ${TABLES[kind]} WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError(`${kind} ${id} not found`);
  return { row, wasPending: false };
}

/** The request's workflow id as stored with it, or null when there is no such request (in the current tenant). */
export async function requestWorkflowIdOf(db: Queryable, kind: RequestKind, id: number): Promise<string | null> {
  const row = await one<{ workflow_id: string }>(db, `SELECT workflow_id FROM ${TABLES[kind]} WHERE id = $1`, [id]);
  return row?.workflow_id ?? null;
}

/** Platform path: the request a UUID names (from a button or a workflow id), whatever its tenant. */
export async function findRequestByUid(db: Queryable, kind: RequestKind, uid: string): Promise<{ tenantId: number; id: number } | null> {
  const row = await one<{ tenant_id: number; id: number }>(db, `SELECT tenant_id, id FROM ${TABLES[kind]} WHERE uid = $1`, [uid]);
  return row ? { tenantId: row.tenant_id, id: row.id } : null;
}

/**
 * Platform path: whether a request made before UUIDs exists under the serial ids an old button
 * names. Only such a request answers to them: a request made since (or in a recreated database)
 * never does, however its serial id compares.
 */
export async function legacyRequestExists(db: Queryable, kind: RequestKind, tenantId: number, id: number): Promise<boolean> {
  const row = await one<{ found: boolean }>(
    db,
    `SELECT EXISTS (SELECT 1 FROM ${TABLES[kind]} WHERE id = $1 AND tenant_id = $2 AND workflow_id = $3) AS found`,
    [id, tenantId, `${kind}:${tenantId}:${id}`],
  );
  return !!row?.found;
}

/** Whose request it is and its workflow, or null when there is no such request (in the current tenant). */
export async function requestOwner(db: Queryable, kind: RequestKind, id: number): Promise<{ memberId: number; telegramUserId: number; workflowId: string } | null> {
  const row = await one<{ member_id: number; telegram_user_id: number; workflow_id: string }>(
    db,
    `SELECT r.member_id, m.telegram_user_id, r.workflow_id FROM ${TABLES[kind]} r JOIN members m ON m.id = r.member_id WHERE r.id = $1`,
    [id],
  );
  return row ? { memberId: row.member_id, telegramUserId: Number(row.telegram_user_id), workflowId: row.workflow_id } : null;
}

/** The request's status and whether its workflow was started, or null when there is no such request (in the current tenant). */
export async function requestStatus(db: Queryable, kind: RequestKind, id: number): Promise<{ status: RequestStatus; handedOff: boolean } | null> {
  const row = await one<{ status: RequestStatus; handed: boolean }>(db, `SELECT status, handed_at IS NOT NULL AS handed FROM ${TABLES[kind]} WHERE id = $1`, [id]);
  return row ? { status: row.status, handedOff: row.handed } : null;
}

/**
 * The request a submission (a Telegram message, a panel form's key) already filed for this member,
 * if any, and whether its workflow was started. Run under the member's row lock.
 */
export async function requestOfSubmission(db: Queryable, kind: RequestKind, memberId: number, key: string): Promise<{ id: number; handed: boolean } | null> {
  const row = await one<{ id: number; handed: boolean }>(
    db,
    `SELECT id, handed_at IS NOT NULL AS handed FROM ${TABLES[kind]} WHERE member_id = $1 AND submission_key = $2`,
    [memberId, key],
  );
  return row ?? null;
}

/** A submission handled again: the request it filed the first time, and whether that one was handed to its workflow. */
export interface Resubmission {
  handed: boolean;
}

export async function markRequestHandedOff(db: Queryable, kind: RequestKind, id: number): Promise<void> {
  await db.query(`UPDATE ${TABLES[kind]} SET handed_at = now() WHERE id = $1 AND handed_at IS NULL`, [id]);
}

export interface UnhandedRequest {
  kind: RequestKind;
  id: number;
  tenantId: number;
}

/** Platform path: pending requests stored over `olderThanSeconds` ago whose workflow never started. */
export async function requestsNotHandedOff(db: Queryable, olderThanSeconds: number): Promise<UnhandedRequest[]> {
  const parts = (Object.entries(TABLES) as Array<[RequestKind, string]>).map(
    ([kind, table]) => `SELECT '${kind}' AS kind, id, tenant_id, requested_at FROM ${table}
       WHERE status = 'pending' AND handed_at IS NULL AND requested_at < now() - make_interval(secs => $1)`,
  );
  const { rows } = await db.query<{ kind: RequestKind; id: number; tenant_id: number }>(`${parts.join(' UNION ALL ')} ORDER BY requested_at LIMIT 100`, [olderThanSeconds]);
  return rows.map((r) => ({ kind: r.kind, id: r.id, tenantId: r.tenant_id }));
}

export interface PendingRequest {
  kind: RequestKind;
  id: number;
  uid: string;
  workflowId: string;
  memberId: number;
  memberName: string;
  requestedAt: Date;
  expiresAt: Date;
  reason: string | null;
  /** What is asked: the amount, the leave, or the corrected clock-in. */
  details:
    | { amount: number; currency: string }
    | { leaveType: string; from: string; to: string; days: number }
    | { workday: string; action: string; punchedAt: Date };
}

/** A tenant's pending requests, or one member's, oldest first (run inside the tenant's scope). */
export async function pendingRequests(db: Queryable, tenantId: number, memberId: number | null = null): Promise<PendingRequest[]> {
  const { rows } = await db.query<{
    kind: RequestKind; id: number; uid: string; workflow_id: string; member_id: number; telegram_username: string | null; full_name: string;
    requested_at: Date; expires_at: Date; reason: string | null; details: Record<string, unknown>;
  }>(
    `WITH pending AS (
       SELECT 'advance' AS kind, id, uid, workflow_id, member_id, requested_at, expires_at, reason,
              jsonb_build_object('amount', amount, 'currency', currency) AS details
       FROM advances WHERE tenant_id = $1 AND status = 'pending' AND ($2::bigint IS NULL OR member_id = $2)
       UNION ALL
       SELECT 'leave', id, uid, workflow_id, member_id, requested_at, expires_at, reason,
              jsonb_build_object('leaveType', leave_type, 'from', from_day, 'to', to_day, 'days', days)
       FROM leave_requests WHERE tenant_id = $1 AND status = 'pending' AND ($2::bigint IS NULL OR member_id = $2)
       UNION ALL
       SELECT 'correction', id, uid, workflow_id, member_id, requested_at, expires_at, reason,
              jsonb_build_object('workday', workday, 'action', action, 'punchedAt', punched_at)
       FROM corrections WHERE tenant_id = $1 AND status = 'pending' AND ($2::bigint IS NULL OR member_id = $2)
     )
     SELECT p.*, m.telegram_username, m.full_name
     FROM pending p JOIN members m ON m.id = p.member_id
     ORDER BY p.requested_at, p.kind, p.id`,
    [tenantId, memberId],
  );
  return rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    uid: r.uid,
    workflowId: r.workflow_id,
    memberId: r.member_id,
    memberName: displayNameOf({ telegramUsername: r.telegram_username, fullName: r.full_name }),
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
    reason: r.reason,
    details: (r.kind === 'correction' ? { ...r.details, punchedAt: new Date(String(r.details.punchedAt)) } : r.details) as PendingRequest['details'],
  }));
}

/** Platform path: the request an admin's copy (chat, message) belongs to. */
export async function requestOfMessage(db: Queryable, chatId: number, messageId: number): Promise<{ tenantId: number; workflowId: string } | null> {
  const row = await one<{ tenant_id: number; workflow_id: string }>(
    db,
    'SELECT tenant_id, workflow_id FROM request_messages WHERE chat_id = $1 AND message_id = $2',
    [chatId, messageId],
  );
  return row ? { tenantId: row.tenant_id, workflowId: row.workflow_id } : null;
}

/** The admins' copies of a request, so each can be edited once it is decided. */
export async function saveRequestMessages(db: Queryable, tenantId: number, workflowId: string, messages: Array<{ chatId: number; messageId: number }>): Promise<void> {
  for (const m of messages) {
    await db.query(
      'INSERT INTO request_messages (tenant_id, workflow_id, chat_id, message_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [tenantId, workflowId, m.chatId, m.messageId],
    );
  }
}

export async function requestMessages(db: Queryable, workflowId: string): Promise<Array<{ chatId: number; messageId: number }>> {
  const { rows } = await db.query<{ chat_id: number; message_id: number }>('SELECT chat_id, message_id FROM request_messages WHERE workflow_id = $1', [workflowId]);
  return rows.map((r) => ({ chatId: r.chat_id, messageId: r.message_id }));
}

/**
 * A message of the employee's that carries a request's Withdraw button. `text` is what it says
 * about the request without its waiting line; once the request is settled the message is edited
 * to that with the outcome under it. Without it only the button goes.
 */
export interface WithdrawButtonMessage {
  chatId: number;
  messageId: number;
  text?: string;
}

/**
 * Records a message of the employee's that carries the request's Withdraw button, and says
 * whether the request still waits. Run inside the tenant's scope. The request's row is locked
 * first: a settlement in progress is waited for, and one that comes after waits for this record,
 * so either its workflow finds the message to take the button off, or this answers that the
 * request is settled already (the caller takes it off). Null: no such request.
 */
export async function rememberWithdrawButton(
  db: Queryable,
  kind: RequestKind,
  requestId: number,
  message: WithdrawButtonMessage,
): Promise<RequestStatus | null> {
  const row = await one<{ tenant_id: number; workflow_id: string; status: RequestStatus }>(
    db,
    `SELECT tenant_id, workflow_id, status FROM ${TABLES[kind]} WHERE id = $1 FOR SHARE`,
    [requestId],
  );
  if (!row) return null;
  if (row.status === 'pending') {
    await db.query('INSERT INTO withdraw_buttons (tenant_id, workflow_id, chat_id, message_id, text) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      row.tenant_id,
      row.workflow_id,
      message.chatId,
      message.messageId,
      message.text ?? null,
    ]);
  }
  return row.status;
}

/** Forgets a message whose Withdraw button is gone (run inside the tenant's scope). */
export async function forgetWithdrawButton(db: Queryable, message: { chatId: number; messageId: number }): Promise<void> {
  await db.query('DELETE FROM withdraw_buttons WHERE chat_id = $1 AND message_id = $2', [message.chatId, message.messageId]);
}

/** The employee's messages still carrying this request's Withdraw button (run inside the tenant's scope). */
export async function withdrawButtonsOf(db: Queryable, workflowId: string): Promise<WithdrawButtonMessage[]> {
  const { rows } = await db.query<{ chat_id: number; message_id: number; text: string | null }>(
    'SELECT chat_id, message_id, text FROM withdraw_buttons WHERE workflow_id = $1 ORDER BY chat_id, message_id',
    [workflowId],
  );
  return rows.map((r) => ({ chatId: Number(r.chat_id), messageId: Number(r.message_id), ...(r.text !== null ? { text: r.text } : {}) }));
}

export interface MemberRequestLine {
  kind: RequestKind;
  id: number;
  requestedAt: Date;
  status: RequestStatus;
  reason: string | null;
  details:
    | { amount: number; currency: string }
    | { leaveType: string; from: string; to: string; days: number }
    | { workday: string; action: string; punchedAt: string };
}

/** One member's requests of every kind made in [from, to), newest first (inside the tenant's scope). */
export async function memberRequests(db: Queryable, memberId: number, from: Date, to: Date): Promise<MemberRequestLine[]> {
  const { rows } = await db.query<{ kind: RequestKind; id: number; requested_at: Date; status: RequestStatus; reason: string | null; details: MemberRequestLine['details'] }>(
    `SELECT * FROM (
       SELECT 'advance' AS kind, id, requested_at, status, reason, jsonb_build_object('amount', amount, 'currency', currency) AS details
       FROM advances WHERE member_id = $1 AND requested_at >= $2 AND requested_at < $3
       UNION ALL
       SELECT 'leave', id, requested_at, status, reason, jsonb_build_object('leaveType', leave_type, 'from', from_day, 'to', to_day, 'days', days)
       FROM leave_requests WHERE member_id = $1 AND requested_at >= $2 AND requested_at < $3
       UNION ALL
       SELECT 'correction', id, requested_at, status, reason, jsonb_build_object('workday', workday, 'action', action, 'punchedAt', punched_at)
       FROM corrections WHERE member_id = $1 AND requested_at >= $2 AND requested_at < $3
     ) r ORDER BY requested_at DESC, kind, id DESC`,
    [memberId, from, to],
  );
  return rows.map((r) => ({ kind: r.kind, id: r.id, requestedAt: r.requested_at, status: r.status, reason: r.reason, details: r.details }));
}
