// Employees' requests (/advance, /leave, /fix) are discussed in the private chat: amounts, sick
// leave and reasons are not for colleagues' eyes. Sent in the group, the command is answered
// privately; sent privately, it applies to the one company the person belongs to.
import { InlineKeyboard, type Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { DEFAULT_LANGUAGE_PAIR, label, render, type LanguagePair } from '../domain/messages';
import { withOutcome } from '../domain/request-lines';
import { withdrawButtonData, type RequestKind } from '../domain/requests';
import { groupDeciders, type RequestDeps, type SubmitOutcome } from '../services/requests';
import { getMember, groupMembershipsOfUser, hasPrivateChat, type Member } from '../db/repositories/members';
import { rememberWithdrawButton } from '../db/repositories/requests';
import { findTenantByChat, getTenant, type Tenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { describeError } from '../config/logger';
import type { BotContext } from './context';
import { ignoreUnmodified } from './features/edit-safely';
import { memberOfGroup } from './group-members';
import { replyInThread } from './replies';

/**
 * `submissionKey` names the message the request came in (see requestOfSubmission): the same
 * message handled twice, redelivered or retried, files one request and gets the same answer.
 */
export type SubmitRequest = (ctx: BotContext, tenant: Tenant, member: Member, args: string, submissionKey: string) => Promise<SubmitOutcome>;

/** The button under an employee's own pending request (its confirmation, or /requests) that takes it back. */
export function withdrawKeyboard(kind: RequestKind, uid: string, pair: LanguagePair): InlineKeyboard {
  return new InlineKeyboard().text(label('button.withdraw', pair), withdrawButtonData(kind, uid));
}

/** The answer to a request: a refusal as it is, a filed request with the button that withdraws it. */
function answerOf(outcome: SubmitOutcome, pair: LanguagePair): [string, { reply_markup?: InlineKeyboard }] {
  return [outcome.message, outcome.ok ? { reply_markup: withdrawKeyboard(outcome.kind, outcome.uid, pair) } : {}];
}

/**
 * Records a message just sent with a request's Withdraw button, so that the request's workflow
 * takes the button off once the request is settled and puts the outcome under `text` (what the
 * message says about the request, without its waiting line); a request settled already (an admin
 * quicker than this) has that done here. Best effort: a button left behind only answers "already
 * decided" when pressed, and goes then.
 */
export async function trackWithdrawButton(
  ctx: BotContext,
  request: { tenantId: number; kind: RequestKind; id: number },
  sent: Message,
  about: { text: string; pair: LanguagePair },
): Promise<void> {
  const message = { chatId: sent.chat.id, messageId: sent.message_id, text: about.text };
  try {
    const status = await withTenant(ctx.deps.pool, request.tenantId, (tx) => rememberWithdrawButton(tx, request.kind, request.id, message));
    if (status !== null && status !== 'pending') {
      await ignoreUnmodified(ctx.api.editMessageText(message.chatId, message.messageId, withOutcome(about.text, status, about.pair), { reply_markup: { inline_keyboard: [] } }));
    }
  } catch (err) {
    ctx.log.warn({ err: describeError(err), kind: request.kind, requestId: request.id }, 'could not track the withdraw button');
  }
}

/** Sends the answer to a request to `chatId`; a filed request's Withdraw button is tracked. */
async function answer(ctx: BotContext, chatId: number, tenant: Tenant, outcome: SubmitOutcome): Promise<void> {
  const sent = await ctx.api.sendMessage(chatId, ...answerOf(outcome, tenant.languagePair));
  if (outcome.ok) await trackWithdrawButton(ctx, { tenantId: tenant.id, kind: outcome.kind, id: outcome.id }, sent, { text: outcome.message, pair: tenant.languagePair });
}

const submissionKeyOf = (ctx: BotContext & { chat: { id: number }; msg: { message_id: number } }) => `telegram:${ctx.chat.id}:${ctx.msg.message_id}`;

export function requestCommand(composer: Composer<BotContext>, command: string, submit: SubmitRequest): void {
  composer.chatType('private').command(command, async (ctx) => {
    const pair = ctx.deps.tenant.languagePair;
    const memberships = await groupMembershipsOfUser(ctx.deps.platformPool, ctx.from.id);
    if (memberships.length === 0) return void (await ctx.reply(render('request.noCompany', {}, pair)));
    if (memberships.length > 1) return void (await ctx.reply(render('request.manyCompanies', { command }, pair)));
    const { tenantId, memberId } = memberships[0]!;
    const found = await withTenant(ctx.deps.pool, tenantId, async (tx) => ({ tenant: await getTenant(tx, tenantId), member: await getMember(tx, memberId) }));
    if (!found.tenant || !found.member) return;
    const outcome = await submit(ctx, found.tenant, found.member, ctx.match, submissionKeyOf(ctx));
    await answer(ctx, ctx.chat.id, found.tenant, outcome);
  });

  composer.chatType(['group', 'supergroup']).command(command, async (ctx) => {
    const reply = replyInThread(ctx);
    const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
    if (!tenant) return void (await reply(render('clock.notSetUp', {}, DEFAULT_LANGUAGE_PAIR)));
    if (!(await hasPrivateChat(ctx.deps.platformPool, ctx.from.id))) return void (await reply(render('request.openPrivateChat', { command }, tenant.languagePair)));
    const { member } = await memberOfGroup(ctx.deps, tenant, ctx.from);
    await reply(render('request.answeredPrivately', {}, tenant.languagePair));
    const outcome = await submit(ctx, tenant, member, ctx.match, submissionKeyOf(ctx));
    await answer(ctx, ctx.from.id, tenant, outcome);
  });
}

/** The admins who may decide this member's request, asked of Telegram through the bot's API. */
export function decidersOf(ctx: Pick<BotContext, 'api'>, tenant: Tenant, requesterUserId: number): Promise<number[]> {
  return groupDeciders(ctx.api, tenant, requesterUserId);
}

/** What services/requests.ts needs, from the bot's own clients. */
export function requestDepsOf(ctx: BotContext): RequestDeps {
  return { pool: ctx.deps.pool, decisions: ctx.deps.decisions, deciders: (tenant, requester) => decidersOf(ctx, tenant, requester), log: ctx.log };
}
