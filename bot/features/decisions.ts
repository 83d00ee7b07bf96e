// Admins decide requests in their private chat with the bot: Approve / Reject under their copy,
// or a reply to the copy with a reason, which rejects with that reason. Both go through the
// decision module (services/decisions.ts), the same path as the web panel.
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { DecideOutcome, RequestRef } from '../../services/decisions';
import { DEFAULT_LANGUAGE_PAIR, label, render, type LanguagePair } from '../../domain/messages';
import { DECISION_BUTTON, parseDecisionButton, parseRequestWorkflowId, type RequestKey } from '../../domain/requests';
import { findRequestByUid, legacyRequestExists, requestOfMessage } from '../../db/repositories/requests';
import { getTenant } from '../../db/repositories/tenants';
import type { BotContext } from '../context';

export const decisionsFeature = new Composer<BotContext>();

function nameOf(from: { first_name: string; last_name?: string }): string {
  return [from.first_name, from.last_name].filter(Boolean).join(' ');
}

/** What the deciding admin is told: the outcome, or why nothing changed. */
function answerOf(outcome: DecideOutcome, pair: LanguagePair): { text: string; alert: boolean } {
  if (!outcome.ok) {
    if (outcome.refusal === 'not-admin') return { text: render('request.refused.notAdmin', {}, pair), alert: true };
    if (outcome.refusal === 'not-found') return { text: render('request.notFound', {}, pair), alert: true };
    if (outcome.refusal === 'not-ready') return { text: render('request.notReady', {}, pair), alert: true };
    return { text: render('request.refused.decided', {}, pair), alert: true };
  }
  if (outcome.result.refused === 'over-limit') return { text: render('advance.refused.overLimit', {}, pair), alert: true };
  return { text: label(`request.outcome.${outcome.result.status === 'approved' ? 'approved' : 'rejected'}`, pair), alert: false };
}

async function pairOf(ctx: BotContext, tenantId: number): Promise<LanguagePair> {
  return (await getTenant(ctx.deps.platformPool, tenantId))?.languagePair ?? DEFAULT_LANGUAGE_PAIR;
}

/** The request a button or a copy names: by its UUID (platform lookup), or by tenant and id for copies sent before UUIDs. */
async function refOf(ctx: BotContext, key: RequestKey): Promise<RequestRef | null> {
  if (!('uid' in key)) return (await legacyRequestExists(ctx.deps.platformPool, key.kind, key.tenantId, key.requestId)) ? key : null;
  const found = await findRequestByUid(ctx.deps.platformPool, key.kind, key.uid);
  return found && { kind: key.kind, tenantId: found.tenantId, requestId: found.id };
}

decisionsFeature.callbackQuery(DECISION_BUTTON, async (ctx) => {
  const button = parseDecisionButton(ctx.callbackQuery.data)!;
  const ref = await refOf(ctx, button.key);
  if (!ref) return void (await ctx.answerCallbackQuery({ text: render('request.notFound', {}, ctx.deps.tenant.languagePair), show_alert: true }));
  const outcome = await ctx.deps.decisions.decide(
    ref,
    { adminUserId: ctx.from.id, adminName: nameOf(ctx.from), approve: button.approve },
    // The callback query id: a repeated delivery of the same press is the same decision.
    ctx.callbackQuery.id,
  );
  const answer = answerOf(outcome, await pairOf(ctx, ref.tenantId));
  await ctx.answerCallbackQuery({ text: answer.text, show_alert: answer.alert });
});

// A reply to an admin's copy of a request: reject it, with the reply as the reason.
decisionsFeature.chatType('private').on('message:text', async (ctx, next) => {
  const replied = ctx.msg.reply_to_message;
  if (!replied || ctx.msg.text.startsWith('/') || replied.from?.id !== ctx.me.id) return next();
  const found = await requestOfReply(ctx, replied);
  const key = found && parseRequestWorkflowId(found.workflowId);
  const ref = key && (await refOf(ctx, key));
  if (!ref) {
    // An IIN sent in reply to the bot's question is a registration, not a decision.
    if (looksLikeIin(ctx.msg.text)) return next();
    await ctx.reply(render('request.replyUnmatched', {}, ctx.deps.tenant.languagePair), { reply_parameters: { message_id: ctx.msg.message_id } });
    return;
  }
  const outcome = await ctx.deps.decisions.decide(
    ref,
    { adminUserId: ctx.from.id, adminName: nameOf(ctx.from), approve: false, reason: ctx.msg.text.trim().slice(0, 500) },
    // The message itself: delivered twice, it is still one decision.
    `reply:${ctx.chat.id}:${ctx.msg.message_id}`,
  );
  await ctx.reply(answerOf(outcome, await pairOf(ctx, ref.tenantId)).text, { reply_parameters: { message_id: ctx.msg.message_id } });
});

/** How long a reply to a copy that still carries its buttons may wait for the copy to be recorded. */
const COPY_RECORD_WAIT_MS = 3_000;

/**
 * The request a replied-to message is a copy of. A copy is recorded right after Telegram took it,
 * so a reply in that instant waits a moment for the record.
 */
async function requestOfReply(ctx: BotContext, replied: NonNullable<Message['reply_to_message']>) {
  const lookUp = () => requestOfMessage(ctx.deps.platformPool, ctx.chat!.id, replied.message_id);
  const hasDecisionButtons = (replied.reply_markup?.inline_keyboard ?? []).flat().some((b) => 'callback_data' in b && DECISION_BUTTON.test(b.callback_data));
  const deadline = Date.now() + (hasDecisionButtons ? COPY_RECORD_WAIT_MS : 0);
  for (;;) {
    const found = await lookUp();
    if (found || Date.now() >= deadline) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function looksLikeIin(text: string): boolean {
  return /^[\d\s-]{6,}$/.test(text.trim());
}
