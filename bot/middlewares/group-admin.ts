import { groupSenderOf } from './sender';
import type { BotContext } from '../context';

const ADMIN_STATUSES = new Set(['creator', 'administrator']);
const CACHE_SECONDS = 60;

/**
 * A Telegram admin of the group is a company admin; re-checked with getChatMember, cached briefly
 * (`fresh`: asked whatever the cache says, and so refused by Telegram in a group it has upgraded).
 * An admin posting anonymously (as the group itself, which only its admins can) is one too.
 */
export async function isGroupAdmin(ctx: BotContext, chatId: number, userId: number, options: { fresh?: boolean } = {}): Promise<boolean> {
  if (chatId === ctx.chat?.id && groupSenderOf(ctx) === 'anonymous-admin') return true;
  const key = `group-admin:${chatId}:${userId}`;
  const cached = options.fresh ? null : await ctx.deps.adminCache.get(key).catch(() => null);
  if (cached !== null) return cached === '1';
  const member = await ctx.api.getChatMember(chatId, userId);
  const admin = ADMIN_STATUSES.has(member.status);
  await ctx.deps.adminCache.set(key, admin ? '1' : '0', 'EX', CACHE_SECONDS).catch(() => undefined);
  return admin;
}
