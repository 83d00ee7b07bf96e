// punch: record one punch, tell everyone subscribed to that employee, audit.
// Started by the BioTime listener with id punch:biotime:<rowId>, so a repeated start is a no-op.
import { proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PostgresPunchActivities, Delivery } from '../activities/postgres-punches';
import type { SubscriberActivities } from '../activities/redis-subscribers';
import type { TelegramActivities } from '../activities/telegram';
import { renderPunchNotice } from '../domain/notifications';
import type { PunchInput } from '../domain/punch';
import { SEARCH_ATTRIBUTES, TASK_QUEUES } from '../domain/temporal';

// Short database and cache steps run as local activities: no extra round trips to the server.
const storage = proxyLocalActivities<PostgresPunchActivities & SubscriberActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s', backoffCoefficient: 2 },
});

const telegram = proxyActivities<TelegramActivities>({
  taskQueue: TASK_QUEUES.telegramOutbound,
  startToCloseTimeout: '30s',
  // A message older than a day is no longer an "instant" notification.
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '1s', maximumInterval: '5m', backoffCoefficient: 2 },
});

export interface PunchOutcome {
  punchId: number;
  created: boolean;
  sent: number;
  blocked: number;
  failed: number;
}

export async function punch(input: PunchInput): Promise<PunchOutcome> {
  const { workflowId } = workflowInfo();
  const recorded = await storage.recordPunch(input, workflowId);
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
