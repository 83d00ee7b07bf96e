// The Temporal worker process: workflows and storage activities on `attendance`,
// Telegram sends on `telegram-outbound` under a fleet-wide rate cap. WORKER_TASK_QUEUES picks
// which of the two this process serves (both by default; docker-compose.yml runs one of each).
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { Api } from 'grammy';
import { createAdjustmentActivities } from '../activities/postgres-adjustments';
import { createAdvanceActivities } from '../activities/postgres-advances';
import { createPostgresPunchActivities } from '../activities/postgres-punches';
import { createPunchNoticeActivities } from '../activities/punch-notice';
import { createRequestActivities } from '../activities/postgres-requests';
import { createReportActivities } from '../activities/postgres-reports';
import { createRulesActivities } from '../activities/postgres-rules';
import { createSubscriberActivities } from '../activities/redis-subscribers';
import { createTelegramActivities } from '../activities/telegram';
import { withPermanentFailures } from '../activities/failures';
import { createRedis, oncePerOutage } from '../cache/redis';
import { createSubscriberCache } from '../cache/subscriber-cache';
import { createSendPacer } from '../cache/send-pacer';
import { createChatWindows } from '../cache/chat-window';
import { loadConfig, requireBotToken, type Config } from '../config';
import { createLogger, describeError, type Logger } from '../config/logger';
import { pgCheck, redisCheck, startObservabilityServer, temporalCheck } from '../config/health';
import { initProcessMetrics, recordSendSlotMissed } from '../config/metrics';
import { createPool } from '../db/pool';
import { createTenantScopedPool } from '../db/tenant-scope';
import { TASK_QUEUES, type TaskQueue } from '../domain/temporal';
import { WORKFLOW_BUNDLER_OPTIONS } from './workflow-bundle';
import { withBackoff } from './temporal-connection';
import { workerCapacity } from './capacity';
import { reconcileSchedulesInBackground } from './schedule-reconciler';
import { runListener } from './biotime-listener';

/** The SDK's own metrics (task slots, schedule-to-start latencies) on their own Prometheus port. */
function temporalMetrics(config: Config) {
  if (config.TEMPORAL_METRICS_PORT === undefined) return {};
  const host = config.METRICS_HOST.includes(':') ? `[${config.METRICS_HOST}]` : config.METRICS_HOST;
  return { metrics: { prometheus: { bindAddress: `${host}:${config.TEMPORAL_METRICS_PORT}` } } };
}

// The Runtime is installed once, before any connection or worker exists: logging and metrics together.
function installTemporalRuntime(log: Logger, config: Config) {
  const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
  };
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => {
      const { message, level, meta } = entry;
      log[levels[level]]({ temporal: meta ?? {} }, message);
    }),
    telemetryOptions: temporalMetrics(config),
  });
}

