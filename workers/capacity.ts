// How much the worker runs at once. Every storage step is a local activity holding one database
// connection for its transaction, so the worker never runs more of them than its pool has
// connections: a step that waited for a connection would spend its own 10-second budget waiting.
import type { Config } from '../config';

export interface WorkerCapacity {
  /** Connections of the app-role pool (the storage steps). */
  dbConnections: number;
  localActivities: number;
  /** Telegram sends on the outbound queue (no database). */
  activities: number;
  workflowTasks: number;
}

export function workerCapacity(config: Pick<Config, 'WORKER_DB_POOL_SIZE' | 'WORKER_MAX_CONCURRENT_ACTIVITIES' | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'>): WorkerCapacity {
  return {
    dbConnections: config.WORKER_DB_POOL_SIZE,
    localActivities: config.WORKER_DB_POOL_SIZE,
    activities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    workflowTasks: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
  };
}
