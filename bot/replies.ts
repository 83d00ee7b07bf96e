import type { BotContext } from './context';

/** Answers in the thread of the message that asked (short group answers stay attached to it). */
export function replyInThread(ctx: BotContext): (text: string) => Promise<unknown> {
  const messageId = ctx.msg?.message_id;
  return (text) =>
    ctx.reply(text, messageId === undefined ? {} : { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } });
}
