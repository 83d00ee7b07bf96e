// Requests that wait for an admin's decision (advances, leave, corrections): the Update and
// Query every request workflow answers, shared by the workflows, the Telegram buttons and the
// web panel (through `api/decisions.ts`).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ClockWord } from './clock-in';
import type { LeaveType } from './leave';

export type RequestKind = 'advance' | 'leave' | 'correction';

export interface Decision {
  /** The Telegram user deciding; the workflow's validator accepts only the company's admins. */
  adminUserId: number;
  /** How the admin is named on the request's messages. */
  adminName: string;
  approve: boolean;
  /** Why it was rejected (optional), told to the employee. */
  reason?: string | null;
}

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export interface DecisionResult {
  status: RequestStatus;
  decidedBy: string | null;
  /** Approval can be refused by a re-check at the moment of deciding. */
  refused?: 'over-limit' | 'no-balance';
}

interface StateBase {
  status: RequestStatus;
  decidedBy: string | null;
  memberId: number;
}

export type RequestState =
  | (StateBase & { kind: 'advance'; amount: number; currency: string })
  | (StateBase & { kind: 'leave'; leaveType: LeaveType; from: string; to: string; days: number })
  | (StateBase & { kind: 'correction'; workday: string; action: ClockWord; punchedAt: string });

/** The Update id is the decision's idempotency key (a Telegram callback query id, say). */
export const decideUpdate = defineUpdate<DecisionResult, [Decision]>('decide');
export const requestStateQuery = defineQuery<RequestState>('state');

/** Validator refusals, as the `message` of the Update's failure. */
export type DecisionRefusal = 'not-admin' | 'already-decided';

const PREFIX: Record<RequestKind, string> = { advance: 'advance', leave: 'leave', correction: 'correction' };

export function requestWorkflowId(kind: RequestKind, tenantId: number, requestId: number): string {
  return `${PREFIX[kind]}:${tenantId}:${requestId}`;
}

export function advanceWorkflowId(tenantId: number, advanceId: number): string {
  return requestWorkflowId('advance', tenantId, advanceId);
}

/** The request a workflow id names, or null. */
export function parseRequestWorkflowId(workflowId: string): { kind: RequestKind; tenantId: number; requestId: number } | null {
  const m = /^(advance|leave|correction):(\d+):(\d+)$/.exec(workflowId);
  return m ? { kind: m[1] as RequestKind, tenantId: Number(m[2]), requestId: Number(m[3]) } : null;
}

/** Approve / Reject buttons under an admin's copy: `<code>:<tenant>:<request>:a|r`. */
const BUTTON_CODE: Record<RequestKind, string> = { advance: 'adv', leave: 'lv', correction: 'fix' };
export const DECISION_BUTTON = /^(adv|lv|fix):(\d+):(\d+):([ar])$/;

export function decisionButtonData(kind: RequestKind, tenantId: number, requestId: number, approve: boolean): string {
  return `${BUTTON_CODE[kind]}:${tenantId}:${requestId}:${approve ? 'a' : 'r'}`;
}

export function parseDecisionButton(data: string): { kind: RequestKind; tenantId: number; requestId: number; approve: boolean } | null {
  const m = DECISION_BUTTON.exec(data);
  if (!m) return null;
  const kind = (Object.keys(BUTTON_CODE) as RequestKind[]).find((k) => BUTTON_CODE[k] === m[1])!;
  return { kind, tenantId: Number(m[2]), requestId: Number(m[3]), approve: m[4] === 'a' };
}

/**
 * Who may decide a request: the company's admins, except the person asking, unless they are
 * its only admin (a one-person company still has to be able to approve its own leave).
 */
export function decidersFor(adminUserIds: number[], requesterUserId: number): number[] {
  const others = adminUserIds.filter((id) => id !== requesterUserId);
  return others.length > 0 ? others : adminUserIds;
}
