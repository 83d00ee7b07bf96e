// Salary advances: /advance <amount> [reason], in the private chat (bot/request-commands.ts).
// Stored within the monthly limit under the member's row lock, then handed to advanceRequest.
import { Composer } from 'grammy';
import { DEFAULT_ADVANCES } from '../../domain/attendance-rules';
import { money, render } from '../../domain/messages';
import { currencyDecimals } from '../../domain/money';
import { parseAmount, SANITY_MAXIMUM_MAJOR } from '../../domain/money-input';
import { localDate, monthBounds } from '../../domain/time';
import { memberAdvanceLimit, requestAdvance } from '../../db/repositories/advances';
import { writeAudit } from '../../db/repositories/audit';
import { rulesInForce } from '../../db/repositories/rules';
import { withTenant } from '../../db/tenant-scope';
import type { BotContext } from '../context';
import { decidersOf, handOffOrLeaveToSweep, requestCommand, type SubmitRequest } from '../request-commands';

export const advancesFeature = new Composer<BotContext>();

const submitAdvance: SubmitRequest = async (ctx, tenant, member, argsText, tell) => {
  const { pool } = ctx.deps;
  const pair = tenant.languagePair;
  const now = new Date();
  const rules = await withTenant(pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, localDate(now, tenant.timeZone), tenant.timeZone));
  const [amountText, ...reasonWords] = argsText.trim().split(/\s+/).filter(Boolean);
  if (!amountText) return void (await tell(render('advance.usage', {}, pair)));
  const amount = parseAmount(amountText, rules.currency);
  if (!amount.ok) {
    const max = money(SANITY_MAXIMUM_MAJOR * 10 ** currencyDecimals(rules.currency), rules.currency);
    return void (await tell(render('adjustment.badAmount', { decimals: currencyDecimals(rules.currency), max }, pair)));
  }
  if (tenant.telegramChatId === null) return;
  const admins = await decidersOf(ctx, tenant, member.telegramUserId);
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
  const inCurrency = (minor: number) => money(minor, rules.currency);
  if (!result.requested.ok) {
    return void (await tell(render('advance.overLimit', { used: inCurrency(result.requested.used), limit: inCurrency(result.limit), amount: inCurrency(amount.minor) }, pair)));
  }
  const advance = result.requested.advance;
  await handOffOrLeaveToSweep(ctx, { kind: 'advance', request: advance }, admins);
  await tell(render('advance.submitted', { amount: inCurrency(advance.amount) }, pair));
};

requestCommand(advancesFeature, 'advance', submitAdvance);
