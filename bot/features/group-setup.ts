// A company starts by adding the bot to its group; a group admin's /setup (or the button) makes
// the group a tenant with default rules and a trial, and posts the clock-in keyboard. The reply
// says which penalties are on, so the admin knows what a violation will cost.
import { Composer } from 'grammy';
import { DEFAULT_RULES, type AttendanceRules } from '../../domain/attendance-rules';
import { DEFAULT_LANGUAGE_PAIR, LANGUAGE_PAIRS, label, render, translate, type Language, type LanguagePair } from '../../domain/messages';
import { describePenalties } from '../../domain/penalties';
import { formatLocalDateTime, localDate } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { rulesInForce, saveRules } from '../../db/repositories/rules';
import { applyRules } from '../../services/rules';
import { hasPrivateChat } from '../../db/repositories/members';
import { endPause, openPause } from '../../db/repositories/service-pauses';
import { ensureGroupTenant, findTenantByChat, findTenantByChatOrFormer, moveTenantChat, setLanguagePair, type Tenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { describeError } from '../../config/logger';
import { startShiftReminders } from '../../workers/start-workflows';
import { isInGroup } from '../group-members';
import { actorOf, type BotContext } from '../context';
import { replyInThread } from '../replies';
import { ignoreUnmodified } from './edit-safely';
import { migratedTo } from '../../config/telegram-errors';
import { clockInKeyboard, SETUP_CALLBACK, setupKeyboard } from '../keyboards/clock-in';
import { isGroupAdmin } from '../middlewares/group-admin';

export const groupSetupFeature = new Composer<BotContext>();
const groups = groupSetupFeature.chatType(['group', 'supergroup']);

// The bot was added to a group: say hello and offer the setup button; to a company's group it
// had been removed from, the company's attendance resumes; to a company's group upgraded to a
// supergroup (Telegram reports the bot joining the new chat), nothing is said. Removed from one:
// it pauses (nobody can clock in there), and whoever removed it is told privately what that means.
groupSetupFeature.on('my_chat_member', async (ctx) => {
  const { old_chat_member: before, new_chat_member: after, date } = ctx.myChatMember;
  if (ctx.chat.type === 'private' || ctx.chat.type === 'channel') return;
  const joined = !isInGroup(before) && isInGroup(after);
  const removed = isInGroup(before) && !isInGroup(after);
  if (!joined && !removed) return;
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  const at = new Date(date * 1000);
  if (removed) {
    if (tenant) await botRemoved(ctx, tenant, at);
    return;
  }
  if (tenant) return joinedCompanyGroup(ctx, tenant, at);
  if (ctx.chat.type !== 'supergroup') return greet(ctx);
  // A supergroup may be a company's group Telegram has just upgraded, with the service message
  // that moves the company queued behind this update: looked at again a moment later, not
  // awaited here (a bot stopped within that moment greets nobody; an admin can still /setup).
  const chatId = ctx.chat.id;
  setTimeout(() => {
    void findTenantByChat(ctx.deps.platformPool, chatId)
      .then((found) => (found ? joinedCompanyGroup(ctx, found, at) : greet(ctx)))
      .catch((err) => ctx.log.warn({ err: describeError(err), chatId }, 'could not answer the bot joining the group'));
  }, SUPERGROUP_JOIN_DELAY_MS).unref();
});

/**
 * How long the bot waits before answering its joining a supergroup that is no company: Telegram
 * upgrading a company's group to a supergroup tells the bot it joined the new chat, in no set
 * order with the service messages that move the company there.
 */
const SUPERGROUP_JOIN_DELAY_MS = 3_000;

/** Says hello to a group that is no company (yet), with the Setup button. */
async function greet(ctx: BotContext): Promise<void> {
  await ctx.reply(render('group.welcome', {}, DEFAULT_LANGUAGE_PAIR), { reply_markup: setupKeyboard(DEFAULT_LANGUAGE_PAIR) });
}

/**
 * The bot is in a company's group (again): a pause for its removal ends, and the group is told
 * attendance is back. Never removed, it is the group upgraded to a supergroup (the bot "joins" the
 * new chat): the company carries on there and nothing is said.
 */
async function joinedCompanyGroup(ctx: BotContext, tenant: Tenant, at: Date): Promise<void> {
  const chatId = ctx.chat!.id;
  const ended = await withTenant(ctx.deps.pool, tenant.id, async (tx) => {
    const pause = await endPause(tx, tenant.id, 'bot-removed', at, actorOf(ctx));
    if (pause) await writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'bot.returned', target: `chat:${chatId}`, payload: { since: pause.startedAt.toISOString() } });
    return pause;
  });
  if (!ended) {
    ctx.log.info({ tenantId: tenant.id, chatId }, 'bot joined a company group it was in already');
    return;
  }
  // Reminders and report schedules look at the company again (they were held while it was away).
  await applyRules({ pool: ctx.deps.pool, temporal: ctx.deps.temporal, reportSchedules: ctx.deps.reportSchedules }, tenant).catch((err) =>
    ctx.log.error({ err: describeError(err), tenantId: tenant.id }, 'could not resync the company after the bot returned'),
  );
  const pair = tenant.languagePair;
  const span = { from: formatLocalDateTime(ended.startedAt, tenant.timeZone), to: formatLocalDateTime(ended.endedAt ?? at, tenant.timeZone) };
  await ctx.reply(render('group.back', span, pair), { reply_markup: clockInKeyboard(pair) });
}

