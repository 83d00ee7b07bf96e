// Salary advances: /advance <amount> [reason]. Amounts are discussed only in private chats; the
// admins decide with buttons that send the request workflow's `decide` Update.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Composer } from 'grammy';
import { DEFAULT_ADVANCES } from '../../domain/attendance-rules';
import { DEFAULT_LANGUAGE_PAIR, label, render, type LanguagePair } from '../../domain/messages';
import { currencyDecimals, formatMoney } from '../../domain/money';
import { parseAmount, SANITY_MAXIMUM_MAJOR } from '../../domain/money-input';
import { advanceWorkflowId, decideUpdate, type DecisionResult } from '../../domain/requests';
import { localDate, monthBounds } from '../../domain/time';
import { markAdvanceHandedOff, memberAdvanceLimit, requestAdvance, type Advance } from '../../db/repositories/advances';
import { writeAudit } from '../../db/repositories/audit';
import { getMember, groupMembershipsOfUser, hasPrivateChat, type Member } from '../../db/repositories/members';
import { rulesInForce } from '../../db/repositories/rules';
import { findTenantByChat, getTenant, type Tenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { describeError } from '../../config/logger';
import { startOnce } from '../../workers/start-workflows';
import type { BotContext } from '../context';
import { memberOfGroup } from '../group-members';
import { replyInThread } from '../replies';

export const advancesFeature = new Composer<BotContext>();

async function submitAdvance(ctx: BotContext, tenant: Tenant, member: Member, argsText: string, tell: (text: string) => Promise<unknown>): Promise<void> {
  const { pool } = ctx.deps;
  const pair = tenant.languagePair;
  const now = new Date();
  const rules = await withTenant(pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, localDate(now, tenant.timeZone), tenant.timeZone));
  const [amountText, ...reasonWords] = argsText.trim().split(/\s+/).filter(Boolean);
  if (!amountText) return void (await tell(render('advance.usage', {}, pair)));
  const amount = parseAmount(amountText, rules.currency);
  if (!amount.ok) {
    const max = formatMoney(SANITY_MAXIMUM_MAJOR * 10 ** currencyDecimals(rules.currency), rules.currency);
    return void (await tell(render('adjustment.badAmount', { decimals: currencyDecimals(rules.currency), max }, pair)));
  }
  if (tenant.telegramChatId === null) return;
  const admins = (await ctx.api.getChatAdministrators(tenant.telegramChatId)).filter((a) => !a.user.is_bot).map((a) => a.user.id);
  const settings = rules.advances ?? DEFAULT_ADVANCES;
  const { start, end } = monthBounds(now, tenant.timeZone);
  const expiresAt = new Date(now.getTime() + settings.expiryHours * 3_600_000);

  const result = await withTenant(pool, tenant.id, async (tx) => {
    const limit = await memberAdvanceLimit(tx, member.id, settings.monthlyLimit);
    const requested = await requestAdvance(tx, {
      tenantId: tenant.id, memberId: member.id, amount: amount.minor, currency: rules.currency,
      reason: reasonWords.join(' ').slice(0, 500) || null, limit, month: { start, end }, expiresAt,
    });
    if (requested.ok) {
      await writeAudit(tx, {
        tenantId: tenant.id, actor: `telegram:${member.telegramUserId}`, action: 'advance.requested', target: `advance:${requested.advance.id}`,
        payload: { amount: amount.minor, currency: rules.currency }, workflowId: requested.advance.workflowId,
      });
    }
    return { requested, limit };
  });
  const money = (n: number) => formatMoney(n, rules.currency);
  if (!result.requested.ok) {
    return void (await tell(render('advance.overLimit', { used: money(result.requested.used), limit: money(result.limit), amount: money(amount.minor) }, pair)));
  }
  const advance = result.requested.advance;
  // Stored: if the start below fails, or the bot dies first, the sweep hands it over later.
  await handOffAdvance(ctx.deps, tenant, advance, admins, expiresAt).catch((err) =>
    ctx.log.warn({ err: describeError(err), advanceId: advance.id }, 'advance workflow not started yet; the sweep will retry'),
  );
  await tell(render('advance.submitted', { amount: money(advance.amount) }, pair));
}

