// punch: record one punch and tell whoever must know. A BioTime punch notifies everyone
// subscribed to that employee. A group clock-in is judged by the company's rules at once:
// violations are recorded with their penalty and pushed to the member, a break starts its
// breakWatch, a return ends it. The id is the business key, so a repeated start is a no-op.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, getExternalWorkflowHandle, patched, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Delivery, RecordedPunch } from '../activities/postgres-punches';
import { render } from '../domain/messages';
import { renderPunchNotice, renderViolationNotice } from '../domain/notifications';
import type { PunchInput } from '../domain/punch';
import { breakEndedSignal, breakWatchId, legacyIds, shiftWatchId } from '../domain/signals';
import { SEARCH_ATTRIBUTES } from '../domain/temporal';
import { breakWatch } from './break-watch';
import { shiftWatch } from './shift-watch';
import { storage } from './storage';
import { telegram } from './telegram';
import { audienceChat, tellMember } from './tell-member';

export interface PunchOutcome {
  punchId: number;
  created: boolean;
  sent: number;
  blocked: number;
  failed: number;
  violations?: number;
}

/** A terminal punch's storage work runs in two local activities (activities/punch-notice.ts), not four. */
const NOTICE_IN_TWO_STEPS = 'punch-notice-in-two-steps';

export async function punch(input: PunchInput): Promise<PunchOutcome> {
  const { workflowId } = workflowInfo();
  if (input.source !== 'group' && patched(NOTICE_IN_TWO_STEPS)) return terminalPunch(input, workflowId);
  const recorded = await storage.recordPunch(input, workflowId);
  if (input.source === 'group') {
    const judged = await judgeMemberPunch(input.tenantId, recorded.punchId, input.punchedAt, workflowId);
    return { punchId: recorded.punchId, created: recorded.created, sent: judged.sent, blocked: 0, failed: 0, violations: judged.violations };
  }
  const outcome = await notifySubscribers(input, recorded, workflowId);
  // The employee's companies that run attendance in a group judge the terminal punch too.
  let violations = 0;
  for (const routed of await storage.routeBiotimePunch(input, workflowId)) {
    violations += (await judgeMemberPunch(routed.tenantId, routed.punchId, input.punchedAt, workflowId)).violations;
  }
  return { ...outcome, violations };
}

/** Records a terminal punch, tells its subscribers, then judges its copies in group-run companies. */
async function terminalPunch(input: PunchInput, workflowId: string): Promise<PunchOutcome> {
  const prepared = await storage.preparePunchNotice(input, workflowId);
  if (prepared.memberId !== null) upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.memberId, value: String(prepared.memberId) }]);
  const deliveries: Delivery[] = await Promise.all(
    prepared.notices.map(async (n) => ({ memberId: n.memberId, chatId: n.chatId, outcome: await telegram.sendTelegramMessage({ chatId: n.chatId, text: n.text }) })),
  );
  if (deliveries.length > 0) await storage.finishPunchNotice(input.tenantId, prepared.punchId, deliveries, workflowId);
  let violations = 0;
  for (const routed of prepared.routed) {
    violations += (await judgeMemberPunch(routed.tenantId, routed.punchId, input.punchedAt, workflowId)).violations;
  }
  return { punchId: prepared.punchId, created: prepared.created, ...tally(deliveries), violations };
}

/** Before NOTICE_IN_TWO_STEPS: kept so that histories recorded before it replay unchanged. */
async function notifySubscribers(input: PunchInput, recorded: RecordedPunch, workflowId: string): Promise<PunchOutcome> {
  const subscribers = await storage.findPunchSubscribers(input.tenantId, input.employeeCode);
  const pending = subscribers.filter((s) => !recorded.handledChatIds.includes(s.chatId));
  if (subscribers[0]) upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.memberId, value: String(subscribers[0].memberId) }]);

  const deliveries: Delivery[] = await Promise.all(
    pending.map(async (s) => {
      const text = renderPunchNotice(
        { kind: input.kind, punchedAt: input.punchedAt, employeeName: s.fullName, terminal: input.terminal, timeZone: recorded.timeZone },
        recorded.languagePair,
      );
      const outcome = await telegram.sendTelegramMessage({ chatId: s.chatId, text });
      return { memberId: s.memberId, chatId: s.chatId, outcome };
    }),
  );

  const changed = await storage.recordPunchDeliveries(input.tenantId, recorded.punchId, deliveries, workflowId);
  if (changed.length > 0) await storage.forgetSubscribers(input.tenantId, changed);
  return { punchId: recorded.punchId, created: recorded.created, ...tally(deliveries) };
}

