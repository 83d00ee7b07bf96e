// A database that restarts or drops a connection mid-update must not cost the member their
// clock-in or request. The update's handlers run again, with backoff, until the database answers
// or the budget is spent. They are safe to run again: each write is keyed by Telegram's own ids
// (a clock-in by its message or press), and a clock-in already recorded but never answered is
// answered on the next run (bot/features/clock-in.ts). The sequentializer above keeps the
// member's later updates waiting meanwhile, so their order holds.
import type { MiddlewareFn } from 'grammy';
import { describeError } from '../../config/logger';
import { recordBotUpdateRetry } from '../../config/metrics';
import { isTransientDbError } from '../../db/transient';
import type { BotContext } from '../context';

export interface TransientRetryOptions {
  /** How long an update keeps being tried; past it the error is handled as any other. */
  budgetMs: number;
  /** The first wait; each next one doubles, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_TRANSIENT_RETRY: TransientRetryOptions = { budgetMs: 90_000, firstDelayMs: 250, maxDelayMs: 5_000 };

/** Runs `handlers` for the update, again while they fail on a database that is briefly away. */
export function retryOnTransientDbError(handlers: MiddlewareFn<BotContext>, o: TransientRetryOptions = DEFAULT_TRANSIENT_RETRY): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const started = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        // Each run gets grammY's chain afresh (its next() may be called once per run).
        return await handlers(ctx, next);
      } catch (err) {
        if (!isTransientDbError(err)) throw err;
        const delay = Math.min(o.firstDelayMs * 2 ** (attempt - 1), o.maxDelayMs);
        if (Date.now() - started + delay > o.budgetMs) {
          recordBotUpdateRetry('gave_up');
          throw err;
        }
        recordBotUpdateRetry('retried');
        ctx.log.warn({ attempt, retryInMs: delay, err: describeError(err) }, 'the database was unreachable while handling this update; it is handled again');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
}
