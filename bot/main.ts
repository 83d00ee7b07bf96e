// The bot process: long polling with @grammyjs/runner, updates of one chat handled in order.
import { run } from '@grammyjs/runner';
import { Client, Connection } from '@temporalio/client';
import { createRedis } from '../cache/redis';
import { createSubscriberCache } from '../cache/subscriber-cache';
import { createRateLimiter } from '../cache/rate-limit';
import { employeeHasPunched } from '../db/repositories/punches';
import { withTenant } from '../db/tenant-scope';
import { requireBotToken, type Config } from '../config';
import { runMain } from '../config/main';
import { describeError, type Logger } from '../config/logger';
import { createBiotimeSource } from '../db/biotime-source';
import { createPool } from '../db/pool';
import { createTenantScopedPool } from '../db/tenant-scope';
import { ensureBiotimeTenant } from '../db/repositories/tenants';
import { biotimeSourceSettings } from '../config';
import { withBackoff } from '../workers/temporal-connection';
import { sweepClockIns } from './clock-in-handoff';
import { commandList, createBot, groupCommandList } from './create-bot';
import { sweepRequests } from './request-handoff';
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
  };

  const bot = createBot(token, deps, {
    apiRoot: config.TELEGRAM_API_ROOT,
    limits: {
      group: { messages: config.TELEGRAM_GROUP_MESSAGES, windowMs: config.TELEGRAM_GROUP_WINDOW_SECONDS * 1000 },
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
  const runner = run(bot, {
    runner: { fetch: { allowed_updates: ['message', 'callback_query', 'my_chat_member'] } },
  });
  log.info({ username: bot.botInfo.username }, 'bot ready');

  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  clearInterval(sweep);
  if (runner.isRunning()) await runner.stop();
  await connection.close().catch(() => undefined);
  await Promise.all([pool.end(), platformPool.end(), biotimePool.end()]).catch(() => undefined);
  redis.disconnect();
  log.info('bot stopped');
}

if (require.main === module) runMain('bot', runBot, requireBotToken);
