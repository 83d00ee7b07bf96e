// Penalties and bonuses by company admins, in the group: reply to a member's message with
// /penalty <amount> <reason> (or /bonus), or name them: /penalty @username <amount> <reason>.
import { Composer } from 'grammy';
import { renderAdjustmentAck, type AdjustmentInput } from '../../domain/adjustment';
import { currencyDecimals } from '../../domain/money';
import { parseAmount, SANITY_MAXIMUM_MAJOR } from '../../domain/money-input';
import { DEFAULT_LANGUAGE_PAIR, money, render } from '../../domain/messages';
import { localDate } from '../../domain/time';
import { displayNameOf, findActiveMemberByUsername, type Member } from '../../db/repositories/members';
import { rulesInForce } from '../../db/repositories/rules';
import { findTenantByChat, type Tenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { actorOf, type BotContext } from '../context';
import { memberOfGroup } from '../group-members';
import { replyInThread } from '../replies';
import { isGroupAdmin } from '../middlewares/group-admin';

export const adjustmentsFeature = new Composer<BotContext>();

/** The member the command is about: the author of the replied-to message, or @username. */
async function targetMember(ctx: BotContext, tenant: Tenant, args: string[]): Promise<{ member: Member | undefined; rest: string[] }> {
  const replied = ctx.msg?.reply_to_message?.from;
  if (replied && !replied.is_bot) {
    const { member } = await memberOfGroup(ctx.deps, tenant, replied);
    return { member, rest: args };
  }
  if (args[0]?.startsWith('@')) {
    const member = await withTenant(ctx.deps.pool, tenant.id, (tx) => findActiveMemberByUsername(tx, tenant.id, args[0]!));
    return { member, rest: args.slice(1) };
  }
  return { member: undefined, rest: args };
}

adjustmentsFeature.chatType(['group', 'supergroup']).command(['penalty', 'bonus'], async (ctx) => {
  const kind = ctx.msg.text.startsWith('/penalty') ? 'penalty' : 'bonus';
  const reply = replyInThread(ctx);
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  if (!tenant) return void (await reply(render('clock.notSetUp', {}, DEFAULT_LANGUAGE_PAIR)));
  const pair = tenant.languagePair;
  if (!(await isGroupAdmin(ctx, ctx.chat.id, ctx.from.id))) return void (await reply(render('admin.only', {}, pair)));

  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  const { member, rest } = await targetMember(ctx, tenant, args);
  if (!member) {
    const named = !ctx.msg.reply_to_message && args[0]?.startsWith('@');
    return void (await reply(render(named ? 'adjustment.noMember' : 'adjustment.usage', {}, pair)));
  }
  const rules = await withTenant(ctx.deps.pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, localDate(new Date(), tenant.timeZone), tenant.timeZone));
  const amount = parseAmount(rest[0] ?? '', rules.currency);
  if (!amount.ok) {
    const max = money(SANITY_MAXIMUM_MAJOR * 10 ** currencyDecimals(rules.currency), rules.currency);
    return void (await reply(render('adjustment.badAmount', { decimals: currencyDecimals(rules.currency), max }, pair)));
  }
  const reason = rest.slice(1).join(' ').trim();
  if (!reason) return void (await reply(render('adjustment.noReason', {}, pair)));

  const sourceKey = `${ctx.chat.id}:${ctx.msg.message_id}`;
  const input: AdjustmentInput = {
    tenantId: tenant.id,
    memberId: member.id,
    kind,
    amount: amount.minor,
    currency: rules.currency,
    reason: reason.slice(0, 500),
    issuedBy: actorOf(ctx),
    sourceKey,
  };
  // The same command delivered twice: already issued (and acknowledged).
  if ((await ctx.deps.decisions.issueAdjustment(input)) === 'duplicate') return;
  await reply(renderAdjustmentAck(kind, displayNameOf(member), amount.minor, rules.currency, pair));
});
