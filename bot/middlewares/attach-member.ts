import type { NextFunction } from 'grammy';
import { findActiveMemberByTelegramUser } from '../../db/repositories/members';
import { withTenant } from '../../db/tenant-scope';
import type { BotContext } from '../context';

/** Loads the sender's registration for private-chat updates. */
export async function attachMember(ctx: BotContext, next: NextFunction): Promise<void> {
  ctx.member = undefined;
  if (ctx.from && ctx.chat?.type === 'private') {
    const { pool, tenant } = ctx.deps;
    const userId = ctx.from.id;
    ctx.member = await withTenant(pool, tenant.id, (tx) => findActiveMemberByTelegramUser(tx, tenant.id, userId));
  }
  await next();
}
