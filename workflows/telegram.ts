// The Telegram send as workflows call it: on the rate-capped telegram-outbound task queue.
import { proxyActivities } from '@temporalio/workflow';
import type { TelegramActivities } from '../activities/telegram';
import { TASK_QUEUES } from '../domain/temporal';

export const telegram = proxyActivities<TelegramActivities>({
  taskQueue: TASK_QUEUES.telegramOutbound,
  // An attempt Telegram answers in well under a second; 10 s is also how long a message waits when
  // the worker sending it dies mid-send (the server retries it elsewhere only after this). A send
  // leaves within the first half (activities/telegram.ts) or is handed back as a retry.
  startToCloseTimeout: '10s',
  // A message older than a day is no longer an "instant" notification.
  scheduleToCloseTimeout: '24h',
  // At most 30 s between tries: once Telegram is back after an outage, the waiting messages go out
  // within half a minute rather than at retries minutes apart (the fault drills measured it).
  retry: { initialInterval: '1s', maximumInterval: '30s', backoffCoefficient: 2 },
});
