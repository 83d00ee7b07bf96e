// What every request's storage steps share: the shape the approval workflow consumes, how a
// decision becomes a settlement, the admin's copy once decided, and the decision's audit row.
import { label, type LanguagePair, type MessagePart } from '../domain/messages';
import { decisionButtonData, isWithdrawal, type DecisionResult, type RequestKind, type RequestStatus, type Settling } from '../domain/requests';
import { writeAudit } from '../db/repositories/audit';
import type { Settlement } from '../db/repositories/requests';
import type { Queryable } from '../db/queryable';
import type { AudienceMember } from './member-audience';

export interface PreparedRequest {
  tenant: { chatId: number | null; languagePair: LanguagePair };
  member: AudienceMember;
  adminText: string;
  buttons: Array<{ text: string; data: string }>;
}

export interface SettledRequest extends DecisionResult {
  /** Null when nothing is to be told (a refused approval). */
  employeeText: string | null;
  adminText: string;
  member: AudienceMember;
  tenant: { chatId: number | null };
}

export function settlementOf(settling: Settling): Settlement {
  if (settling === 'expire') return { status: 'expired', decidedBy: null, reason: null };
  if (isWithdrawal(settling)) return { status: 'withdrawn', decidedBy: `telegram:${settling.userId}`, reason: null };
  return { status: settling.approve ? 'approved' : 'rejected', decidedBy: `telegram:${settling.adminUserId}`, reason: settling.reason?.trim().slice(0, 500) || null };
}

/** The name of whoever settled the request when this call is the one that did (an admin, or the employee withdrawing), else null. */
export function deciderName(settling: Settling, settledBy: string | null): string | null {
  if (settling === 'expire') return null;
  const [userId, name] = isWithdrawal(settling) ? [settling.userId, settling.name] : [settling.adminUserId, settling.adminName];
  return settledBy === `telegram:${userId}` ? name : null;
}

/** The reject reason as a line of its own, when there is one. */
export function reasonPart(status: RequestStatus, reason: string | null): MessagePart[] {
  return status === 'rejected' && reason ? [{ key: 'request.reasonLine', params: { reason } }] : [];
}

export async function auditDecision(
  tx: Queryable,
  r: { tenantId: number; kind: RequestKind; id: number; status: RequestStatus; decidedBy: string | null; reason: string | null; workflowId: string; payload?: Record<string, unknown> },
): Promise<void> {
  await writeAudit(tx, {
    tenantId: r.tenantId,
    actor: r.decidedBy ?? 'system:expiry',
    action: `${r.kind}.${r.status}`,
    target: `${r.kind}:${r.id}`,
    payload: { ...r.payload, ...(r.reason ? { reason: r.reason } : {}) },
    workflowId: r.workflowId,
  });
}

/** Approve / Reject, naming the request by its UUID (a button can outlive a recreated database). */
export function decisionButtons(kind: RequestKind, requestUid: string, pair: LanguagePair): PreparedRequest['buttons'] {
  return [
    { text: label('button.approve', pair), data: decisionButtonData(kind, requestUid, true) },
    { text: label('button.reject', pair), data: decisionButtonData(kind, requestUid, false) },
  ];
}
