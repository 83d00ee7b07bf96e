// An employee's own requests that wait for a decision: /requests lists them (each with the button
// that withdraws it), and that button, also under the confirmation a request gets when it is filed,
// takes the request back through the decision module (services/decisions.ts), the same path as
// the Mini App. Only the person who asked can; the first of a withdrawal and an admin's decision
// wins, and the other is told it is already decided. Every message sent with the button is
// recorded (trackWithdrawButton), and the request's workflow takes the button off them all once
// the request is settled, however it was, and puts the outcome where "waiting" was.
import { Composer } from 'grammy';
import type { User } from 'grammy/types';
import type { ClockWord } from '../../domain/clock-in';
import type { LeaveType } from '../../domain/leave';
import { DEFAULT_LANGUAGE_PAIR, label, money, render, renderWith, type LanguagePair } from '../../domain/messages';
import { waitingLine } from '../../domain/request-lines';
import { parseWithdrawButton, WITHDRAW_BUTTON } from '../../domain/requests';
import { formatLocalDateTime, formatLocalTime } from '../../domain/time';
import { groupMembershipsOfUser, hasPrivateChat } from '../../db/repositories/members';
import { findRequestByUid, pendingRequests, type PendingRequest } from '../../db/repositories/requests';
import { findTenantByChat, getTenant, type Tenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import type { WithdrawOutcome } from '../../services/decisions';
import type { BotContext } from '../context';
import { telegramName } from '../group-members';
import { replyInThread } from '../replies';
import { trackWithdrawButton, withdrawKeyboard } from '../request-commands';
import { ignoreUnmodified } from './edit-safely';

export const myRequestsFeature = new Composer<BotContext>();

/** One pending request as its owner reads it, in the company's two languages (its waiting line apart). */
function describe(r: PendingRequest, tenant: Tenant): string {
  const asked = formatLocalDateTime(r.requestedAt, tenant.timeZone);
  const pair = tenant.languagePair;
  const d = r.details;
  if ('amount' in d) return render('requests.advance', { amount: money(d.amount, d.currency), asked }, pair);
  if ('leaveType' in d) return renderWith('requests.leave', { from: d.from, to: d.to, days: d.days, asked }, { type: `leave.type.${d.leaveType as LeaveType}` }, pair);
  return renderWith('requests.fix', { date: d.workday, time: formatLocalTime(d.punchedAt, tenant.timeZone), asked }, { action: `button.clock.${d.action as ClockWord}` }, pair);
}

/** Sends the person each of their pending requests in every company they belong to, oldest first. */
async function listRequests(ctx: BotContext, user: User, fallbackPair: LanguagePair): Promise<void> {
  const memberships = await groupMembershipsOfUser(ctx.deps.platformPool, user.id);
  let listed = 0;
  const named = memberships.length > 1;
  for (const { tenantId, memberId } of memberships) {
    const { tenant, pending } = await withTenant(ctx.deps.pool, tenantId, async (tx) => ({ tenant: await getTenant(tx, tenantId), pending: await pendingRequests(tx, tenantId, memberId) }));
    if (!tenant) continue;
    for (const r of pending) {
      const text = (named ? `🏢 ${tenant.name}\n` : '') + describe(r, tenant);
      const sent = await ctx.api.sendMessage(user.id, `${text}\n${waitingLine(tenant.languagePair)}`, { reply_markup: withdrawKeyboard(r.kind, r.uid, tenant.languagePair) });
      await trackWithdrawButton(ctx, { tenantId, kind: r.kind, id: r.id }, sent, { text, pair: tenant.languagePair });
      listed += 1;
    }
  }
  if (listed === 0) await ctx.api.sendMessage(user.id, render('requests.none', {}, fallbackPair));
}

myRequestsFeature.chatType('private').command('requests', async (ctx) => {
  await listRequests(ctx, ctx.from, ctx.deps.tenant.languagePair);
});

// In a company's group the list is still private: amounts and leave are not for colleagues' eyes.
myRequestsFeature.chatType(['group', 'supergroup']).command('requests', async (ctx) => {
  const reply = replyInThread(ctx);
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  const pair = tenant?.languagePair ?? DEFAULT_LANGUAGE_PAIR;
  if (!(await hasPrivateChat(ctx.deps.platformPool, ctx.from.id))) return void (await reply(render('request.openPrivateChat', { command: 'requests' }, pair)));
  await reply(render('request.answeredPrivately', {}, pair));
  await listRequests(ctx, ctx.from, pair);
});

function answerOf(outcome: WithdrawOutcome, pair: LanguagePair): { text: string; alert: boolean } {
  if (outcome.ok) return { text: label('request.outcome.withdrawn', pair), alert: false };
  if (outcome.refusal === 'not-requester') return { text: render('request.refused.notRequester', {}, pair), alert: true };
  if (outcome.refusal === 'not-found') return { text: render('request.notFound', {}, pair), alert: true };
  if (outcome.refusal === 'not-ready') return { text: render('request.notReady', {}, pair), alert: true };
  return { text: render('request.refused.decided', {}, pair), alert: true };
}

myRequestsFeature.callbackQuery(WITHDRAW_BUTTON, async (ctx) => {
  const button = parseWithdrawButton(ctx.callbackQuery.data)!;
  const found = await findRequestByUid(ctx.deps.platformPool, button.kind, button.uid);
  if (!found) return void (await ctx.answerCallbackQuery({ text: render('request.notFound', {}, ctx.deps.tenant.languagePair), show_alert: true }));
  const outcome = await ctx.deps.decisions.withdraw(
    { kind: button.kind, tenantId: found.tenantId, requestId: found.id },
    { userId: ctx.from.id, name: telegramName(ctx.from) },
    // The callback query id: a repeated delivery of the same press is the same withdrawal.
    ctx.callbackQuery.id,
  );
  const pair = (await getTenant(ctx.deps.platformPool, found.tenantId))?.languagePair ?? DEFAULT_LANGUAGE_PAIR;
  const answer = answerOf(outcome, pair);
  await ctx.answerCallbackQuery({ text: answer.text, show_alert: answer.alert });
  // Withdrawn or decided, the button has nothing left to do; the outcome itself comes as a message.
  if (outcome.ok || outcome.refusal === 'already-decided') await ignoreUnmodified(ctx.editMessageReplyMarkup({ reply_markup: undefined }));
});