async function botRemoved(ctx: BotContext, tenant: Tenant, at: Date): Promise<void> {
  const opened = await withTenant(ctx.deps.pool, tenant.id, async (tx) => {
    const fresh = await openPause(tx, tenant.id, 'bot-removed', at, actorOf(ctx));
    if (fresh) await writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'bot.removed', target: `chat:${tenant.telegramChatId}` });
    return fresh;
  });
  ctx.log.info({ tenantId: tenant.id, opened }, 'bot removed from the company group; attendance paused');
  const by = ctx.from;
  if (!opened || !by || by.is_bot || !(await hasPrivateChat(ctx.deps.platformPool, by.id))) return;
  const text = render('group.removed', { group: tenant.name, time: formatLocalDateTime(at, tenant.timeZone) }, tenant.languagePair);
  await ctx.api.sendMessage(by.id, text).catch((err) => ctx.log.warn({ err: describeError(err), tenantId: tenant.id }, 'could not tell the remover privately'));
}

/** Each language's block: the setup text, then the company's penalties as configured. */
function withPenalties(text: (language: Language) => string, rules: AttendanceRules, pair: LanguagePair): string {
  return pair.map((language) => `${text(language)}\n${describePenalties(rules, language)}`).join('\n');
}

interface SetUp {
  tenant: Tenant;
  /** This call made the group a company (false: it was one already). */
  created: boolean;
  /** What the group is told: the hours and trial, or that it is on already, with the penalties in force. */
  text: string;
}

/** Makes the group a company (idempotent); null when the person is not a group admin (`refuse` told them). */
async function setUp(ctx: BotContext, refuse: (text: string) => Promise<unknown>): Promise<SetUp | null> {
  const { pool, platformPool, groupDefaults } = ctx.deps;
  const chat = ctx.chat!;
  const from = ctx.from!;
  // A press may come from a greeting left in a group Telegram has since upgraded: Telegram is
  // asked, so that refuses it instead of a company being made of a chat nobody can post in.
  if (!(await isGroupAdmin(ctx, chat.id, from.id, { fresh: ctx.callbackQuery !== undefined }))) {
    await refuse(render('setup.notAdmin', {}, DEFAULT_LANGUAGE_PAIR));
    return null;
  }
  const title = 'title' in chat && chat.title ? chat.title : `Group ${chat.id}`;
  const { tenant, created } = await ensureGroupTenant(platformPool, { chatId: chat.id, title, timeZone: groupDefaults.timeZone, trialDays: groupDefaults.trialDays });
  const rules = { ...DEFAULT_RULES, timeZone: tenant.timeZone };
  if (created) {
    await withTenant(pool, tenant.id, async (tx) => {
      await saveRules(tx, tenant.id, localDate(new Date(), tenant.timeZone), rules, actorOf(ctx));
      await writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'tenant.created', target: `chat:${chat.id}`, payload: { title } });
    });
  }
  // Idempotent: also restarts the loop for a company whose loop was lost.
  await startShiftReminders(ctx.deps.temporal, tenant).catch((err) =>
    ctx.log.error({ err: describeError(err), tenantId: tenant.id }, 'could not start shift reminders'),
  );
  // The day's close and the month's summary on the company's schedules (repaired at worker start if this fails).
  await applyRules({ pool, temporal: ctx.deps.temporal, reportSchedules: ctx.deps.reportSchedules }, tenant).catch((err) =>
    ctx.log.error({ err: describeError(err), tenantId: tenant.id }, 'could not set up the report schedules'),
  );
  const pair: LanguagePair = tenant.languagePair;
  const today = localDate(new Date(), tenant.timeZone);
  const inForce = created ? rules : await withTenant(pool, tenant.id, (tx) => rulesInForce(tx, tenant.id, today, tenant.timeZone));
  const text = created
    ? withPenalties(
        (language) =>
          translate('setup.done', language, {
            trialEnds: tenant.trialEndsAt ? localDate(tenant.trialEndsAt, tenant.timeZone) : '-',
            shiftStart: rules.shiftStart,
            shiftEnd: rules.shiftEnd,
            zone: tenant.timeZone,
          }),
        inForce,
        pair,
      )
    : `${withPenalties((language) => translate('setup.already', language), inForce, pair)}\n${label('clock.keyboard', pair)}`;
  return { tenant, created, text };
}