export async function runWorker(config: Config, log: Logger): Promise<void> {
  initProcessMetrics('worker');
  installTemporalRuntime(log.child({ component: 'temporal' }), config);
  const capacity = workerCapacity(config);
  // Every activity works as the app role, scoped to one tenant per transaction (row-level security).
  const pool = createTenantScopedPool(config.DATABASE_URL, { max: capacity.dbConnections });
  // The platform path: only for finding which companies employ a BioTime employee.
  const platformPool = createPool(config.DATABASE_URL, { max: 4 });
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const cache = createSubscriberCache({
    redis,
    pool,
    onRedisError: (err, operation) => log.warn({ err: describeError(err), operation }, 'redis unavailable; using PostgreSQL'),
  });
  const api = new Api(requireBotToken(config), { apiRoot: config.TELEGRAM_API_ROOT });
  const warnPacing = oncePerOutage(redis, (err) => log.warn({ err: describeError(err) }, 'redis unavailable; Telegram sends paced by the task queue alone'));
  const pacer = createSendPacer({
    redis,
    perSecond: config.TELEGRAM_MAX_MESSAGES_PER_SECOND,
    marginMs: config.TELEGRAM_SEND_MARGIN_MS,
    onReslot: recordSendSlotMissed,
    onRedisError: warnPacing,
  });
  // Each group's window is shared with the bot's replies into it (Telegram counts them together).
  const groups = createChatWindows(redis, { messages: config.TELEGRAM_GROUP_MESSAGES, windowMs: config.TELEGRAM_GROUP_WINDOW_SECONDS * 1000 });

  // Readiness says Temporal is 'starting' until the connection below exists.
  const temporalLink: { connection?: NativeConnection } = {};
  const observability = await startObservabilityServer({
    port: config.METRICS_PORT,
    host: config.METRICS_HOST,
    log,
    checks: { postgres: pgCheck(pool), temporal: temporalCheck(() => temporalLink.connection) },
    softChecks: { redis: redisCheck(redis) },
  });

  const connection = await withBackoff('connecting to Temporal', () => NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }), log);
  temporalLink.connection = connection;
  const workflowSource = config.WORKFLOW_BUNDLE_PATH
    ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } }
    : { workflowsPath: require.resolve('../workflows'), bundlerOptions: WORKFLOW_BUNDLER_OPTIONS };

  const punches = createPostgresPunchActivities({ pool, platformPool });
  const subscribers = createSubscriberActivities({ cache });
  const serves = (queue: TaskQueue) => config.WORKER_TASK_QUEUES.includes(queue);
  const attendance = !serves(TASK_QUEUES.attendance) ? null : await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: TASK_QUEUES.attendance,
    ...workflowSource,
    activities: withPermanentFailures({
      ...punches,
      ...subscribers,
      ...createPunchNoticeActivities({ punches, subscribers }),
      ...createRulesActivities({ pool }),
      ...createAdjustmentActivities({ pool }),
      ...createAdvanceActivities({ pool }),
      ...createRequestActivities({ pool }),
      ...createReportActivities({ pool, platformPool }),
    }),
    maxConcurrentWorkflowTaskExecutions: capacity.workflowTasks,
    workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
    stickyQueueScheduleToStartTimeout: `${config.WORKER_STICKY_TIMEOUT_SECONDS}s`,
    ...(config.WORKER_MAX_CACHED_WORKFLOWS === undefined ? {} : { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS }),
    maxConcurrentLocalActivityExecutions: capacity.localActivities,
    maxConcurrentActivityTaskExecutions: capacity.activities,
  });
  const outbound = !serves(TASK_QUEUES.telegramOutbound) ? null : await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: TASK_QUEUES.telegramOutbound,
    activities: withPermanentFailures(createTelegramActivities({ api, pool, platformPool, pacer, groups, onRedisError: warnPacing })),
    maxTaskQueueActivitiesPerSecond: config.TELEGRAM_MAX_MESSAGES_PER_SECOND,
    maxConcurrentActivityTaskExecutions: capacity.activities,
  });

  // Every company's report schedules, checked once per start (missing or out of date: repaired),
  // by the workers that run the workflows those schedules start.
  const clientConnection = attendance ? await withBackoff('connecting to Temporal', () => Connection.connect({ address: config.TEMPORAL_ADDRESS }), log) : null;
  const stopReconciling = new AbortController();
  const reconciled = clientConnection
    ? reconcileSchedulesInBackground(
        {
          temporal: new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }),
          pool,
          platformPool,
          log: log.child({ component: 'schedules' }),
          reportSchedules: config.REPORT_SCHEDULES,
        },
        stopReconciling.signal,
      )
    : Promise.resolve();
  // The BioTime listener in this process too, when asked: its client shares the worker's
  // NativeConnection, which is what lets the server hand a punch's first task straight back here.
  const stopListening = new AbortController();
  const onSignal = () => stopListening.abort();
  const ready = () => log.info({ namespace: config.TEMPORAL_NAMESPACE, taskQueues: config.WORKER_TASK_QUEUES, listener: config.WORKER_RUNS_LISTENER }, 'worker ready');
  const listening = config.WORKER_RUNS_LISTENER
    ? (() => {
        for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, onSignal);
        const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
        // Ready once the listener is too: a punch committed after "worker ready" is relayed.
        return runListener(config, log.child({ component: 'listener' }), stopListening.signal, { client, onReady: ready });
      })()
    : null;
  if (!listening) ready();
  try {
    // The Runtime shuts both workers down gracefully on SIGINT/SIGTERM.
    await Promise.all([attendance?.run(), outbound?.run(), listening]);
  } finally {
    stopListening.abort();
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.off(sig, onSignal);
    await listening?.catch((err: unknown) => log.error({ err: describeError(err) }, 'the listener in this worker failed'));
    stopReconciling.abort();
    await observability?.close();
    await reconciled.catch(() => undefined);
    await clientConnection?.close().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await platformPool.end().catch(() => undefined);
    redis.disconnect();
    log.info('worker stopped');
  }
}

if (require.main === module) {
  const config = loadConfig(requireBotToken);
  const log = createLogger('worker', config.LOG_LEVEL);
  runWorker(config, log).catch((err) => {
    log.fatal({ err: describeError(err) }, 'worker crashed');
    process.exit(1);
  });
}
