// adjustment: a penalty or bonus an admin issued (id adjustment:<tenant>:<chat>:<message>):
// recorded once, pushed to the member at once.
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { AdjustmentInput } from '../domain/adjustment';
import { SEARCH_ATTRIBUTES } from '../domain/temporal';
import { storage } from './storage';
import { tellMember } from './tell-member';

export async function adjustment(input: AdjustmentInput): Promise<{ adjustmentId: number; notified: boolean }> {
  upsertSearchAttributes([
    { key: SEARCH_ATTRIBUTES.memberId, value: String(input.memberId) },
    { key: SEARCH_ATTRIBUTES.requestKind, value: input.kind },
  ]);
  const recorded = await storage.recordAdjustment(input, workflowInfo().workflowId);
  const outcome = await tellMember(recorded, recorded.notice);
  return { adjustmentId: recorded.adjustmentId, notified: outcome.status === 'sent' };
}
