import type { NextFunction } from 'grammy';
import { findActiveMemberByTelegramUser } from '../../db/repositories/members';
import type { BotContext } from '../context';

/** Loads the sender's registration for private-chat updates. */
export async function attachMember(ctx: BotContext, next: NextFunction): Promise<void> {
  ctx.member = undefined;
  if (ctx.from && ctx.chat?.type === 'private') {
    ctx.member = await findActiveMemberByTelegramUser(ctx.deps.pool, ctx.deps.tenant.id, ctx.from.id);
  }
  await next();
}
