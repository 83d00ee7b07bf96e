// "My attendance this month": each workday's first and last punch, in the tenant's time zone: the
// terminal punches of a registered employee, and the clock-ins in each company group they belong to.
// A punch counts for the workday the company's rules put it on (a night shift's morning for the day
// it began, the evening before a shift that starts after midnight for that shift), as the day's
// close and the month's summary count it, so a night shift is one line, not two half days.
import { Composer } from 'grammy';
import { workdayResolver } from '../../domain/clock-in';
import { render, type LanguagePair } from '../../domain/messages';
import { rulesByDay } from '../../domain/month-summary';
import { formatLocalTime, localDate, monthBounds } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { memberPunchesBetween, punchesBetween, type PunchRow } from '../../db/repositories/punches';
import { groupMembershipsOfUser } from '../../db/repositories/members';
import { rulesVersions } from '../../db/repositories/rules';
import { getTenant } from '../../db/repositories/tenants';
import type { Queryable } from '../../db/queryable';
import { withTenant } from '../../db/tenant-scope';
import { actorOf, type BotContext } from '../context';
import { CALLBACKS } from '../keyboards/menu';

export const myMonthFeature = new Composer<BotContext>();
const privateChat = myMonthFeature.chatType('private');

const DAY_MS = 86_400_000;

/** Each workday of [first, last] with punches: its first and last punch and how many. */
function summarizeMonth(punches: PunchRow[], zone: string, workdayOf: (at: Date) => string, first: string, last: string) {
  const days = new Map<string, { first: Date; last: Date; count: number }>();
  for (const p of punches) {
    const day = workdayOf(p.punchedAt);
    if (day < first || day > last) continue;
    const entry = days.get(day);
    if (!entry) days.set(day, { first: p.punchedAt, last: p.punchedAt, count: 1 });
    else {
      entry.last = p.punchedAt;
      entry.count += 1;
    }
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, d]) => ({
      date,
      first: formatLocalTime(d.first, zone),
      last: formatLocalTime(d.last, zone),
      count: d.count,
    }));
}

/**
 * The month's punches of one place and the workday of each: read from a day before the month to a
 * day after it (an evening before the 1st may be the 1st's, a morning after the last day the last
 * day's), each put on its workday by the rules in force then.
 */
async function monthOfPunches(tx: Queryable, tenantId: number, zone: string, now: Date, read: (from: Date, to: Date) => Promise<PunchRow[]>) {
  const { start, end, label } = monthBounds(now, zone);
  const first = localDate(start, zone);
  const last = localDate(new Date(end.getTime() - 1), zone);
  const resolve = workdayResolver(zone, rulesByDay(await rulesVersions(tx, tenantId, last), zone));
  const punches = await read(new Date(start.getTime() - DAY_MS), new Date(end.getTime() + DAY_MS));
  return { label, days: summarizeMonth(punches, zone, (at) => resolve(at.getTime()), first, last) };
}

/** One block: the month's workdays of punches in one place, in that place's time zone. */
function monthBlock(days: ReturnType<typeof summarizeMonth>, zone: string, label: string, pair: LanguagePair, company?: string): string {
  const lines = [...(company ? [render('month.company', { company }, pair)] : []), render('month.header', { month: label, zone }, pair)];
  if (days.length === 0) lines.push(render('month.none', {}, pair));
  else {
    // Day lines are language-neutral (date, times, count); the legend explains them in both languages.
    lines.push(render('month.legend', {}, pair));
    lines.push(days.map((d) => `${d.date}  ${d.first} – ${d.last}  ×${d.count}`).join('\n'));
    const count = days.reduce((n, d) => n + d.count, 0);
    lines.push(render('month.total', { days: days.length, count }, pair));
  }
  return lines.join('\n\n');
}

/** The month of each company group the person clocks in with (their member punches there). */
async function groupMonths(ctx: BotContext, now: Date): Promise<string[]> {
  const blocks: string[] = [];
  for (const { tenantId, memberId } of await groupMembershipsOfUser(ctx.deps.platformPool, ctx.from!.id)) {
    const block = await withTenant(ctx.deps.pool, tenantId, async (tx) => {
      const tenant = await getTenant(tx, tenantId);
      if (!tenant) return null;
      await writeAudit(tx, { tenantId, actor: actorOf(ctx), action: 'member.month.viewed', target: `member:${memberId}` });
      const { label, days } = await monthOfPunches(tx, tenantId, tenant.timeZone, now, (from, to) => memberPunchesBetween(tx, tenantId, memberId, from, to));
      return monthBlock(days, tenant.timeZone, label, tenant.languagePair, tenant.name);
    });
    if (block) blocks.push(block);
  }
  return blocks;
}

async function sendMonth(ctx: BotContext): Promise<void> {
  const { pool, tenant } = ctx.deps;
  const pair = tenant.languagePair;
  const member = ctx.member;
  const now = ctx.deps.now?.() ?? new Date();
  const blocks = await groupMonths(ctx, now);
  if (member?.employeeCode) {
    // Terminal punches of a registered employee, as BioTime recorded them.
    const employeeCode = member.employeeCode;
    const { label, days } = await withTenant(pool, tenant.id, async (tx) => {
      await writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'member.month.viewed', target: `member:${member.id}` });
      return monthOfPunches(tx, tenant.id, tenant.timeZone, now, (from, to) => punchesBetween(tx, tenant.id, employeeCode, from, to));
    });
    blocks.unshift(monthBlock(days, tenant.timeZone, label, pair));
  }
  if (blocks.length === 0) {
    await ctx.reply(render('notRegistered', {}, pair));
    return;
  }
  await ctx.reply(blocks.join('\n\n———\n\n'));
}

privateChat.command('month', sendMonth);
privateChat.callbackQuery(CALLBACKS.month, async (ctx) => {
  await ctx.answerCallbackQuery();
  await sendMonth(ctx);
});