/** How many of a punch's messages went out, found the chat blocked, or failed. */
function tally(deliveries: Delivery[]): Pick<PunchOutcome, 'sent' | 'blocked' | 'failed'> {
  const count = (status: Delivery['outcome']['status']) => deliveries.filter((d) => d.outcome.status === status).length;
  return { sent: count('sent'), blocked: count('blocked'), failed: count('failed') };
}

/** Watches are named by UUIDs (unique for all time); histories from before name them by serial ids. */
const LASTING_IDS = 'lasting-workflow-ids';

/** Starts a watch once: a replayed or repeated punch finds it already running, which is fine. */
async function startWatch(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Judges one member's punch by their company's rules; returns how many notices were sent. */
async function judgeMemberPunch(tenantId: number, punchId: number, punchedAt: string, workflowId: string): Promise<{ sent: number; violations: number }> {
  const ev = await storage.evaluateGroupPunch(tenantId, punchId, workflowId);
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.memberId, value: String(ev.member.id) }]);
  const target = audienceChat(ev);

  let sent = 0;
  for (const v of ev.violations) {
    const text = renderViolationNotice(v, ev.member.displayName, ev.tenant.currency, ev.tenant.languagePair);
    if (text && (await tellMember(ev, text)).status === 'sent') sent += 1;
  }
  if (ev.compDayEarned) {
    await tellMember(ev, render('comp.earned', { name: ev.member.displayName, balance: ev.compDayEarned.balance }, ev.tenant.languagePair));
  }

  const searchAttributes = [
    { key: SEARCH_ATTRIBUTES.tenantId, value: String(tenantId) },
    { key: SEARCH_ATTRIBUTES.memberId, value: String(ev.member.id) },
  ];
  const breakStarted = ev.breakStarted;
  if (breakStarted && target !== null) {
    const allowance = Math.round((breakStarted.allowanceMs / 60_000) * 10) / 10;
    // Says the overrun is fined only when the rules fine it (evaluations from before this knew no better).
    const text = render(breakStarted.penalised === false ? 'break.overrun.noPenalty' : 'break.overrun', { name: ev.member.displayName, allowance }, ev.tenant.languagePair);
    await startWatch(() =>
      startChild(breakWatch, {
        workflowId: patched(LASTING_IDS) ? breakWatchId(breakStarted.punchUid) : legacyIds.breakWatch(tenantId, ev.member.id, punchId),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: searchAttributes,
        args: [{ tenantId, memberId: ev.member.id, breakPunchId: punchId, allowanceMs: breakStarted.allowanceMs, startedAt: punchedAt, overrunNotice: { chatId: target, text } }],
      }),
    );
  }

  const check = ev.stillClockedInCheck;
  if (check && target !== null) {
    const text = render('reminder.stillClockedIn', { name: ev.member.displayName, time: check.shiftEnd }, ev.tenant.languagePair);
    await startWatch(() =>
      startChild(shiftWatch, {
        workflowId: patched(LASTING_IDS) ? shiftWatchId(check.memberUid, check.workday) : legacyIds.shiftWatch(tenantId, ev.member.id, check.workday),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: searchAttributes,
        args: [{ tenantId, memberId: ev.member.id, workday: check.workday, checkAt: check.at, notice: { chatId: target, text } }],
      }),
    );
  }

  if (ev.endsBreakPunchId !== null) {
    const legacy = legacyIds.breakWatch(tenantId, ev.member.id, ev.endsBreakPunchId);
    const signalled = (id: string) =>
      getExternalWorkflowHandle(id)
        .signal(breakEndedSignal, { at: punchedAt, punchId: punchId })
        .then(() => true, () => false);
    // Already finished (or never started): nothing to stop; the watch also checks the database.
    // A break that began before watches had UUIDs is watched under its serial id.
    if (!(patched(LASTING_IDS) && ev.endsBreakPunchUid && (await signalled(breakWatchId(ev.endsBreakPunchUid))))) await signalled(legacy);
  }

  return { sent, violations: ev.violations.length };
}