/** Starts the request's workflow (idempotent) and records that it did. */
export async function handOffAdvance(
  deps: Pick<BotContext['deps'], 'temporal' | 'pool'>,
  tenant: Tenant,
  advance: Advance,
  adminUserIds: number[],
  expiresAt: Date,
): Promise<void> {
  await startOnce(deps.temporal, 'advanceRequest', {
    workflowId: advance.workflowId,
    tenantId: tenant.id,
    args: [{ tenantId: tenant.id, advanceId: advance.id, memberId: advance.memberId, amount: advance.amount, currency: advance.currency, adminUserIds, expiresAt: expiresAt.toISOString() }],
  });
  await withTenant(deps.pool, tenant.id, (tx) => markAdvanceHandedOff(tx, advance.id));
}

advancesFeature.chatType('private').command('advance', async (ctx) => {
  const pair = ctx.deps.tenant.languagePair;
  const memberships = await groupMembershipsOfUser(ctx.deps.platformPool, ctx.from.id);
  if (memberships.length === 0) return void (await ctx.reply(render('advance.noCompany', {}, pair)));
  if (memberships.length > 1) return void (await ctx.reply(render('advance.manyCompanies', {}, pair)));
  const { tenantId, memberId } = memberships[0]!;
  const found = await withTenant(ctx.deps.pool, tenantId, async (tx) => ({ tenant: await getTenant(tx, tenantId), member: await getMember(tx, memberId) }));
  if (!found.tenant || !found.member) return;
  await submitAdvance(ctx, found.tenant, found.member, ctx.match, (text) => ctx.reply(text));
});

advancesFeature.chatType(['group', 'supergroup']).command('advance', async (ctx) => {
  const reply = replyInThread(ctx);
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  if (!tenant) return void (await reply(render('clock.notSetUp', {}, DEFAULT_LANGUAGE_PAIR)));
  // Amounts are not for colleagues' eyes: everything else happens in the private chat.
  if (!(await hasPrivateChat(ctx.deps.platformPool, ctx.from.id))) return void (await reply(render('advance.openPrivateChat', {}, tenant.languagePair)));
  const { member } = await memberOfGroup(ctx.deps, tenant, ctx.from);
  await reply(render('advance.answeredPrivately', {}, tenant.languagePair));
  await submitAdvance(ctx, tenant, member, ctx.match, (text) => ctx.api.sendMessage(ctx.from.id, text));
});

function decisionAnswer(result: DecisionResult, pair: LanguagePair): string {
  if (result.refused === 'over-limit') return render('advance.refused.overLimit', {}, pair);
  return label(`advance.outcome.${result.status === 'approved' ? 'approved' : 'rejected'}`, pair);
}

// Approve / Reject under an admin's copy of the request.
advancesFeature.callbackQuery(/^adv:(\d+):(\d+):([ar])$/, async (ctx) => {
  const [, tenantText, advanceText, choice] = ctx.match;
  const tenantId = Number(tenantText);
  const tenant = await getTenant(ctx.deps.platformPool, tenantId);
  const pair = tenant?.languagePair ?? DEFAULT_LANGUAGE_PAIR;
  const handle = ctx.deps.temporal.workflow.getHandle(advanceWorkflowId(tenantId, Number(advanceText)));
  try {
    const result = await handle.executeUpdate(decideUpdate, {
      args: [{ adminUserId: ctx.from.id, adminName: [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' '), approve: choice === 'a' }],
      // The callback query id: a repeated delivery of the same press is the same decision.
      updateId: ctx.callbackQuery.id,
    });
    await ctx.answerCallbackQuery({ text: decisionAnswer(result, pair), show_alert: !!result.refused });
  } catch (err) {
    const reason = err instanceof WorkflowUpdateFailedError ? String((err.cause as Error | undefined)?.message ?? '') : '';
    if (reason === 'not-admin') return void (await ctx.answerCallbackQuery({ text: render('advance.refused.notAdmin', {}, pair), show_alert: true }));
    if (reason === 'already-decided') return void (await ctx.answerCallbackQuery({ text: render('advance.refused.decided', {}, pair), show_alert: true }));
    throw err;
  }
});
