import type { NextFunction } from 'grammy';
import type { BotContext, BotDeps } from '../context';

/** Gives each update its dependencies and a child logger that names it. */
export function contextSetup(deps: BotDeps) {
  return async (ctx: BotContext, next: NextFunction): Promise<void> => {
    ctx.deps = deps;
    ctx.log = deps.log.child({ updateId: ctx.update.update_id, chatId: ctx.chat?.id, userId: ctx.from?.id });
    const started = performance.now();
    await next();
    ctx.log.debug({ ms: Math.round(performance.now() - started) }, 'update handled');
  };
}
