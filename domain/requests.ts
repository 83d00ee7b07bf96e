// Requests that wait for an admin's decision: the Update and Query every request workflow
// answers, shared by the workflows, the Telegram buttons and (later) the web panel.
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export interface Decision {
  /** The Telegram user deciding; the workflow's validator accepts only the company's admins. */
  adminUserId: number;
  /** How the admin is named on the request's messages. */
  adminName: string;
  approve: boolean;
  reason?: string | null;
}

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export interface DecisionResult {
  status: RequestStatus;
  decidedBy: string | null;
  /** Approval can be refused by the limit re-check at the moment of deciding. */
  refused?: 'over-limit';
}

export interface RequestState {
  kind: 'advance';
  status: RequestStatus;
  decidedBy: string | null;
  amount: number;
  currency: string;
  memberId: number;
}

/** The Update id is the decision's idempotency key (a Telegram callback query id, say). */
export const decideUpdate = defineUpdate<DecisionResult, [Decision]>('decide');
export const requestStateQuery = defineQuery<RequestState>('state');

export function advanceWorkflowId(tenantId: number, advanceId: number): string {
  return `advance:${tenantId}:${advanceId}`;
}
