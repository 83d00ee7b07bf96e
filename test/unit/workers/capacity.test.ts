import { createConfig } from '../../../config';
import { workerCapacity } from '../../../workers/capacity';

describe('What the worker runs at once', () => {
  test.each([
    ['the defaults', {}],
    ['many activities and a small pool', { WORKER_MAX_CONCURRENT_ACTIVITIES: '500', WORKER_DB_POOL_SIZE: '5' }],
    ['a large pool', { WORKER_DB_POOL_SIZE: '80' }],
  ])('With %s, no storage step ever waits for a database connection', (_name, env) => {
    const capacity = workerCapacity(createConfig(env));
    expect(capacity.localActivities).toBeGreaterThan(0);
    expect(capacity.localActivities).toBeLessThanOrEqual(capacity.dbConnections);
  });
});
