// The one decision path. Telegram's buttons and replies (bot/features/decisions.ts) and the web
// panel's HTTP layer both call this module: list a tenant's pending requests, read one's state,
// decide one (the request workflow's `decide` Update), let the employee withdraw their own (its
// `withdraw` Update), hand a stored request to its workflow, and issue a penalty or bonus. Who the
// caller is has been established by the caller (a Telegram update, a signed-in panel session); the
// workflow still checks that a decision comes from one of the company's admins, a withdrawal from
// the member whose request it is.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { adjustmentWorkflowId, type AdjustmentInput } from '../domain/adjustment';
import {
  decideUpdate,
  requestStateQuery,
  withdrawUpdate,
  type Decision,
  type DecisionRefusal,
  type DecisionResult,
  type RequestKind,
  type RequestState,
  type WithdrawalRefusal,
} from '../domain/requests';
import type { Advance } from '../db/repositories/advances';
import type { Correction } from '../db/repositories/corrections';
import type { LeaveRequest } from '../db/repositories/leave';
import { markRequestHandedOff, pendingRequests, requestOwner, requestStatus, requestWorkflowIdOf, type PendingRequest } from '../db/repositories/requests';
import { getTenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { startOnce } from '../workers/start-workflows';
import { recordDecision, type DecisionOutcome } from '../config/metrics';

export interface RequestRef {
  kind: RequestKind;
  tenantId: number;
  requestId: number;
}

/**
 * The request is stored and waits, but its workflow has not started yet: the hand-off failed (Temporal
 * away when it was filed) and the sweep starts it within a minute. Nothing changed; try again then.
 */
export type NotReady = 'not-ready';

export type DecideOutcome =
  | { ok: true; result: DecisionResult }
  /** Refused before anything changed: not an admin, already decided, not started yet, or no such request. */
  | { ok: false; refusal: DecisionRefusal | 'not-found' | NotReady };

export type WithdrawOutcome =
  | { ok: true; result: DecisionResult }
  /** Refused before anything changed: someone else's request, no longer pending, not started yet, or no such request. */
  | { ok: false; refusal: WithdrawalRefusal | 'not-found' | NotReady };

export type StoredRequest = { kind: 'advance'; request: Advance } | { kind: 'leave'; request: LeaveRequest } | { kind: 'correction'; request: Correction };

const WORKFLOW_TYPES: Record<RequestKind, string> = { advance: 'advanceRequest', leave: 'leaveRequest', correction: 'correctionRequest' };

/** The decision's outcome as the metrics name it: approved or rejected, or why nothing changed. */
function outcomeOf(outcome: DecideOutcome): DecisionOutcome {
  if (!outcome.ok) return outcome.refusal;
  const { status, refused } = outcome.result;
  return !refused && (status === 'approved' || status === 'rejected') ? status : 'refused';
}

export function createDecisions(deps: { pool: Pool; temporal: Client }) {
  const { pool, temporal } = deps;
  /** The workflow id stored with the request (unique for all time), or null for an unknown request. */
  const workflowIdOf = (ref: RequestRef) => withTenant(pool, ref.tenantId, (tx) => requestWorkflowIdOf(tx, ref.kind, ref.requestId));

  /** Runs one of the request workflow's Updates; a validator's refusal comes back as its reason. */
  async function runUpdate<R extends string>(ref: RequestRef, run: () => Promise<DecisionResult>, refusals: readonly R[]) {
    try {
      return { ok: true as const, result: await run() };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const reason = String((err.cause as Error | undefined)?.message ?? '');
        const refusal = refusals.find((r) => r === reason);
        if (refusal) return { ok: false as const, refusal };
        throw err;
      }
      // No running workflow: finished after its decision, not started yet, or never existed.
      const found = await withTenant(pool, ref.tenantId, (tx) => requestStatus(tx, ref.kind, ref.requestId));
      if (found === null) return { ok: false as const, refusal: 'not-found' as const };
      if (found.status !== 'pending') return { ok: false as const, refusal: 'already-decided' as const };
      if (err instanceof WorkflowNotFoundError && !found.handedOff) return { ok: false as const, refusal: 'not-ready' as const };
      throw err;
    }
  }

  async function decideOnce(ref: RequestRef, decision: Decision, idempotencyKey: string): Promise<DecideOutcome> {
    const workflowId = await workflowIdOf(ref);
    if (workflowId === null) return { ok: false, refusal: 'not-found' };
    const handle = temporal.workflow.getHandle(workflowId);
    return runUpdate(ref, () => handle.executeUpdate(decideUpdate, { args: [decision], updateId: idempotencyKey }), ['not-admin', 'already-decided'] as const);
  }

  async function withdrawOnce(ref: RequestRef, by: { userId: number; name: string }, idempotencyKey: string): Promise<WithdrawOutcome> {
    const owner = await withTenant(pool, ref.tenantId, (tx) => requestOwner(tx, ref.kind, ref.requestId));
    if (owner === null) return { ok: false, refusal: 'not-found' };
    if (owner.telegramUserId !== by.userId) return { ok: false, refusal: 'not-requester' };
    const handle = temporal.workflow.getHandle(owner.workflowId);
    const withdrawal = { withdraw: true as const, memberId: owner.memberId, userId: by.userId, name: by.name };
    return runUpdate(ref, () => handle.executeUpdate(withdrawUpdate, { args: [withdrawal], updateId: idempotencyKey }), ['not-requester', 'already-decided'] as const);
  }

  return {
    /** The tenant's pending requests of every kind, oldest first. */
    async listPending(tenantId: number): Promise<PendingRequest[]> {
      return withTenant(pool, tenantId, (tx) => pendingRequests(tx, tenantId));
    },

    /** The request workflow's own view (status, who decided, what was asked). */
    async state(ref: RequestRef): Promise<RequestState | null> {
      const workflowId = await workflowIdOf(ref);
      return workflowId === null ? null : temporal.workflow.getHandle(workflowId).query(requestStateQuery);
    },

    /**
     * Decides a pending request. `idempotencyKey` becomes the Update id: the same key applied
     * twice (a re-delivered button press, a retried HTTP call) is one decision.
     */
    async decide(ref: RequestRef, decision: Decision, idempotencyKey: string): Promise<DecideOutcome> {
      try {
        const outcome = await decideOnce(ref, decision, idempotencyKey);
        recordDecision(ref.kind, outcomeOf(outcome));
        return outcome;
      } catch (err) {
        recordDecision(ref.kind, 'error');
        throw err;
      }
    },

    /**
     * The employee takes back their own pending request. `by` is who is asking (their Telegram
     * user id, established by the caller); only the member whose request it is may, checked here
     * and again by the workflow. `idempotencyKey` becomes the Update id, as for a decision.
     */
    async withdraw(ref: RequestRef, by: { userId: number; name: string }, idempotencyKey: string): Promise<WithdrawOutcome> {
      try {
        const outcome = await withdrawOnce(ref, by, idempotencyKey);
        recordDecision(ref.kind, outcome.ok ? 'withdrawn' : outcome.refusal);
        return outcome;
      } catch (err) {
        recordDecision(ref.kind, 'error');
        throw err;
      }
    },

    /** Starts the stored request's workflow (idempotent) and marks the request handed over. */
    async handOff(stored: StoredRequest, adminUserIds: number[]): Promise<void> {
      const { kind, request } = stored;
      const base = { tenantId: request.tenantId, memberId: request.memberId, adminUserIds, expiresAt: request.expiresAt.toISOString() };
      const input =
        stored.kind === 'advance'
          ? { ...base, advanceId: stored.request.id, amount: stored.request.amount, currency: stored.request.currency }
          : stored.kind === 'leave'
            ? { ...base, leaveId: stored.request.id, leaveType: stored.request.leaveType, from: stored.request.from, to: stored.request.to, days: stored.request.days }
            : { ...base, correctionId: stored.request.id, workday: stored.request.workday, action: stored.request.action, punchedAt: stored.request.punchedAt.toISOString() };
      await startOnce(temporal, WORKFLOW_TYPES[kind], { workflowId: request.workflowId, tenantId: request.tenantId, args: [input] });
      await withTenant(pool, request.tenantId, (tx) => markRequestHandedOff(tx, kind, request.id));
    },

    /** A penalty or bonus: recorded once per `sourceKey` and pushed to the member at once. */
    async issueAdjustment(input: AdjustmentInput): Promise<'issued' | 'duplicate'> {
      const tenant = await withTenant(pool, input.tenantId, (tx) => getTenant(tx, input.tenantId));
      if (!tenant) throw new Error(`tenant ${input.tenantId} not found`);
      const started = await startOnce(temporal, 'adjustment', { workflowId: adjustmentWorkflowId(tenant.uid, input.sourceKey), tenantId: input.tenantId, args: [input] });
      return started === 'duplicate' ? 'duplicate' : 'issued';
    },
  };
}

export type Decisions = ReturnType<typeof createDecisions>;
