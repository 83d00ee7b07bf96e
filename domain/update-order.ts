// Which of the bot's updates are handled in order, in both of its modes: long polling
// (`sequentialize` in bot/create-bot.ts) and the webhook inbox (db/repositories/bot-updates.ts).
import { parseDecisionButton, parseWithdrawButton } from './requests';

interface Chat { id: number; type: string }
interface User { id: number }
interface Sent { chat: Chat; from?: User }

/** The parts of a Telegram update its order depends on (grammY's Update has them). */
export interface OrderedUpdate {
  update_id: number;
  message?: Sent;
  edited_message?: Sent;
  callback_query?: { data?: string; from: User; message?: { chat: Chat } };
  my_chat_member?: { chat: Chat; from: User };
  chat_member?: { chat: Chat; from: User };
}

/**
 * The sequence an update waits its turn in. One person's updates in a chat are handled in order; in
 * a group that is per member, so one member's clock-in never waits behind another's. A press on a
 * request's Approve, Reject or Withdraw waits only for other presses on that same request, by any
 * admin or the employee: an admin going down a list of requests (or an employee withdrawing several)
 * is not held behind each in turn (each waits for its workflow, seconds when the worker that had it
 * cached has just died).
 */
export function orderKeyOf(update: OrderedUpdate): string {
  const data = update.callback_query?.data;
  const decided = data ? parseDecisionButton(data) : null;
  if (decided) return 'uid' in decided.key ? `request:${decided.key.uid}` : `request:${decided.key.kind}:${decided.key.tenantId}:${decided.key.requestId}`;
  const withdrawn = data ? parseWithdrawButton(data) : null;
  if (withdrawn) return `request:${withdrawn.uid}`;
  const message = update.message ?? update.edited_message ?? update.callback_query?.message;
  const chat = message?.chat ?? update.my_chat_member?.chat ?? update.chat_member?.chat;
  const from = update.message?.from ?? update.edited_message?.from ?? update.callback_query?.from ?? update.my_chat_member?.from ?? update.chat_member?.from;
  if (!chat) return from ? `user:${from.id}` : `update:${update.update_id}`;
  return chat.type === 'private' ? `chat:${chat.id}` : `chat:${chat.id}:${from?.id ?? 'none'}`;
}
