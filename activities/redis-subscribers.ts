// Subscriber lookups for the punch workflow, through the Redis cache with PostgreSQL behind it.
import type { Subscriber } from '../db/repositories/members';
import type { SubscriberCache } from '../cache/subscriber-cache';

export function createSubscriberActivities(deps: { cache: SubscriberCache }) {
  const { cache } = deps;
  return {
    async findPunchSubscribers(tenantId: number, employeeCode: string): Promise<Subscriber[]> {
      const { subscribers } = await cache.subscribersOf(tenantId, employeeCode);
      return subscribers;
    },
    async forgetSubscribers(tenantId: number, employeeCodes: string[]): Promise<void> {
      await cache.invalidate(tenantId, employeeCodes);
    },
  };
}

export type SubscriberActivities = ReturnType<typeof createSubscriberActivities>;
