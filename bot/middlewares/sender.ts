// Who sent a group message. Telegram lets an admin post anonymously (as the group itself: the
// message comes from @GroupAnonymousBot with `sender_chat` the group) and anyone post as one of
// their channels (`sender_chat` the channel); a linked channel's posts are copied into its
// discussion group (`is_automatic_forward`). None of these names a person, so none may clock in,
// ask for anything or be sent a private link: such a message would otherwise have made a member
// called "Group" or "Channel" and recorded clock-ins for nobody.
//
// An anonymous admin is still an admin (only admins can post as the group), so what needs no
// person goes through: setting the group up, its languages, the day's report and its time. The
// rest is answered with how to be seen (post as yourself, or press the buttons: a button press
// always names its presser). A channel's own posts are left alone, and so is a forwarded text.
import type { NextFunction } from 'grammy';
import { clockWordFromKeyword } from '../../domain/clock-in';
import { DEFAULT_LANGUAGE_PAIR, render } from '../../domain/messages';
import { findTenantByChat } from '../../db/repositories/tenants';
import type { BotContext } from '../context';
import { replyInThread } from '../replies';

/** What an anonymous admin may do: nothing here acts for, or on behalf of, a person. */
const ANONYMOUS_ADMIN_COMMANDS = new Set(['setup', 'language', 'report', 'reporttime']);

export type GroupSender = 'person' | 'anonymous-admin' | 'channel';

/** Who sent the update's message: a person, an admin posting as the group, or a channel. */
export function groupSenderOf(ctx: BotContext): GroupSender {
  const senderChat = ctx.msg?.sender_chat;
  if (!senderChat || ctx.callbackQuery) return 'person';
  return senderChat.id === ctx.chat?.id ? 'anonymous-admin' : 'channel';
}

/** The command a message starts with, if it is addressed to this bot (or to no bot in particular). */
function commandOf(ctx: BotContext): string | undefined {
  const text = ctx.msg?.text;
  const entity = ctx.msg?.entities?.[0];
  if (!text || entity?.type !== 'bot_command' || entity.offset !== 0) return undefined;
  const [name, addressee] = text.slice(1, entity.length).split('@');
  if (addressee && addressee.toLowerCase() !== ctx.me.username.toLowerCase()) return undefined;
  return name?.toLowerCase();
}

export async function groupSenders(ctx: BotContext, next: NextFunction): Promise<void> {
  const chat = ctx.chat;
  if (!chat || (chat.type !== 'group' && chat.type !== 'supergroup') || !ctx.message) return next();
  // A forwarded "/in" or "上班" quotes someone, somewhen: it is nobody's clock-in, nor a command.
  if (ctx.message.forward_origin && ctx.message.text !== undefined) return;
  const sender = groupSenderOf(ctx);
  if (sender === 'person') return next();
  if (ctx.message.is_automatic_forward) return;
  // Service messages (members added or gone, the group upgraded) are about others: as before.
  if (ctx.message.text === undefined) return next();
  const command = commandOf(ctx);
  if (sender === 'anonymous-admin' && command !== undefined && ANONYMOUS_ADMIN_COMMANDS.has(command)) return next();
  const keyword = clockWordFromKeyword(ctx.message.text) !== undefined;
  if (command === undefined && !keyword) return;
  const tenant = await findTenantByChat(ctx.deps.platformPool, chat.id);
  const pair = tenant?.languagePair ?? DEFAULT_LANGUAGE_PAIR;
  await replyInThread(ctx)(render(sender === 'anonymous-admin' ? 'sender.anonymousAdmin' : 'sender.channel', {}, pair));
}
