// The storage steps workflows run as local activities: short, idempotent, no server round trips.
// Transient trouble (PostgreSQL or Redis unreachable) is retried with backoff for up to a day;
// a permanent failure (activities/failures.ts) is not retried at all. A step still failing after
// a day fails its workflow, visibly in the Temporal UI, where an operator can reset it.
import { proxyLocalActivities } from '@temporalio/workflow';
import type { AdjustmentActivities } from '../activities/postgres-adjustments';
import type { AdvanceActivities } from '../activities/postgres-advances';
import type { PostgresPunchActivities } from '../activities/postgres-punches';
import type { PunchNoticeActivities } from '../activities/punch-notice';
import type { RequestActivities } from '../activities/postgres-requests';
import type { RulesActivities } from '../activities/postgres-rules';
import type { SubscriberActivities } from '../activities/redis-subscribers';

export const storage = proxyLocalActivities<PostgresPunchActivities & PunchNoticeActivities & SubscriberActivities & RulesActivities & AdjustmentActivities & AdvanceActivities & RequestActivities>({
  startToCloseTimeout: '10s',
  scheduleToCloseTimeout: '24h',
  retry: { initialInterval: '200ms', maximumInterval: '1m', backoffCoefficient: 2 },
});
