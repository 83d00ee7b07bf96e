// A terminal punch's storage work in two steps, so its workflow pays for two local activities
// instead of four: before the messages (record the punch, find who is told and what, copy it into
// the companies that run attendance in groups) and after them (record what happened to each
// message). Both are idempotent: a retry or a replay finds the punch recorded and its messages
// already handled.
import type { PunchInput } from '../domain/punch';
import { renderPunchNotice } from '../domain/notifications';
import type { Delivery, PostgresPunchActivities } from './postgres-punches';
import type { SubscriberActivities } from './redis-subscribers';

export interface PunchNotice {
  memberId: number;
  chatId: number;
  text: string;
}

export interface PreparedPunchNotice {
  punchId: number;
  created: boolean;
  /** The employee's member id (the first subscriber's), for the workflow's MemberId search attribute. */
  memberId: number | null;
  /** Messages still to send: subscribers whose chat an earlier run has not handled yet. */
  notices: PunchNotice[];
  /** The punch's copies in the employee's group-run companies, each to be judged by their rules. */
  routed: Array<{ tenantId: number; punchId: number }>;
}

export function createPunchNoticeActivities(deps: { punches: PostgresPunchActivities; subscribers: SubscriberActivities }) {
  const { punches, subscribers } = deps;
  return {
    async preparePunchNotice(input: PunchInput, workflowId: string): Promise<PreparedPunchNotice> {
      const recorded = await punches.recordPunch(input, workflowId);
      const everyone = await subscribers.findPunchSubscribers(input.tenantId, input.employeeCode);
      const routed = await punches.routeBiotimePunch(input, workflowId);
      const notices = everyone
        .filter((s) => !recorded.handledChatIds.includes(s.chatId))
        .map((s) => ({
          memberId: s.memberId,
          chatId: s.chatId,
          text: renderPunchNotice(
            { kind: input.kind, punchedAt: input.punchedAt, employeeName: s.fullName, terminal: input.terminal, timeZone: recorded.timeZone },
            recorded.languagePair,
          ),
        }));
      return { punchId: recorded.punchId, created: recorded.created, memberId: everyone[0]?.memberId ?? null, notices, routed };
    },

    async finishPunchNotice(tenantId: number, punchId: number, deliveries: Delivery[], workflowId: string): Promise<void> {
      const changed = await punches.recordPunchDeliveries(tenantId, punchId, deliveries, workflowId);
      if (changed.length > 0) await subscribers.forgetSubscribers(tenantId, changed);
    },
  };
}

export type PunchNoticeActivities = ReturnType<typeof createPunchNoticeActivities>;
