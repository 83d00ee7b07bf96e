// In groups, personal commands are pointed to the private chat so IINs are never typed in public.
import { Composer } from 'grammy';
import { render } from '../../domain/messages';
import type { BotContext } from '../context';
import { replyInThread } from '../replies';

export const groupFeature = new Composer<BotContext>();

groupFeature
  .chatType(['group', 'supergroup'])
  .command(['start', 'notify', 'month', 'unregister'], async (ctx) => {
    await replyInThread(ctx)(render('group.privateOnly', {}, ctx.deps.tenant.languagePair));
  });
