// In groups, personal commands are pointed to the private chat so IINs are never typed in public.
import { Composer } from 'grammy';
import { render } from '../../domain/messages';
import type { BotContext } from '../context';

export const groupFeature = new Composer<BotContext>();

groupFeature
  .chatType(['group', 'supergroup'])
  .command(['start', 'notify', 'month', 'unregister'], async (ctx) => {
    await ctx.reply(render('group.privateOnly', {}, ctx.deps.tenant.languagePair), {
      reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
    });
  });
