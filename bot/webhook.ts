// Webhook mode (BOT_WEBHOOK_URL): Telegram posts updates to any bot replica behind a load
// balancer. Receiving is grammY's webhook adapter on Express (it checks Telegram's secret token
// header) feeding a receiver whose only job is to store the update in the inbox (bot_updates) and
// answer; handling is the inbox processor's, on every replica, one conversation at a time in
// Telegram's order. So ordering and exactly-once answers hold whichever replica got which update.
import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { Bot, webhookCallback, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Pool } from 'pg';
import createSubscriber from 'pg-listen';
import { describeError, type Logger } from '../config/logger';
import {
  BOT_UPDATES_CHANNEL,
  claimUpdates,
  markHandled,
  pruneHandledUpdates,
  releaseForRetry,
  renewLeases,
  storeUpdate,
} from '../db/repositories/bot-updates';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface WebhookReceiverOptions {
  token: string;
  botInfo: UserFromGetMe;
  secret: string;
  /** The path Telegram posts to (the path of BOT_WEBHOOK_URL). */
  path: string;
  platformPool: Pool;
  log: Logger;
}

/** The Express app Telegram posts to: 401 without the secret, 400 for a body that is no update. */
export function createWebhookApp(o: WebhookReceiverOptions): express.Express {
  const receiver = new Bot(o.token, { botInfo: o.botInfo });
  receiver.use(async (ctx: Context) => {
    const stored = await storeUpdate(o.platformPool, ctx.update);
    if (!stored) o.log.info({ updateId: ctx.update.update_id }, 'update delivered again; already in the inbox');
  });
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.post(
    o.path,
    express.json({ limit: '1mb' }),
    (req, res, next) => {
      // Only a request with the right secret learns whether its body was acceptable.
      if (sameSecret(req.header(SECRET_HEADER), o.secret) && !Number.isSafeInteger((req.body as { update_id?: unknown } | undefined)?.update_id)) {
        res.status(400).json({ error: 'not-an-update' });
        return;
      }
      next();
    },
    webhookCallback(receiver, 'express', { secretToken: o.secret, onTimeout: 'throw', timeoutMilliseconds: 10_000 }),
  );
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if ((err as { type?: string }).type === 'entity.parse.failed') {
      res.status(400).json({ error: 'not-json' });
      return;
    }
    // Not stored: Telegram delivers it again later.
    o.log.error({ err: describeError(err) }, 'storing a webhook update failed');
    res.status(500).json({ error: 'not-stored' });
  });
  return app;
}

export interface InboxProcessorOptions {
  /** Handles one update (the real bot's handleUpdate). */
  handle: (update: Update, receivedAt: Date) => Promise<void>;
  platformPool: Pool;
  databaseUrl: string;
  /** This replica's name in leases. */
  replica: string;
  log: Logger;
  /** Conversations handled at once by this replica. */
  concurrency?: number;
  leaseSeconds?: number;
  /** Tries before an update is given up (logged, marked handled with its failure). */
  maxAttempts?: number;
  /** How long an update waits for its predecessor still in flight (see claimUpdates). */
  reorderMs?: number;
}

export interface InboxProcessor {
  /** Resolves when nothing this replica took is still being handled. */
  stop(): Promise<void>;
}

/** Takes updates from the inbox and hands them to `handle`, in order per conversation. */
export async function startInboxProcessor(o: InboxProcessorOptions): Promise<InboxProcessor> {
  const concurrency = o.concurrency ?? 8;
  const leaseSeconds = o.leaseSeconds ?? 20;
  const maxAttempts = o.maxAttempts ?? 5;
  const reorderMs = o.reorderMs ?? 250;
  const inFlight = new Map<number, Promise<void>>();
  let stopping = false;
  let pumping = false;
  let again = false;

  const handleOne = async (claimed: Awaited<ReturnType<typeof claimUpdates>>[number]) => {
    try {
      await o.handle(claimed.update, claimed.receivedAt);
      await markHandled(o.platformPool, claimed.updateId);
    } catch (err) {
      const failure = describeError(err).message.slice(0, 500);
      if (claimed.attempts >= maxAttempts) {
        o.log.error({ updateId: claimed.updateId, attempts: claimed.attempts, err: describeError(err) }, 'an update failed every try; given up');
        await markHandled(o.platformPool, claimed.updateId, failure).catch(() => undefined);
      } else {
        const retryIn = Math.min(2 ** claimed.attempts, 60);
        o.log.warn({ updateId: claimed.updateId, attempts: claimed.attempts, retryInSeconds: retryIn, err: describeError(err) }, 'handling an update failed; it is tried again');
        await releaseForRetry(o.platformPool, claimed.updateId, retryIn, failure).catch(() => undefined);
      }
    }
  };

  const pump = async () => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        const room = concurrency - inFlight.size;
        if (stopping || room <= 0) break;
        const claimed = await claimUpdates(o.platformPool, o.replica, room, leaseSeconds, reorderMs / 1000);
        for (const c of claimed) {
          const work = handleOne(c).finally(() => {
            inFlight.delete(c.updateId);
            void pump();
          });
          inFlight.set(c.updateId, work);
        }
        if (claimed.length === room) again = true;
      } while (again);
    } catch (err) {
      o.log.warn({ err: describeError(err) }, 'reading the update inbox failed; trying again shortly');
    } finally {
      pumping = false;
    }
  };

  const subscriber = createSubscriber(
    { connectionString: o.databaseUrl },
    { retryTimeout: Infinity, retryInterval: (attempt) => Math.min(500 * 2 ** attempt, 15_000), paranoidChecking: 10_000 },
  );
  // A new update may wait for its predecessor: look again once that wait is over.
  subscriber.notifications.on(BOT_UPDATES_CHANNEL, () => {
    void pump();
    setTimeout(() => void pump(), reorderMs + 20).unref();
  });
  subscriber.events.on('connected', () => void pump());
  subscriber.events.on('error', (err) => o.log.error({ err: describeError(err) }, 'update inbox LISTEN connection failed'));
  await subscriber.connect();
  await subscriber.listenTo(BOT_UPDATES_CHANNEL);

  // A missed notification or another replica's expired lease is picked up within a second.
  const poll = setInterval(() => void pump(), 1_000);
  const renew = setInterval(() => {
    void renewLeases(o.platformPool, o.replica, [...inFlight.keys()], leaseSeconds).catch(() => undefined);
  }, (leaseSeconds * 1000) / 3);
  const prune = setInterval(() => {
    void pruneHandledUpdates(o.platformPool, 24).catch(() => undefined);
  }, 3600_000);
  void pump();

  return {
    async stop() {
      stopping = true;
      clearInterval(poll);
      clearInterval(renew);
      clearInterval(prune);
      await Promise.allSettled([...inFlight.values()]);
      await subscriber.close().catch(() => undefined);
    },
  };
}

/** Listens for Telegram's posts on `port`; resolves once listening. */
export function listenWebhook(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}
