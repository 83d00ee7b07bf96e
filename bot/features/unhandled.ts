// Registered last: anything no feature understood gets a short answer in private chats (someone
// in a company group who is not registered gets what they can do there, not "please register"),
// a stale button gets told so, and group chatter is left alone.
import { Composer } from 'grammy';
import { label, render } from '../../domain/messages';
import type { BotContext } from '../context';
import { greetCompanyMember } from '../greeting';
import { memberMenu } from '../keyboards/menu';

export const unhandledFeature = new Composer<BotContext>();

unhandledFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: label('button.stale', ctx.deps.tenant.languagePair) });
});

unhandledFeature.chatType('private').on('message', async (ctx) => {
  const pair = ctx.deps.tenant.languagePair;
  if (!ctx.member) {
    if (!(await greetCompanyMember(ctx))) await ctx.reply(render('notRegistered', {}, pair));
    return;
  }
  await ctx.reply(render('unknownInput', {}, pair), { reply_markup: memberMenu(ctx.member, pair) });
});
