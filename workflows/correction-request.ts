// correctionRequest (id correction:<tenant>:<correctionId>): on approval a correcting punch is
// recorded (the original kept), the day is judged again and penalties that no longer apply are
// voided, all in one transaction.
import type { ClockWord } from '../domain/clock-in';
import type { DecisionResult } from '../domain/requests';
import { runApproval, type ApprovalInput } from './approval';
import { storage } from './storage';

export interface CorrectionRequestInput extends ApprovalInput {
  correctionId: number;
  workday: string;
  action: ClockWord;
  punchedAt: string;
}

export async function correctionRequest(input: CorrectionRequestInput): Promise<DecisionResult> {
  return runApproval(
    input,
    { kind: 'correction', status: 'pending', decidedBy: null, memberId: input.memberId, workday: input.workday, action: input.action, punchedAt: input.punchedAt },
    {
      prepare: () => storage.prepareRequest('correction', input.tenantId, input.correctionId),
      settle: (decision, workflowId) => storage.settleRequest('correction', input.tenantId, input.correctionId, decision, workflowId),
    },
  );
}
