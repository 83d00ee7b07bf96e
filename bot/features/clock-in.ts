// Clocking in inside the group, three equal ways: the inline keyboard, commands, and Chinese
// keywords (typed or from a reply keyboard; those need privacy mode off or the bot as admin).
import { Composer } from 'grammy';
import type { User } from 'grammy/types';
import { clockAction, clockWordFromKeyword, CLOCK_WORDS, renderClockDone, workdayOf, type ClockWord } from '../../domain/clock-in';
import { DEFAULT_LANGUAGE_PAIR, label, render, type LanguagePair } from '../../domain/messages';
import { localDate } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { markClockInAnswered, recordGroupClockIn } from '../../db/repositories/clock-ins';
import { deactivateGroupMember } from '../../db/repositories/members';
import { withTenant } from '../../db/tenant-scope';
import { rulesInForce } from '../../db/repositories/rules';
import { findTenantByChat, findTenantByChatOrFormer, tenantStanding, type Tenant } from '../../db/repositories/tenants';
import { describeError } from '../../config/logger';
import { recordClockIn } from '../../config/metrics';
import { handOffClockIn } from '../clock-in-handoff';
import type { BotContext } from '../context';
import { isInGroup, memberOfGroup, telegramName } from '../group-members';
import { replyInThread } from '../replies';
import { clockCallback, JOIN_CALLBACK, keywordKeyboard } from '../keyboards/clock-in';

export const clockInFeature = new Composer<BotContext>();
const groups = clockInFeature.chatType(['group', 'supergroup']);

type Answer = (text: string, refusal: boolean) => Promise<unknown>;

/**
 * The group's tenant if it accepts clock-ins now; otherwise the user has been told why. A press on
 * a keyboard posted before Telegram upgraded the group comes from its old chat: the same company.
 */
async function activeTenant(ctx: BotContext, answer: Answer): Promise<Tenant | undefined> {
  const tenant = await findTenantByChatOrFormer(ctx.deps.platformPool, ctx.chat!.id);
  if (!tenant) {
    await answer(render('clock.notSetUp', {}, DEFAULT_LANGUAGE_PAIR), true);
    return undefined;
  }
  const standing = tenantStanding(tenant, ctx.deps.now?.() ?? new Date());
  if (standing !== 'ok') {
    await answer(render(standing === 'suspended' ? 'clock.suspended' : 'clock.expired', {}, tenant.languagePair), true);
    return undefined;
  }
  return tenant;
}

/**
 * When the member clocked in: a command or keyword by its message's own time, so a backlog the bot
 * reads after an outage is judged by when people sent it; a button press by the latest instant
 * Telegram's order of updates allows (see press-times.ts), else when it arrives. Never in the future.
 */
function clockInTime(ctx: BotContext): Date {
  const now = ctx.deps.now?.() ?? new Date();
  const sent = ctx.callbackQuery ? ctx.deps.pressClock?.pressedBy(ctx.callbackQuery.id) : ctx.msg && new Date(ctx.msg.date * 1000);
  return sent && sent < now ? sent : now;
}

async function clockIn(ctx: BotContext, word: ClockWord, answer: Answer): Promise<void> {
  const tenant = await activeTenant(ctx, answer);
  if (!tenant) return recordClockIn('refused');
  const { pool, temporal } = ctx.deps;
  const { member } = await memberOfGroup(ctx.deps, tenant, ctx.from!);
  const pair: LanguagePair = tenant.languagePair;

  const at = clockInTime(ctx);
  const { rules, workday } = await withTenant(pool, tenant.id, async (tx) => {
    const provisional = await rulesInForce(tx, tenant.id, localDate(at, tenant.timeZone), tenant.timeZone);
    const day = workdayOf(at, provisional);
    return { workday: day, rules: day === localDate(at, tenant.timeZone) ? provisional : await rulesInForce(tx, tenant.id, day, tenant.timeZone) };
  });

  const result = await recordGroupClockIn(pool, {
    tenantId: tenant.id,
    member,
    action: clockAction(word),
    at,
    // Telegram's own ids never repeat (update ids may, after a quiet week): the press, or the message.
    sourceId: ctx.callbackQuery ? `${ctx.chat!.id}:cb${ctx.callbackQuery.id}` : `${ctx.chat!.id}:m${ctx.msg!.message_id}`,
    rules,
    workday,
  });
  if (!result.ok && result.reason !== 'duplicate') {
    recordClockIn('refused');
    await answer(render(`clock.refused.${result.reason}`, {}, pair), true);
    return;
  }
  // A duplicate is an update delivered again: counted the first time, and answered then unless
  // that handling ended before it could answer (it is answered now, with the time recorded then).
  if (result.ok) recordClockIn('accepted');
  else if (result.answered && result.handedOff) return;
  const { punchId, punch } = result;
  const recordedAt = new Date(punch.punchedAt);
  // The clock-in is stored: answer it and hand it to its workflow side by side, so a reply that
  // Telegram holds back (429) never delays the judgement, and a reply that fails never stops it.
  // If Temporal cannot be reached now, the bot's sweep hands it over later.
  await Promise.all([
    (result.ok || !result.answered) &&
      answer(renderClockDone(word, telegramName(ctx.from!), recordedAt, rules, pair), false).then(
        // Not noted, a redelivery of this update would answer it again: that, not a failure.
        () =>
          withTenant(pool, tenant.id, (tx) => markClockInAnswered(tx, tenant.id, punchId)).catch((err) =>
            ctx.log.warn({ err: describeError(err), punchId }, 'a clock-in was answered but that could not be noted'),
          ),
        (err) => ctx.log.warn({ err: describeError(err), punchId }, 'the answer to a clock-in could not be sent; the clock-in stands'),
      ),
    (result.ok || !result.handedOff) &&
      handOffClockIn({ temporal, pool }, punchId, punch).catch((err) =>
        ctx.log.warn({ err: describeError(err), punchId }, 'punch workflow not started yet; the sweep will retry'),
      ),
  ]);
}

