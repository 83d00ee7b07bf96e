// Builds the bot from its dependencies; bot/main.ts and tests both use this.
import { sequentialize } from '@grammyjs/runner';
import { Bot, Composer, type Transformer } from 'grammy';
import { CLOCK_WORDS } from '../domain/clock-in';
import { DEFAULT_LANGUAGE_PAIR, label, render, type LanguagePair } from '../domain/messages';
import { orderKeyOf } from '../domain/update-order';
import { describeError } from '../config/logger';
import { recordTelegramRateLimit } from '../config/metrics';
import type { BotContext, BotDeps } from './context';
import { adjustmentsFeature } from './features/adjustments';
import { advancesFeature } from './features/advances';
import { correctionsFeature } from './features/corrections';
import { decisionsFeature } from './features/decisions';
import { leaveFeature } from './features/leave';
import { clockInFeature } from './features/clock-in';
import { groupFeature } from './features/group';
import { groupSetupFeature } from './features/group-setup';
import { myMonthFeature } from './features/my-month';
import { myRequestsFeature } from './features/my-requests';
import { notificationsFeature } from './features/notifications';
import { panelFeature } from './features/panel';
import { registrationFeature } from './features/registration';
import { reportsFeature } from './features/reports';
import { unhandledFeature } from './features/unhandled';
import { unregisterFeature } from './features/unregister';
import { groupSenders } from './middlewares/sender';
import { attachMember } from './middlewares/attach-member';
import { contextSetup } from './middlewares/update-logger';
import { retryOnTransientDbError, type TransientRetryOptions } from './middlewares/transient-retry';
import { createPressClock } from './press-times';
import { fitCallbackAnswers } from './callback-text';
import { autoRetry } from '@grammyjs/auto-retry';
import { createChatThrottle, type SharedGroupWindows, type ThrottleLimits } from './chat-throttle';

/** How the bot's own replies are paced (see chat-throttle.ts); Telegram's documented limits by default. */
export const TELEGRAM_LIMITS: ThrottleLimits = {
  group: { messages: 20, windowMs: 60_000 },
  private: { messages: 3, windowMs: 3_000 },
  bot: { messages: 25, windowMs: 1_000 },
};

/** Counts every 429 Telegram answers, before auto-retry waits it out (so each retried attempt counts too). */
function countRateLimits(): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 429) recordTelegramRateLimit(result.parameters?.retry_after ?? 1);
    return result;
  };
}

export function createBot(token: string, botDeps: BotDeps, options: { apiRoot?: string; limits?: ThrottleLimits; transientRetry?: TransientRetryOptions; sharedGroupWindows?: SharedGroupWindows } = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { client: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
  const pressClock = createPressClock();
  bot.api.config.use(pressClock.transformer);
  bot.api.config.use(fitCallbackAnswers());
  // Inner: each attempt waits for its chat's turn. Outer: a 429 is waited out (retry_after) and
  // a 5xx or a network error retried, so a reply is not lost to a moment's trouble.
  bot.api.config.use(createChatThrottle(options.limits ?? TELEGRAM_LIMITS, Date.now, options.sharedGroupWindows));
  bot.api.config.use(countRateLimits());
  // Enough tries to outlast a couple of minutes of Telegram trouble (the fault drills: a minute of
  // 429s then a minute of 5xx lost answers at 5 tries); each 429 waits its retry_after, each 5xx
  // backs off 3, 6, 12 s and so on.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 40, maxDelaySeconds: 120 }));
  const deps: BotDeps = { pressClock, ...botDeps };

  // One sequence per conversation, or per request for decision presses (domain/update-order.ts).
  bot.use(sequentialize((ctx) => orderKeyOf(ctx.update)));
  bot.use(contextSetup(deps));
  // Every handler runs inside the retry for a database that is briefly away (a restart, a dropped
  // connection): the update waits and runs again instead of being dropped.
  const handlers = new Composer<BotContext>(
    groupSenders,
    attachMember,
    groupSetupFeature,
    clockInFeature,
    adjustmentsFeature,
    reportsFeature,
    advancesFeature,
    leaveFeature,
    correctionsFeature,
    decisionsFeature,
    myRequestsFeature,
    registrationFeature,
    notificationsFeature,
    myMonthFeature,
    unregisterFeature,
    panelFeature,
    groupFeature,
    unhandledFeature,
  );
  bot.use(retryOnTransientDbError(handlers.middleware(), options.transientRetry));

  bot.catch(async (error) => {
    const ctx = error.ctx;
    ctx.log.error({ err: describeError(error.error) }, 'update failed');
    if (ctx.chat?.type === 'private') {
      await ctx.reply(render('error.generic', {}, deps.tenant.languagePair)).catch(() => undefined);
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  });

  return bot;
}

/** The command list Telegram shows in group chats. */
export function groupCommandList(pair: LanguagePair = DEFAULT_LANGUAGE_PAIR) {
  return [
    ...CLOCK_WORDS.map((word) => ({ command: word, description: label(`button.clock.${word}`, pair) })),
    { command: 'setup', description: label('button.setup', pair) },
    { command: 'penalty', description: label('adjustment.kind.penalty', pair) },
    { command: 'bonus', description: label('adjustment.kind.bonus', pair) },
    { command: 'keyboard', description: label('clock.keyboard', pair) },
    { command: 'report', description: label('command.report', pair) },
    { command: 'export', description: label('command.export', pair) },
    { command: 'hr', description: label('command.hr', pair) },
    { command: 'salary', description: label('command.salary', pair) },
    { command: 'reporttime', description: label('command.reporttime', pair) },
  ];
}

/** The command list Telegram shows in the menu, descriptions in both languages. */
export function commandList(deps: Pick<BotDeps, 'tenant'>) {
  const pair = deps.tenant.languagePair;
  return [
    { command: 'start', description: label('command.start', pair) },
    { command: 'notify', description: label('command.notify', pair) },
    { command: 'month', description: label('command.month', pair) },
    { command: 'advance', description: label('command.advance', pair) },
    { command: 'leave', description: label('command.leave', pair) },
    { command: 'fix', description: label('command.fix', pair) },
    { command: 'requests', description: label('command.requests', pair) },
    { command: 'unregister', description: label('command.unregister', pair) },
  ];
}
