// Requests that wait for an admin's decision (advances, leave, corrections): the Update and
// Query every request workflow answers, shared by the workflows, the Telegram buttons and the
// web panel (through `services/decisions.ts`).
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

/**
 * The employee taking back their own request while it is still pending: it leaves the month's
 * advance limit, the leave it covered and the comp days it held, and no admin can decide it any more.
 */
export interface Withdrawal {
  withdraw: true;
  /** The member whose request it is; the workflow's validator accepts nobody else. */
  memberId: number;
  /** Their Telegram user id (who settled the request, in the audit). */
  userId: number;
  /** How they are named on the admins' copies. */
  name: string;
}

/** What settles a request: an admin's decision, the employee's withdrawal, or the expiry. */
export type Settling = Decision | Withdrawal | 'expire';

export function isWithdrawal(s: Settling): s is Withdrawal {
  return typeof s === 'object' && 'withdraw' in s;
}

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'withdrawn';

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
/** The Update id is the withdrawal's idempotency key, as for a decision. */
export const withdrawUpdate = defineUpdate<DecisionResult, [Withdrawal]>('withdraw');

/** Validator refusals, as the `message` of the Update's failure. */
export type DecisionRefusal = 'not-admin' | 'already-decided';
/** Refusals of a withdrawal: someone else's request, or no longer pending. */
export type WithdrawalRefusal = 'not-requester' | 'already-decided';

/**
 * A request workflow's id: its kind and the request's own UUID, unique for all time (a serial id
 * repeats when the database is recreated or restored while Temporal keeps its history). The
 * tenant is in the TenantId search attribute.
 */
export function requestWorkflowId(kind: RequestKind, requestUid: string): string {
  return `${kind}:${requestUid}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A request's key as the bot finds it in a button or an admin's copy: its UUID, or (before UUIDs) tenant and serial id. */
export type RequestKey = { kind: RequestKind; uid: string } | { kind: RequestKind; tenantId: number; requestId: number };

/** The request a workflow id names, or null. Ids of requests made before UUIDs (`kind:tenant:id`) are understood too. */
export function parseRequestWorkflowId(workflowId: string): RequestKey | null {
  const current = new RegExp(`^(advance|leave|correction):(${UUID})$`).exec(workflowId);
  if (current) return { kind: current[1] as RequestKind, uid: current[2]! };
  const legacy = /^(advance|leave|correction):(\d+):(\d+)$/.exec(workflowId);
  return legacy ? { kind: legacy[1] as RequestKind, tenantId: Number(legacy[2]), requestId: Number(legacy[3]) } : null;
}

/** Approve / Reject buttons under an admin's copy: `<code>:<request uid>:a|r` (at most 64 bytes, as Telegram requires). */
const BUTTON_CODE: Record<RequestKind, string> = { advance: 'adv', leave: 'lv', correction: 'fix' };
export const DECISION_BUTTON = new RegExp(`^(adv|lv|fix):(?:(${UUID})|(\\d+):(\\d+)):([ar])$`);

/** The request kind a button's code names (the patterns admit only known codes). */
function kindOfCode(code: string): RequestKind {
  return (Object.keys(BUTTON_CODE) as RequestKind[]).find((k) => BUTTON_CODE[k] === code)!;
}

export function decisionButtonData(kind: RequestKind, requestUid: string, approve: boolean): string {
  return `${BUTTON_CODE[kind]}:${requestUid}:${approve ? 'a' : 'r'}`;
}

/** A button's request and choice; buttons sent before UUIDs (`<code>:<tenant>:<id>:a|r`) still work for their request. */
export function parseDecisionButton(data: string): { key: RequestKey; approve: boolean } | null {
  const m = DECISION_BUTTON.exec(data);
  if (!m) return null;
  const kind = kindOfCode(m[1]!);
  const key: RequestKey = m[2] ? { kind, uid: m[2] } : { kind, tenantId: Number(m[3]), requestId: Number(m[4]) };
  return { key, approve: m[5] === 'a' };
}

/** Withdraw under the employee's own confirmation or list: `wd:<code>:<request uid>`. */
export const WITHDRAW_BUTTON = new RegExp(`^wd:(adv|lv|fix):(${UUID})$`);

export function withdrawButtonData(kind: RequestKind, requestUid: string): string {
  return `wd:${BUTTON_CODE[kind]}:${requestUid}`;
}

export function parseWithdrawButton(data: string): { kind: RequestKind; uid: string } | null {
  const m = WITHDRAW_BUTTON.exec(data);
  if (!m) return null;
  return { kind: kindOfCode(m[1]!), uid: m[2]! };
}

/**
 * Who may decide a request: the company's admins, except the person asking, unless they are
 * its only admin (a one-person company still has to be able to approve its own leave).
 */
export function decidersFor(adminUserIds: number[], requesterUserId: number): number[] {
  const others = adminUserIds.filter((id) => id !== requesterUserId);
  return others.length > 0 ? others : adminUserIds;
}