for (const word of CLOCK_WORDS) {
  groups.command(word, (ctx) => clockIn(ctx, word, replyInThread(ctx)));
  // Buttons answer with a short notice to the presser only, so the group is not flooded.
  groups.callbackQuery(clockCallback(word), (ctx) => clockIn(ctx, word, (text, refusal) => ctx.answerCallbackQuery({ text, show_alert: refusal })));
}

groups.on('message:text').filter(
  (ctx) => clockWordFromKeyword(ctx.msg.text) !== undefined,
  (ctx) => clockIn(ctx, clockWordFromKeyword(ctx.msg.text)!, replyInThread(ctx)),
);

// The keyword keyboard: typed keywords need the bot's privacy mode off (or the bot as admin).
groups.command('keyboard', async (ctx) => {
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  await ctx.reply(label('clock.keyboard', tenant?.languagePair ?? DEFAULT_LANGUAGE_PAIR), { reply_markup: keywordKeyboard() });
});

groups.callbackQuery(JOIN_CALLBACK, async (ctx) => {
  const answer: Answer = (text, refusal) => ctx.answerCallbackQuery({ text, show_alert: refusal });
  const tenant = await activeTenant(ctx, answer);
  if (!tenant) return;
  const { member } = await memberOfGroup(ctx.deps, tenant, ctx.from!);
  await answer(render('join.done', { name: member.fullName }, tenant.languagePair), false);
});

// A member who leaves (or is removed from) the group is deactivated; their history stays. Told
// by the service message, or, where the bot is an admin, by the chat_member update (which still
// comes when the group hides join and leave messages, or someone deletes them).
async function memberLeft(ctx: BotContext, chatId: number, left: User, by: User | undefined): Promise<void> {
  if (left.is_bot) return;
  const tenant = await findTenantByChat(ctx.deps.platformPool, chatId);
  if (!tenant) return;
  const actor = `telegram:${by?.id ?? left.id}`;
  await withTenant(ctx.deps.pool, tenant.id, async (tx) => {
    // Once however many of the two updates arrive: only an active member is deactivated.
    const memberId = await deactivateGroupMember(tx, tenant.id, left.id);
    if (memberId) await writeAudit(tx, { tenantId: tenant.id, actor, action: 'member.left', target: `member:${memberId}` });
  });
}

clockInFeature.on('message:left_chat_member', (ctx) => memberLeft(ctx, ctx.chat.id, ctx.msg.left_chat_member, ctx.from));

clockInFeature.on('chat_member', async (ctx) => {
  const { old_chat_member: before, new_chat_member: after } = ctx.chatMember;
  if (isInGroup(before) && !isInGroup(after)) await memberLeft(ctx, ctx.chat.id, after.user, ctx.from);
});

// Clock-in commands or keywords in a private chat: explain where clocking in happens.
const privateChat = clockInFeature.chatType('private');
privateChat.command([...CLOCK_WORDS], (ctx) => ctx.reply(render('clock.groupOnly', {}, ctx.deps.tenant.languagePair)));
privateChat.on('message:text').filter(
  (ctx) => clockWordFromKeyword(ctx.msg.text) !== undefined,
  (ctx) => ctx.reply(render('clock.groupOnly', {}, ctx.deps.tenant.languagePair)),
);
