// The bot process. By default it polls Telegram with @grammyjs/runner (one replica), updates of
// one conversation handled in order. With BOT_WEBHOOK_URL it runs as one of several replicas behind
// a load balancer: Telegram posts to the webhook, the update is stored in the inbox, and every
// replica handles the inbox in Telegram's order per conversation (bot/webhook.ts).
import type { Server } from 'node:http';
import os from 'node:os';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { Client, Connection } from '@temporalio/client';
import { createRedis, oncePerOutage } from '../cache/redis';
import { createChatWindows } from '../cache/chat-window';
import { createSubscriberCache } from '../cache/subscriber-cache';
import { createRateLimiter } from '../cache/rate-limit';
import { employeeHasPunched } from '../db/repositories/punches';
import { withTenant } from '../db/tenant-scope';
import { requireBotToken, type Config } from '../config';
import { runMain } from '../config/main';
import { describeError, type Logger } from '../config/logger';
import { pgCheck, redisCheck, startObservabilityServer } from '../config/health';
import { initProcessMetrics } from '../config/metrics';
import { createBiotimeSource } from '../db/biotime-source';
import { createPool } from '../db/pool';
import { createTenantScopedPool } from '../db/tenant-scope';
import { ensureBiotimeTenant } from '../db/repositories/tenants';
import { biotimeSourceSettings } from '../config';
import { withBackoff } from '../workers/temporal-connection';
import { sweepClockIns } from './clock-in-handoff';
import { commandList, createBot, groupCommandList } from './create-bot';
import { sweepRequests } from './request-handoff';
import { createWebhookApp, listenWebhook, startInboxProcessor, type InboxProcessor } from './webhook';
import { createDecisions } from '../services/decisions';

