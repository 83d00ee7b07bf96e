// The storage steps workflows run as local activities: short, idempotent, no server round trips.
import { proxyLocalActivities } from '@temporalio/workflow';
import type { AdjustmentActivities } from '../activities/postgres-adjustments';
import type { AdvanceActivities } from '../activities/postgres-advances';
import type { PostgresPunchActivities } from '../activities/postgres-punches';
import type { RequestActivities } from '../activities/postgres-requests';
import type { RulesActivities } from '../activities/postgres-rules';
import type { SubscriberActivities } from '../activities/redis-subscribers';

export const storage = proxyLocalActivities<PostgresPunchActivities & SubscriberActivities & RulesActivities & AdjustmentActivities & AdvanceActivities & RequestActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '10s', backoffCoefficient: 2 },
});
