// advanceRequest (id advance:<tenant>:<advanceId>): the request is already stored within the
// monthly limit. The approval (workflows/approval.ts) settles it once; approval re-checks the
// limit and may be refused ('over-limit') while the request stays pending.
import type { DecisionResult } from '../domain/requests';
import { runApproval, type ApprovalInput } from './approval';
import { storage } from './storage';

export interface AdvanceRequestInput extends ApprovalInput {
  advanceId: number;
  amount: number;
  currency: string;
}

export async function advanceRequest(input: AdvanceRequestInput): Promise<DecisionResult> {
  return runApproval(
    input,
    { kind: 'advance', status: 'pending', decidedBy: null, amount: input.amount, currency: input.currency, memberId: input.memberId },
    {
      prepare: () => storage.prepareAdvanceRequest(input.tenantId, input.advanceId),
      settle: (decision, workflowId) => storage.settleAdvance(input.tenantId, input.advanceId, decision, workflowId),
    },
  );
}
