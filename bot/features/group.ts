// In groups, personal commands are pointed to the private chat so IINs are never typed in public,
// with a button that opens it. /start in a group that is no company yet is someone starting the
// bot there: it is greeted as when the bot joined, with the Setup button.
import { Composer, InlineKeyboard } from 'grammy';
import { DEFAULT_LANGUAGE_PAIR, label, render } from '../../domain/messages';
import { findTenantByChat } from '../../db/repositories/tenants';
import type { BotContext } from '../context';
import { setupKeyboard } from '../keyboards/clock-in';

export const groupFeature = new Composer<BotContext>();

groupFeature.chatType(['group', 'supergroup']).command(['start', 'notify', 'month', 'unregister'], async (ctx) => {
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  const inThread = { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } };
  if (!tenant && ctx.hasCommand('start')) {
    await ctx.reply(render('group.welcome', {}, DEFAULT_LANGUAGE_PAIR), { ...inThread, reply_markup: setupKeyboard(DEFAULT_LANGUAGE_PAIR) });
    return;
  }
  const pair = tenant?.languagePair ?? ctx.deps.tenant.languagePair;
  const openPrivate = new InlineKeyboard().url(label('button.openPrivate', pair), `https://t.me/${ctx.me.username}`);
  await ctx.reply(render('group.privateOnly', {}, pair), { ...inThread, reply_markup: openPrivate });
});
