// The web panels' API process: Express on API_PORT, the app-role pool for tenant work, the
// platform pool for sessions, Redis for admin checks and rate limits, Temporal for decisions.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Api } from 'grammy';
import { createRateLimiter } from '../cache/rate-limit';
import { createRedis } from '../cache/redis';
import { createSubscriberCache } from '../cache/subscriber-cache';
import { requireBotToken, type Config } from '../config';
import { describeError, type Logger } from '../config/logger';
import { runMain } from '../config/main';
import { pgCheck, redisCheck, startObservabilityServer } from '../config/health';
import { initProcessMetrics } from '../config/metrics';
import { createPool } from '../db/pool';
import { createTenantScopedPool } from '../db/tenant-scope';
import { sweepEndedSessions } from '../db/repositories/web-sessions';
import { createDecisions } from '../services/decisions';
import { withBackoff } from '../workers/temporal-connection';
import { createApp } from './app';
import { listenForPanelEvents } from './events';

export async function runApi(config: Config, log: Logger, signal: AbortSignal): Promise<void> {
  const botToken = requireBotToken(config);
  const pool = createTenantScopedPool(config.DATABASE_URL, { max: 10 });
  const platformPool = createPool(config.DATABASE_URL, { max: 5 });
  const redis = createRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX);
  initProcessMetrics('api');
  const observability = await startObservabilityServer({
    port: config.METRICS_PORT,
    host: config.METRICS_HOST,
    log,
    checks: { postgres: pgCheck(pool) },
    softChecks: { redis: redisCheck(redis) },
  });
  const connection = await withBackoff('connecting to Temporal', () => Connection.connect({ address: config.TEMPORAL_ADDRESS }), log, { signal });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const telegram = new Api(botToken, { apiRoot: config.TELEGRAM_API_ROOT });

  const events = await withBackoff('listening for panel events', () => listenForPanelEvents(config.DATABASE_URL, log, signal), log, { signal });
  const panelDir = path.resolve(__dirname, '..', 'admin-ui', 'dist');
  if (!existsSync(path.join(panelDir, 'index.html'))) log.warn({ panelDir }, 'the panel is not built (npm run panel:build); serving the API only');

  const app = createApp({
    pool,
    platformPool,
    temporal,
    decisions: createDecisions({ pool, temporal }),
    telegram: {
      getChatMember: (chatId, userId) => telegram.getChatMember(chatId, userId),
      getChatAdministrators: (chatId) => telegram.getChatAdministrators(chatId),
    },
    events,
    subscriberCache: createSubscriberCache({ redis, pool, onRedisError: (err, operation) => log.warn({ err: describeError(err), operation }, 'redis unavailable') }),
    adminCache: redis,
    rateLimiter: createRateLimiter({ redis, onRedisError: (err) => log.warn({ err: describeError(err) }, 'redis unavailable; rate limits kept in this process') }),
    log,
    botToken,
    publicUrl: config.PANEL_PUBLIC_URL,
    superAdminIds: config.SUPER_ADMIN_TELEGRAM_IDS,
    sourceSecretsKey: config.SOURCE_SECRETS_KEY,
    trustedProxies: config.API_TRUSTED_PROXIES,
    reportSchedules: config.REPORT_SCHEDULES,
    temporalUi: { url: config.TEMPORAL_UI_URL, namespace: config.TEMPORAL_NAMESPACE },
    panelDir,
  });
  // Ended sessions and old sign-in links are deleted hourly (only hashes were kept in them).
  const sweep = setInterval(() => {
    sweepEndedSessions(platformPool)
      .then((swept) => (swept.sessions + swept.tokens > 0 ? log.info(swept, 'ended panel sessions swept') : undefined))
      .catch((err) => log.warn({ err: describeError(err) }, 'sweeping ended sessions failed'));
  }, 3600_000);
  sweep.unref();
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.API_PORT, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  log.info({ port: config.API_PORT, publicUrl: config.PANEL_PUBLIC_URL }, 'api ready');

  await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  // Stop accepting, let requests in flight finish (idle keep-alive sockets are closed at once).
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearInterval(sweep);
  await observability?.close();
  await events.close();
  await connection.close().catch(() => undefined);
  await Promise.all([pool.end(), platformPool.end()]).catch(() => undefined);
  redis.disconnect();
  log.info('api stopped');
}

if (require.main === module) runMain('api', runApi, requireBotToken);
