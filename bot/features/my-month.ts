// "My attendance this month": each day's first and last punch, in the tenant's time zone: the
// terminal punches of a registered employee, and the clock-ins in each company group they belong to.
import { Composer } from 'grammy';
import { render, type LanguagePair } from '../../domain/messages';
import { formatLocalTime, localDate, monthBounds } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { memberPunchesBetween, punchesBetween, type PunchRow } from '../../db/repositories/punches';
import { groupMembershipsOfUser } from '../../db/repositories/members';
import { getTenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { actorOf, type BotContext } from '../context';
import { CALLBACKS } from '../keyboards/menu';

export const myMonthFeature = new Composer<BotContext>();
const privateChat = myMonthFeature.chatType('private');

export function summarizeMonth(punches: PunchRow[], zone: string) {
  const days = new Map<string, { first: Date; last: Date; count: number }>();
  for (const p of punches) {
    const day = localDate(p.punchedAt, zone);
    const entry = days.get(day);
    if (!entry) days.set(day, { first: p.punchedAt, last: p.punchedAt, count: 1 });
    else {
      entry.last = p.punchedAt;
      entry.count += 1;
    }
  }
  return [...days.entries()].map(([date, d]) => ({
    date,
    first: formatLocalTime(d.first, zone),
    last: formatLocalTime(d.last, zone),
    count: d.count,
  }));
}

/** One block: the month's days of punches in one place, in that place's time zone. */
function monthBlock(punches: PunchRow[], zone: string, label: string, pair: LanguagePair, company?: string): string {
  const days = summarizeMonth(punches, zone);
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
      const { start, end, label } = monthBounds(now, tenant.timeZone);
      await writeAudit(tx, { tenantId, actor: actorOf(ctx), action: 'member.month.viewed', target: `member:${memberId}` });
      return monthBlock(await memberPunchesBetween(tx, tenantId, memberId, start, end), tenant.timeZone, label, tenant.languagePair, tenant.name);
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
    const { start, end, label } = monthBounds(now, tenant.timeZone);
    const employeeCode = member.employeeCode;
    const punches = await withTenant(pool, tenant.id, async (tx) => {
      await writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'member.month.viewed', target: `member:${member.id}` });
      return punchesBetween(tx, tenant.id, employeeCode, start, end);
    });
    blocks.unshift(monthBlock(punches, tenant.timeZone, label, pair));
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
