// /panel: a company admin asks for the web panel. The one-time sign-in link (services/panel-links.ts)
// is always sent privately, never into the group:
//   in the company's group        → the link for that company (admins only)
//   in the private chat           → the link, when the sender administers exactly one company
import { Composer } from 'grammy';
import { DEFAULT_PANEL_PUBLIC_URL } from '../../config';
import { DEFAULT_LANGUAGE_PAIR, render } from '../../domain/messages';
import { groupMembershipsOfUser } from '../../db/repositories/members';
import { findTenantByChat, getTenant, groupTenantsSetUpBy, type Tenant } from '../../db/repositories/tenants';
import { issueSignInLink } from '../../services/panel-links';
import type { BotContext, BotDeps } from '../context';
import { isGroupAdmin } from '../middlewares/group-admin';
import { replyInThread } from '../replies';

export const panelFeature = new Composer<BotContext>();

/** PANEL_PUBLIC_URL (the bot's deps carry it; a bot built without it, in tests, uses the default). */
function publicUrlOf(deps: BotDeps): string {
  return deps.panelPublicUrl ?? DEFAULT_PANEL_PUBLIC_URL;
}

/** Sends the admin their link privately; false when Telegram refuses (they never opened the bot). */
async function sendLink(ctx: BotContext, userId: number, tenant: Tenant): Promise<boolean> {
  const url = await issueSignInLink(ctx.deps.platformPool, { telegramUserId: userId, tenantId: tenant.id, role: 'admin', publicUrl: publicUrlOf(ctx.deps) });
  try {
    await ctx.api.sendMessage(userId, `${render('panel.link', { company: tenant.name }, tenant.languagePair)}\n\n${url}`, {
      link_preview_options: { is_disabled: true },
    });
    return true;
  } catch (err) {
    if ((err as { error_code?: number }).error_code === 403) return false;
    throw err;
  }
}

panelFeature.chatType(['group', 'supergroup']).command('panel', async (ctx) => {
  const reply = replyInThread(ctx);
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  if (!tenant) return void (await reply(render('clock.notSetUp', {}, DEFAULT_LANGUAGE_PAIR)));
  if (!(await isGroupAdmin(ctx, ctx.chat.id, ctx.from.id))) return void (await reply(render('panel.adminsOnly', {}, tenant.languagePair)));
  const sent = await sendLink(ctx, ctx.from.id, tenant);
  await reply(render(sent ? 'panel.sentPrivately' : 'panel.openBotFirst', {}, tenant.languagePair));
});

panelFeature.chatType('private').command('panel', async (ctx) => {
  const userId = ctx.from.id;
  const candidates = new Set<number>([
    ...(await groupMembershipsOfUser(ctx.deps.platformPool, userId)).map((m) => m.tenantId),
    ...(await groupTenantsSetUpBy(ctx.deps.platformPool, userId)),
  ]);
  const administered: Tenant[] = [];
  for (const tenantId of candidates) {
    const tenant = await getTenant(ctx.deps.platformPool, tenantId);
    if (tenant?.telegramChatId != null && (await isGroupAdmin(ctx, tenant.telegramChatId, userId).catch(() => false))) administered.push(tenant);
  }
  if (administered.length !== 1) {
    return void (await ctx.reply(render('panel.chooseGroup', { count: administered.length }, administered[0]?.languagePair ?? DEFAULT_LANGUAGE_PAIR)));
  }
  await sendLink(ctx, userId, administered[0]!);
});
