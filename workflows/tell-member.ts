// Telling a member something: privately when they opened the bot, otherwise in their company's
// group with a real mention. A member who blocked the bot is told in the group instead.
import type { SendOutcome } from '../activities/telegram';
import { withMention } from '../domain/notifications';
import { storage } from './storage';
import { telegram } from './telegram';

export interface Audience {
  tenant: { chatId: number | null };
  member: { telegramUserId: number; displayName: string; privateChatOpen: boolean };
}

export async function tellMember(audience: Audience, text: string): Promise<SendOutcome> {
  const { member, tenant } = audience;
  if (member.privateChatOpen) {
    const direct = await telegram.sendTelegramMessage({ chatId: member.telegramUserId, text });
    if (direct.status !== 'blocked') return direct;
    await storage.closePrivateChat(member.telegramUserId);
  }
  if (tenant.chatId === null) return { status: 'failed', reason: 'the company has no group' };
  return telegram.sendTelegramMessage({ chatId: tenant.chatId, text: withMention(text, member.displayName, member.telegramUserId), parseMode: 'HTML' });
}

/** Where a watch's later notice should go (decided once, when the watch starts). */
export function audienceChat(audience: Audience): number | null {
  return audience.member.privateChatOpen ? audience.member.telegramUserId : audience.tenant.chatId;
}