// /setup: sets the group up, or, set up already, posts the clock-in keyboard again with the rules'
// penalties (a way to bring the buttons back to the bottom of a busy chat).
groups.command('setup', async (ctx) => {
  const done = await setUp(ctx, replyInThread(ctx));
  if (!done) return;
  // Posted with the keyboard, so not through replyInThread.
  await ctx.reply(done.text, {
    reply_markup: clockInKeyboard(done.tenant.languagePair),
    reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
  });
});

// The greeting's Setup button: the press that sets the group up posts the keyboard under the
// greeting, and the button goes. A press once it is set up (a second admin at the same moment,
// an old greeting) is answered on the button alone: the group is not posted to again. A greeting
// posted before Telegram upgraded the group is in the old chat, where nothing can be done any
// more: the press is told the company is on, or, when it is not, to send /setup in the group.
groups.callbackQuery(SETUP_CALLBACK, async (ctx) => {
  const moved = await findTenantByChatOrFormer(ctx.deps.platformPool, ctx.chat.id);
  if (moved && moved.telegramChatId !== ctx.chat.id) {
    return void (await ctx.answerCallbackQuery({ text: render('setup.already', {}, moved.languagePair) }));
  }
  const done = await setUp(ctx, (text) => ctx.answerCallbackQuery({ text, show_alert: true })).catch(async (err: unknown) => {
    if (migratedTo(err) === undefined) throw err;
    await ctx.answerCallbackQuery({ text: render('clock.notSetUp', {}, DEFAULT_LANGUAGE_PAIR), show_alert: true });
    return null;
  });
  if (!done) return;
  const pair = done.tenant.languagePair;
  if (done.created) {
    await ctx.answerCallbackQuery();
    await ctx.reply(done.text, { reply_markup: clockInKeyboard(pair) });
  } else {
    await ctx.answerCallbackQuery({ text: render('setup.already', {}, pair) });
  }
  await ignoreUnmodified(ctx.editMessageReplyMarkup({ reply_markup: undefined })).catch((err) =>
    ctx.log.warn({ err: describeError(err), tenantId: done.tenant.id }, 'could not take the setup button off the greeting'),
  );
});

// /language zh-en | ru-en | ru-kk: the pair of languages every message of this company uses.
groups.command('language', async (ctx) => {
  const reply = replyInThread(ctx);
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  if (!tenant) return void (await reply(render('clock.notSetUp', {}, DEFAULT_LANGUAGE_PAIR)));
  if (!(await isGroupAdmin(ctx, ctx.chat.id, ctx.from.id))) return void (await reply(render('admin.only', {}, tenant.languagePair)));
  const code = ctx.match.trim().toLowerCase();
  const pair = LANGUAGE_PAIRS[code];
  if (!pair) return void (await reply(render('language.usage', {}, tenant.languagePair)));
  await withTenant(ctx.deps.pool, tenant.id, async (tx) => {
    await setLanguagePair(tx, tenant.id, pair);
    await writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'tenant.language.set', payload: { pair: code } });
  });
  await reply(render('language.set', { pair: code }, pair));
});

// A group upgraded to a supergroup changes its chat id; the tenant follows (both service messages).
groupSetupFeature.on('message:migrate_to_chat_id', async (ctx) => {
  if (await moveTenantChat(ctx.deps.platformPool, ctx.chat.id, ctx.msg.migrate_to_chat_id)) {
    ctx.log.info({ from: ctx.chat.id, to: ctx.msg.migrate_to_chat_id }, 'group moved to a supergroup');
  }
});
groupSetupFeature.on('message:migrate_from_chat_id', async (ctx) => {
  await moveTenantChat(ctx.deps.platformPool, ctx.msg.migrate_from_chat_id, ctx.chat.id);
});
