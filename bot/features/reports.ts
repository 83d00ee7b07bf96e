// Reports in the group, for company admins (and HR where said):
//   /report                       today so far (admins and HR)
//   /export [YYYY-MM]             the company's month workbook, sent privately (admins and HR)
//   /export @user [YYYY-MM]       one person's month workbook, privately (admins and HR)
//   /hr @user · /hr off @user     who receives the month's workbook besides the admins
//   /salary @user <amount>        a member's monthly base salary (the reply does not repeat it)
//   /reporttime <HH:MM|auto>      when the day closes and its report is posted
import { Composer, InputFile } from 'grammy';
import { DEFAULT_REPORTS } from '../../domain/attendance-rules';
import { DEFAULT_LANGUAGE_PAIR, render, type LanguagePair } from '../../domain/messages';
import { currencyDecimals } from '../../domain/money';
import { parseAmount, SANITY_MAXIMUM_MAJOR } from '../../domain/money-input';
import { localDate } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { displayNameOf, findActiveMemberByTelegramUser, findActiveMemberByUsername, type Member } from '../../db/repositories/members';
import { InvalidRulesError, rulesInForce } from '../../db/repositories/rules';
import { findTenantByChat, type Tenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { dayOverview, renderDayReport } from '../../services/day-report';
import { loadMonthReport } from '../../services/exports/month-data';
import { monthWorkbookBytes } from '../../services/exports/month-workbook';
import { changeRules } from '../../services/rules';
import { actorOf, type BotContext } from '../context';
import { isGroupAdmin } from '../middlewares/group-admin';
import { replyInThread } from '../replies';

export const reportsFeature = new Composer<BotContext>();
const groups = reportsFeature.chatType(['group', 'supergroup']);

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

interface Asker {
  tenant: Tenant;
  pair: LanguagePair;
  admin: boolean;
  hr: boolean;
  reply: (text: string) => Promise<unknown>;
}

/** The company and what the sender may do in it; null when answered already (not set up). */
async function asker(ctx: BotContext & { chat: { id: number }; from: { id: number } }): Promise<Asker | null> {
  const reply = replyInThread(ctx);
  const tenant = await findTenantByChat(ctx.deps.platformPool, ctx.chat.id);
  if (!tenant) {
    await reply(render('clock.notSetUp', {}, DEFAULT_LANGUAGE_PAIR));
    return null;
  }
  const admin = await isGroupAdmin(ctx, ctx.chat.id, ctx.from.id);
  const member = await withTenant(ctx.deps.pool, tenant.id, (tx) => findActiveMemberByTelegramUser(tx, tenant.id, ctx.from.id));
  return { tenant, pair: tenant.languagePair, admin, hr: admin || (member?.hr ?? false), reply };
}

async function namedMember(ctx: BotContext, tenant: Tenant, word: string | undefined): Promise<Member | undefined> {
  if (!word?.startsWith('@')) return undefined;
  return withTenant(ctx.deps.pool, tenant.id, (tx) => findActiveMemberByUsername(tx, tenant.id, word));
}

groups.command('report', async (ctx) => {
  const a = await asker(ctx);
  if (!a) return;
  if (!a.hr) return void (await a.reply(render('report.adminsOnly', {}, a.pair)));
  const now = ctx.deps.now?.() ?? new Date();
  const today = localDate(now, a.tenant.timeZone);
  const o = await dayOverview(ctx.deps.pool, a.tenant.id, today, { live: true });
  await withTenant(ctx.deps.pool, a.tenant.id, (tx) => writeAudit(tx, { tenantId: a.tenant.id, actor: actorOf(ctx), action: 'report.day.viewed', target: `day:${today}` }));
  await a.reply(renderDayReport(o, a.pair, { at: now, zone: a.tenant.timeZone }));
});

groups.command('export', async (ctx) => {
  const a = await asker(ctx);
  if (!a) return;
  if (!a.hr) return void (await a.reply(render('report.adminsOnly', {}, a.pair)));
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  const now = ctx.deps.now?.() ?? new Date();
  let member: Member | undefined;
  if (args[0]?.startsWith('@')) {
    member = await namedMember(ctx, a.tenant, args.shift());
    if (!member) return void (await a.reply(render('adjustment.noMember', {}, a.pair)));
  }
  const month = args[0] ?? localDate(now, a.tenant.timeZone).slice(0, 7);
  if (!MONTH.test(month) || args.length > 1) return void (await a.reply(render('export.usage', {}, a.pair)));

  const report = await loadMonthReport(ctx.deps.pool, a.tenant.id, month, { now, ...(member ? { memberId: member.id } : {}) }).catch((err: Error) => {
    if (err.name === 'NotFoundError') return null;
    throw err;
  });
  if (!report) return void (await a.reply(render('export.nothing', { month }, a.pair)));
  const bytes = await monthWorkbookBytes(report);
  const fileName = member ? `attendance-${month}-${member.telegramUsername ?? member.id}.xlsx` : `attendance-${month}.xlsx`;
  const caption = render(member ? 'export.caption.member' : 'export.caption.company', { month, company: a.tenant.name, name: member ? displayNameOf(member) : '' }, a.pair);
  try {
    await ctx.api.sendDocument(ctx.from.id, new InputFile(bytes, fileName), { caption });
  } catch (err) {
    // Telegram lets a bot write only to people who opened it.
    if ((err as { error_code?: number }).error_code === 403) return void (await a.reply(render('export.openBotFirst', {}, a.pair)));
    throw err;
  }
  await withTenant(ctx.deps.pool, a.tenant.id, (tx) =>
    writeAudit(tx, { tenantId: a.tenant.id, actor: actorOf(ctx), action: 'report.exported', target: member ? `member:${member.id}` : `month:${month}`, payload: { month } }),
  );
  await a.reply(render('export.sent', { month }, a.pair));
});

groups.command('hr', async (ctx) => {
  const a = await asker(ctx);
  if (!a) return;
  if (!a.admin) return void (await a.reply(render('admin.only', {}, a.pair)));
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  const off = args[0]?.toLowerCase() === 'off';
  const member = await namedMember(ctx, a.tenant, off ? args[1] : args[0]);
  if (!member) return void (await a.reply(render(args.length ? 'adjustment.noMember' : 'hr.usage', {}, a.pair)));
  await withTenant(ctx.deps.pool, a.tenant.id, async (tx) => {
    await tx.query('UPDATE members SET hr = $2 WHERE id = $1', [member.id, !off]);
    await writeAudit(tx, { tenantId: a.tenant.id, actor: actorOf(ctx), action: off ? 'member.hr.removed' : 'member.hr.named', target: `member:${member.id}` });
  });
  await a.reply(render(off ? 'hr.removed' : 'hr.named', { name: displayNameOf(member) }, a.pair));
});

groups.command('salary', async (ctx) => {
  const a = await asker(ctx);
  if (!a) return;
  if (!a.admin) return void (await a.reply(render('admin.only', {}, a.pair)));
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  const member = await namedMember(ctx, a.tenant, args[0]);
  if (!member) return void (await a.reply(render(args[0]?.startsWith('@') ? 'adjustment.noMember' : 'salary.usage', {}, a.pair)));
  const rules = await withTenant(ctx.deps.pool, a.tenant.id, (tx) => rulesInForce(tx, a.tenant.id, localDate(new Date(), a.tenant.timeZone), a.tenant.timeZone));
  const amount = parseAmount(args[1] ?? '', rules.currency);
  if (!amount.ok || args.length !== 2) {
    return void (await a.reply(render('salary.usage', { decimals: currencyDecimals(rules.currency), max: SANITY_MAXIMUM_MAJOR }, a.pair)));
  }
  await withTenant(ctx.deps.pool, a.tenant.id, async (tx) => {
    await tx.query('UPDATE members SET base_salary = $2 WHERE id = $1', [member.id, amount.minor]);
    // The amount is audited, never repeated in the group.
    await writeAudit(tx, { tenantId: a.tenant.id, actor: actorOf(ctx), action: 'member.salary.set', target: `member:${member.id}`, payload: { baseSalary: amount.minor, currency: rules.currency } });
  });
  await a.reply(render('salary.set', { name: displayNameOf(member) }, a.pair));
});

groups.command('reporttime', async (ctx) => {
  const a = await asker(ctx);
  if (!a) return;
  if (!a.admin) return void (await a.reply(render('admin.only', {}, a.pair)));
  const word = ctx.match.trim().toLowerCase();
  if (word !== 'auto' && !HHMM.test(word)) return void (await a.reply(render('reporttime.usage', {}, a.pair)));
  const today = localDate(new Date(), a.tenant.timeZone);
  const current = await withTenant(ctx.deps.pool, a.tenant.id, (tx) => rulesInForce(tx, a.tenant.id, today, a.tenant.timeZone));
  const rules = { ...current, reports: { ...(current.reports ?? DEFAULT_REPORTS), dailyAt: word === 'auto' ? null : word } };
  try {
    await changeRules({ pool: ctx.deps.pool, temporal: ctx.deps.temporal, reportSchedules: ctx.deps.reportSchedules }, { tenantId: a.tenant.id, effectiveFrom: today, rules, actor: actorOf(ctx) });
  } catch (err) {
    if (err instanceof InvalidRulesError) return void (await a.reply(render('reporttime.usage', {}, a.pair)));
    throw err;
  }
  await a.reply(render(word === 'auto' ? 'reporttime.auto' : 'reporttime.set', { time: word }, a.pair));
});
