// advanceRequest (id advance:<tenant>:<advanceId>): the request is already stored within the
// monthly limit. Every admin gets Approve / Reject; the `decide` Update (validated: only an admin
// of the company, only while pending) settles it once, re-checking the limit; without a decision
// it expires. The employee is told and every admin's message shows the outcome.
import { condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SettledAdvance } from '../activities/postgres-advances';
import { decideUpdate, requestStateQuery, type Decision, type DecisionResult, type RequestState } from '../domain/requests';
import { SEARCH_ATTRIBUTES } from '../domain/temporal';
import { storage } from './storage';
import { telegram } from './telegram';
import { tellMember } from './tell-member';

export interface AdvanceRequestInput {
  tenantId: number;
  advanceId: number;
  memberId: number;
  amount: number;
  currency: string;
  /** Admins of the company when the request was made: the only ones who may decide. */
  adminUserIds: number[];
  expiresAt: string;
}

export async function advanceRequest(input: AdvanceRequestInput): Promise<DecisionResult> {
  const { workflowId } = workflowInfo();
  upsertSearchAttributes([
    { key: SEARCH_ATTRIBUTES.memberId, value: String(input.memberId) },
    { key: SEARCH_ATTRIBUTES.requestKind, value: 'advance' },
  ]);
  const state: RequestState = { kind: 'advance', status: 'pending', decidedBy: null, amount: input.amount, currency: input.currency, memberId: input.memberId };
  let settled: SettledAdvance | null = null;

  setHandler(requestStateQuery, () => state);
  setHandler(
    decideUpdate,
    async (decision: Decision): Promise<DecisionResult> => {
      const result = await storage.settleAdvance(input.tenantId, input.advanceId, decision, workflowId);
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

  const prepared = await storage.prepareAdvanceRequest(input.tenantId, input.advanceId);
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
    settled = await storage.settleAdvance(input.tenantId, input.advanceId, 'expire', workflowId);
    state.status = settled.status;
  }
  const final = settled as SettledAdvance | null;
  if (!final) throw new Error('advance neither decided nor expired');

  if (final.employeeText) await tellMember(final, final.employeeText);
  for (const m of await storage.requestMessagesOf(input.tenantId, workflowId)) {
    await telegram.editTelegramMessage({ chatId: m.chatId, messageId: m.messageId, text: final.adminText });
  }
  return { status: final.status, decidedBy: final.decidedBy };
}
