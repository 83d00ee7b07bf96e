// punch: record one punch and tell whoever must know. A BioTime punch notifies everyone
// subscribed to that employee. A group clock-in is judged by the company's rules at once:
// violations are recorded with their penalty and pushed to the member, a break starts its
// breakWatch, a return ends it. The id is the business key, so a repeated start is a no-op.
import {
  ParentClosePolicy,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Delivery, PostgresPunchActivities, RecordedPunch } from '../activities/postgres-punches';
import type { RulesActivities } from '../activities/postgres-rules';
import type { SubscriberActivities } from '../activities/redis-subscribers';
import type { SendOutcome } from '../activities/telegram';
import { render } from '../domain/messages';
import { renderPunchNotice, renderViolationNotice } from '../domain/notifications';
import type { PunchInput } from '../domain/punch';
import { breakEndedSignal, breakWatchId, shiftWatchId } from '../domain/signals';
import { SEARCH_ATTRIBUTES } from '../domain/temporal';
import { breakWatch } from './break-watch';
import { shiftWatch } from './shift-watch';
import { telegram } from './telegram';

// Short database and cache steps run as local activities: no extra round trips to the server.
const storage = proxyLocalActivities<PostgresPunchActivities & SubscriberActivities & RulesActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s', backoffCoefficient: 2 },
});

export interface PunchOutcome {
  punchId: number;
  created: boolean;
  sent: number;
  blocked: number;
  failed: number;
  violations?: number;
}

export async function punch(input: PunchInput): Promise<PunchOutcome> {
  const { workflowId } = workflowInfo();
  const recorded = await storage.recordPunch(input, workflowId);
  return input.source === 'group' ? judgeClockIn(input, recorded, workflowId) : notifySubscribers(input, recorded, workflowId);
}

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
  const count = (status: string) => deliveries.filter((d) => d.outcome.status === status).length;
  return { punchId: recorded.punchId, created: recorded.created, sent: count('sent'), blocked: count('blocked'), failed: count('failed') };
}

async function judgeClockIn(input: PunchInput, recorded: RecordedPunch, workflowId: string): Promise<PunchOutcome> {
  const ev = await storage.evaluateGroupPunch(input.tenantId, recorded.punchId, workflowId);
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.memberId, value: String(ev.member.id) }]);
  // Directly when the member has a private chat with the bot, otherwise in the group by name.
  const target = ev.member.privateChatOpen ? ev.member.telegramUserId : ev.tenant.chatId;
  const tell = async (text: string): Promise<SendOutcome> => {
    if (ev.member.privateChatOpen) {
      const direct = await telegram.sendTelegramMessage({ chatId: ev.member.telegramUserId, text });
      if (direct.status !== 'blocked') return direct;
      await storage.closePrivateChat(ev.member.telegramUserId);
    }
    if (ev.tenant.chatId === null) return { status: 'failed', reason: 'the tenant has no group' };
    return telegram.sendTelegramMessage({ chatId: ev.tenant.chatId, text });
  };

  let sent = 0;
  for (const v of ev.violations) {
    const text = renderViolationNotice(v, ev.member.displayName, ev.tenant.currency, ev.tenant.languagePair);
    if (text && (await tell(text)).status === 'sent') sent += 1;
  }

  if (ev.breakStarted && target !== null) {
    const allowanceMinutes = Math.round((ev.breakStarted.allowanceMs / 60_000) * 10) / 10;
    await startChild(breakWatch, {
      workflowId: breakWatchId(input.tenantId, ev.member.id, recorded.punchId),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.tenantId, value: String(input.tenantId) },
        { key: SEARCH_ATTRIBUTES.memberId, value: String(ev.member.id) },
      ],
      args: [
        {
          tenantId: input.tenantId,
          memberId: ev.member.id,
          breakPunchId: recorded.punchId,
          allowanceMs: ev.breakStarted.allowanceMs,
          overrunNotice: {
            chatId: target,
            text: render('break.overrun', { name: ev.member.displayName, allowance: allowanceMinutes }, ev.tenant.languagePair),
          },
        },
      ],
    });
  }

  if (ev.stillClockedInCheck && target !== null) {
    await startChild(shiftWatch, {
      workflowId: shiftWatchId(input.tenantId, ev.member.id, ev.stillClockedInCheck.workday),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.tenantId, value: String(input.tenantId) },
        { key: SEARCH_ATTRIBUTES.memberId, value: String(ev.member.id) },
      ],
      args: [
        {
          tenantId: input.tenantId,
          memberId: ev.member.id,
          workday: ev.stillClockedInCheck.workday,
          checkAt: ev.stillClockedInCheck.at,
          notice: {
            chatId: target,
            text: render('reminder.stillClockedIn', { name: ev.member.displayName, time: ev.stillClockedInCheck.shiftEnd }, ev.tenant.languagePair),
          },
        },
      ],
    });
  }

  if (ev.endsBreakPunchId !== null) {
    const watch = getExternalWorkflowHandle(breakWatchId(input.tenantId, ev.member.id, ev.endsBreakPunchId));
    // Already finished (or never started): nothing to stop; the watch also checks the database.
    await watch.signal(breakEndedSignal, { at: input.punchedAt, punchId: recorded.punchId }).catch(() => undefined);
  }

  return { punchId: recorded.punchId, created: recorded.created, sent, blocked: 0, failed: 0, violations: ev.violations.length };
}
