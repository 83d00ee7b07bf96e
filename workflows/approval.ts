// The approval every request workflow runs: send each admin Approve / Reject, answer the
// `state` query, take the `decide` Update (validated: only an admin captured at request time,
// only while nobody has claimed the request) and the `withdraw` Update (only the member whose
// request it is, on the same terms), expire without a decision, tell the employee, take the
// Withdraw button off the employee's messages and edit every admin's copy.
//
// Two admins can press at the same instant, or an admin and the employee withdrawing. The request is claimed synchronously, before the
// handler's first await, so the validator refuses every later decision ("already decided") while
// the first is being recorded; an expiry waits for a decision being recorded and claims the
// request the same way. The workflow ends only once every handler has finished.
import { ApplicationFailure } from '@temporalio/common';
import { allHandlersFinished, condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PreparedRequest, SettledRequest } from '../activities/request-outcome';
import { decideUpdate, requestStateQuery, withdrawUpdate, type Decision, type DecisionResult, type RequestState, type Settling, type Withdrawal } from '../domain/requests';
import { SEARCH_ATTRIBUTES } from '../domain/temporal';
import { storage } from './storage';
import { telegram } from './telegram';
import { tellMember } from './tell-member';

export interface ApprovalInput {
  tenantId: number;
  memberId: number;
  /** Admins of the company when the request was made: the only ones who may decide. */
  adminUserIds: number[];
  expiresAt: string;
}

export interface ApprovalSteps {
  prepare(): Promise<PreparedRequest>;
  /** Records the decision (or the withdrawal, or the expiry) once; may refuse an approval (`refused`). */
  settle(settling: Settling, workflowId: string): Promise<SettledRequest>;
}

/** Each admin's copy is recorded as soon as it is sent, so a reply to it is understood at once. */
const COPIES_RECORDED_AS_SENT = 'copies-recorded-as-sent';
/**
 * The employee is told the outcome as soon as it is recorded, even while an admin's copy is still
 * on its way (Telegram holding it back, or its attempt lost with a dead worker); the copies are
 * edited once every one is out.
 */
const OUTCOME_BEFORE_COPIES = 'outcome-before-copies';

/**
 * Once the request is settled, the Withdraw button goes from every message of the employee's that
 * carries it (the confirmation, each /requests listing): none is left offering to take it back,
 * and each says the outcome where it said it was waiting.
 */
const WITHDRAW_BUTTONS_CLEARED = 'withdraw-buttons-cleared';

export async function runApproval(input: ApprovalInput, state: RequestState, steps: ApprovalSteps): Promise<DecisionResult> {
  const { workflowId } = workflowInfo();
  upsertSearchAttributes([
    { key: SEARCH_ATTRIBUTES.memberId, value: String(input.memberId) },
    { key: SEARCH_ATTRIBUTES.requestKind, value: state.kind },
  ]);
  let settled: SettledRequest | null = null;
  /** Who holds the request right now: a decision being recorded, or the expiry. */
  let claimedBy: 'decision' | 'expiry' | null = null;
  /** The request's own first step is done (a decision from the panel can come before any copy is out). */
  let prepared: PreparedRequest | null = null;

  setHandler(requestStateQuery, () => state);
  /** Settles the request for a decision or a withdrawal that the validator let through. */
  const settleBy = async (settling: Decision | Withdrawal): Promise<DecisionResult> => {
    claimedBy = 'decision';
    try {
      // Never two storage steps side by side (see docs/ARCHITECTURE.md): wait for the first one.
      await condition(() => prepared !== null);
      const result = await steps.settle(settling, workflowId);
      if (result.refused) return { status: 'pending', decidedBy: null, refused: result.refused };
      settled = result;
      state.status = result.status;
      state.decidedBy = result.decidedBy;
      return { status: result.status, decidedBy: result.decidedBy };
    } finally {
      // A refused approval (over the limit) leaves the request open for the next decision.
      if (settled === null) claimedBy = null;
    }
  };
  const stillOpen = () => {
    if (state.status !== 'pending' || claimedBy !== null) throw new Error('already-decided');
  };
  setHandler(decideUpdate, settleBy, {
    validator: (decision: Decision) => {
      if (!input.adminUserIds.includes(decision.adminUserId)) throw new Error('not-admin');
      stillOpen();
    },
  });
  setHandler(withdrawUpdate, settleBy, {
    validator: (withdrawal: Withdrawal) => {
      if (withdrawal.memberId !== input.memberId) throw new Error('not-requester');
      stillOpen();
    },
  });

  prepared = await steps.prepare();
  const outcomeFirst = patched(OUTCOME_BEFORE_COPIES);
  const copies = sendAdminCopies(input, workflowId, prepared);
  // A copy that fails for good fails the workflow where it is awaited, below, not unobserved here.
  copies.catch(() => undefined);
  // Histories recorded before the patch waited for every copy first.
  if (!outcomeFirst) await copies;

  const decided = await condition(() => settled !== null, Math.max(0, new Date(input.expiresAt).getTime() - Date.now()));
  if (!decided) {
    // A decision taken at the last moment is recorded first, and wins.
    await condition(() => claimedBy === null || settled !== null);
    if (settled === null) {
      claimedBy = 'expiry';
      settled = await steps.settle('expire', workflowId);
      state.status = settled.status;
    }
  }
  const final = settled as SettledRequest | null;
  if (!final) throw ApplicationFailure.nonRetryable('request neither decided nor expired', 'InvalidState');

  if (final.employeeText) await tellMember(final, final.employeeText);
  // Histories recorded before the patch left the employee's Withdraw buttons in place.
  if (patched(WITHDRAW_BUTTONS_CLEARED)) {
    await telegram.clearWithdrawButtons({ tenantId: input.tenantId, workflowId, status: final.status });
  }
  await copies;
  for (const m of await storage.requestMessagesOf(input.tenantId, workflowId)) {
    await telegram.editTelegramMessage({ chatId: m.chatId, messageId: m.messageId, text: final.adminText });
  }
  await condition(allHandlersFinished);
  return { status: final.status, decidedBy: final.decidedBy };
}

/** The request goes to each admin privately; each copy is recorded where it went. */
async function sendAdminCopies(input: ApprovalInput, workflowId: string, prepared: PreparedRequest): Promise<void> {
  const send = (chatId: number) => telegram.sendTelegramMessage({ chatId, text: prepared.adminText, buttons: prepared.buttons });
  if (patched(COPIES_RECORDED_AS_SENT)) {
    // Telegram may hold one admin's copy back (429) for a while; the others are usable at once.
    // Sent and recorded by one activity each: no local activity runs beside a decision's.
    await Promise.all(
      input.adminUserIds.map((chatId) =>
        telegram.sendRequestCopy({ tenantId: input.tenantId, workflowId, message: { chatId, text: prepared.adminText, buttons: prepared.buttons } }),
      ),
    );
    return;
  }
  // Histories recorded before the patch: every copy sent, then all recorded at once.
  const sent = await Promise.all(input.adminUserIds.map(async (chatId) => ({ chatId, outcome: await send(chatId) })));
  await storage.rememberRequestMessages(
    input.tenantId,
    workflowId,
    sent.flatMap((s) => (s.outcome.status === 'sent' ? [{ chatId: s.chatId, messageId: s.outcome.messageId }] : [])),
  );
}
