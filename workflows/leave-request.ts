// leaveRequest (id leave:<tenant>:<leaveId>): stored without overlap and, for comp leave,
// within the balance. On approval the days become leave and their penalties are voided.
import type { LeaveType } from '../domain/leave';
import type { DecisionResult } from '../domain/requests';
import { runApproval, type ApprovalInput } from './approval';
import { storage } from './storage';

export interface LeaveRequestInput extends ApprovalInput {
  leaveId: number;
  leaveType: LeaveType;
  from: string;
  to: string;
  days: number;
}

export async function leaveRequest(input: LeaveRequestInput): Promise<DecisionResult> {
  return runApproval(
    input,
    { kind: 'leave', status: 'pending', decidedBy: null, memberId: input.memberId, leaveType: input.leaveType, from: input.from, to: input.to, days: input.days },
    {
      prepare: () => storage.prepareRequest('leave', input.tenantId, input.leaveId),
      settle: (decision, workflowId) => storage.settleRequest('leave', input.tenantId, input.leaveId, decision, workflowId),
    },
  );
}
