// The approval every request workflow runs: send each admin Approve / Reject, answer the
// `state` query, take the `decide` Update (validated: only an admin captured at request time,
// only while pending), expire without a decision, tell the employee and edit every admin's copy.
import { condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PreparedRequest, SettledRequest } from '../activities/request-outcome';
import { decideUpdate, requestStateQuery, type Decision, type DecisionResult, type RequestState } from '../domain/requests';
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
  /** Records the decision (or the expiry) once; may refuse an approval (`refused`). */
  settle(decision: Decision | 'expire', workflowId: string): Promise<SettledRequest>;
}

export async function runApproval(input: ApprovalInput, state: RequestState, steps: ApprovalSteps): Promise<DecisionResult> {
  const { workflowId } = workflowInfo();
  upsertSearchAttributes([
    { key: SEARCH_ATTRIBUTES.memberId, value: String(input.memberId) },
    { key: SEARCH_ATTRIBUTES.requestKind, value: state.kind },
  ]);
  let settled: SettledRequest | null = null;

  setHandler(requestStateQuery, () => state);
  setHandler(
    decideUpdate,
    async (decision: Decision): Promise<DecisionResult> => {
      const result = await steps.settle(decision, workflowId);
      if (result.refused) return { status: 'pending', decidedBy: null, refused: result.refused };
      settled = result;
      state.status = result.status;
      state.decidedBy = result.decidedBy;
      return { status: result.status, decidedBy: result.decidedBy };
    },
    {
      validator: (decision: Decision) => {
        if (!input.adminUserIds.includes(decision.adminUserId)) throw new Error('not-admin');
        if (state.status !== 'pending') throw new Error('already-decided');
      },
    },
  );

  const prepared = await steps.prepare();
  const sent = await Promise.all(
    input.adminUserIds.map(async (chatId) => ({ chatId, outcome: await telegram.sendTelegramMessage({ chatId, text: prepared.adminText, buttons: prepared.buttons }) })),
  );
  await storage.rememberRequestMessages(
    input.tenantId,
    workflowId,
    sent.flatMap((s) => (s.outcome.status === 'sent' ? [{ chatId: s.chatId, messageId: s.outcome.messageId }] : [])),
  );

  const decided = await condition(() => settled !== null, Math.max(0, new Date(input.expiresAt).getTime() - Date.now()));
  if (!decided) {
    settled = await steps.settle('expire', workflowId);
    state.status = settled.status;
  }
  const final = settled as SettledRequest | null;
  if (!final) throw new Error('request neither decided nor expired');

  if (final.employeeText) await tellMember(final, final.employeeText);
  for (const m of await storage.requestMessagesOf(input.tenantId, workflowId)) {
    await telegram.editTelegramMessage({ chatId: m.chatId, messageId: m.messageId, text: final.adminText });
  }
  return { status: final.status, decidedBy: final.decidedBy };
}