export async function runBot(config: Config, log: Logger, signal: AbortSignal): Promise<void> {
  const token = requireBotToken(config);
  // The app role (row-level security) for tenant work; the platform path for cross-tenant lookups.
  const pool = createTenantScopedPool(config.DATABASE_URL, { max: 10 });
  const platformPool = createPool(config.DATABASE_URL, { max: 3 });
  const biotimePool = createPool(config.BIOTIME_DATABASE_URL, { max: 3 });
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  const cache = createSubscriberCache({
    redis,
    pool,
    onRedisError: (err, operation) => log.warn({ err: describeError(err), operation }, 'redis unavailable'),
  });
  initProcessMetrics('bot');
  // Telegram is no readiness check: an outage there is waited out, and must not take the bot out of service.
  const observability = await startObservabilityServer({
    port: config.METRICS_PORT,
    host: config.METRICS_HOST,
    log,
    checks: { postgres: pgCheck(pool) },
    softChecks: { redis: redisCheck(redis) },
  });
  const pressReceivedAt = new Map<string, Date>();
  const { tenant } = await withBackoff('preparing the BioTime tenant', () => ensureBiotimeTenant(platformPool, biotimeSourceSettings(config)), log, {
    signal,
  });
  const directory = createBiotimeSource(biotimePool, {
    table: config.BIOTIME_TABLE,
    iinColumn: config.BIOTIME_IIN_COLUMN,
    seenInPunches: (code) => withTenant(pool, tenant.id, (tx) => employeeHasPunched(tx, tenant.id, code)),
  });
  if (!(await directory.directoryIndexed().catch(() => true))) {
    log.warn(
      { table: config.BIOTIME_TABLE, iinColumn: config.BIOTIME_IIN_COLUMN },
      'BioTime has no index for the IIN lookup at registration; each lookup reads the directory table (npm run biotime:install-trigger -- --with-directory-index creates one)',
    );
  }
  const connection = await withBackoff('connecting to Temporal', () => Connection.connect({ address: config.TEMPORAL_ADDRESS }), log, { signal });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const deps = {
    pool,
    platformPool,
    directory,
    cache,
    tenant,
    log,
    temporal,
    decisions: createDecisions({ pool, temporal }),
    adminCache: redis,
    rateLimiter: createRateLimiter({ redis, onRedisError: (err) => log.warn({ err: describeError(err) }, 'redis unavailable; rate limits kept in this process') }),
    groupDefaults: { timeZone: config.TENANT_TIMEZONE, trialDays: config.TRIAL_DAYS },
    reportSchedules: config.REPORT_SCHEDULES,
    panelPublicUrl: config.PANEL_PUBLIC_URL,
    sourceSecretsKey: config.SOURCE_SECRETS_KEY,
    // In webhook mode a button press is timed when its update reached a replica (the inbox keeps it).
    ...(config.BOT_WEBHOOK_URL ? { pressClock: { pressedBy: (id: string) => pressReceivedAt.get(id) } } : {}),
  };

  const groupWindow = { messages: config.TELEGRAM_GROUP_MESSAGES, windowMs: config.TELEGRAM_GROUP_WINDOW_SECONDS * 1000 };
  const bot = createBot(token, deps, {
    apiRoot: config.TELEGRAM_API_ROOT,
    // Every replica and the worker take turns in one window per group (Telegram counts them together).
    sharedGroupWindows: {
      windows: createChatWindows(redis, groupWindow),
      onError: oncePerOutage(redis, (err) => log.warn({ err: describeError(err) }, "redis unavailable; each group's replies paced by this replica alone")),
    },
    limits: {
      group: groupWindow,
      private: { messages: config.TELEGRAM_PRIVATE_MESSAGES, windowMs: config.TELEGRAM_PRIVATE_WINDOW_SECONDS * 1000 },
      bot: { messages: Math.max(1, Math.floor(config.TELEGRAM_MAX_MESSAGES_PER_SECOND)), windowMs: 1_000 },
    },
  });
  await withBackoff('reaching the Telegram Bot API', () => bot.init(), log, { signal });
  await bot.api
    .setMyCommands(commandList(deps), { scope: { type: 'all_private_chats' } })
    .then(() => bot.api.setMyCommands(groupCommandList(), { scope: { type: 'all_group_chats' } }))
    .catch((err) => log.warn({ err: describeError(err) }, 'setMyCommands failed'));

  // Clock-ins and requests whose workflow a crash kept from starting are handed over here.
  const grace = config.HANDOFF_GRACE_SECONDS;
  const sweepNow = () => {
    void sweepClockIns({ temporal, pool, platformPool, log }, grace).catch(() => undefined);
    void sweepRequests(deps, bot.api, grace).catch(() => undefined);
  };
  const sweep = setInterval(sweepNow, grace * 1000);
  sweepNow();
  // chat_member: who leaves the group, which Telegram sends to a bot that is an admin there.
  const allowedUpdates = ['message', 'callback_query', 'my_chat_member', 'chat_member'] as const;
  let runner: RunnerHandle | null = null;
  let inbox: InboxProcessor | null = null;
  let webhookServer: Server | null = null;
  if (config.BOT_WEBHOOK_URL) {
    const secret = config.BOT_WEBHOOK_SECRET!;
    inbox = await startInboxProcessor({
      platformPool,
      databaseUrl: config.DATABASE_URL,
      replica: config.BOT_REPLICA_NAME ?? `${os.hostname()}:${process.pid}`,
      log,
      handle: async (update, receivedAt) => {
        const pressId = update.callback_query?.id;
        if (pressId) pressReceivedAt.set(pressId, receivedAt);
        try {
          await bot.handleUpdate(update);
        } finally {
          if (pressId) pressReceivedAt.delete(pressId);
        }
      },
    });
    const app = createWebhookApp({ token, botInfo: bot.botInfo, secret, path: new URL(config.BOT_WEBHOOK_URL).pathname, platformPool, log });
    webhookServer = await listenWebhook(app, config.BOT_WEBHOOK_PORT, config.BOT_WEBHOOK_HOST);
    // Every replica sets the same webhook (idempotent); none deletes it on stop, the others still serve it.
    await withBackoff(
      'setting the webhook',
      () => bot.api.setWebhook(config.BOT_WEBHOOK_URL!, { secret_token: secret, allowed_updates: [...allowedUpdates], max_connections: 40 }),
      log,
      { signal },
    );
    log.info({ username: bot.botInfo.username, port: config.BOT_WEBHOOK_PORT }, 'bot ready');
  } else {
    runner = run(bot, { runner: { fetch: { allowed_updates: [...allowedUpdates] } } });
    log.info({ username: bot.botInfo.username }, 'bot ready');
  }

  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  clearInterval(sweep);
  if (runner?.isRunning()) await runner.stop();
  if (webhookServer) await new Promise((resolve) => webhookServer!.close(resolve));
  await inbox?.stop();
  await observability?.close();
  await connection.close().catch(() => undefined);
  await Promise.all([pool.end(), platformPool.end(), biotimePool.end()]).catch(() => undefined);
  redis.disconnect();
  log.info('bot stopped');
}

if (require.main === module) runMain('bot', runBot, requireBotToken);
