// "My attendance this month": each day's first and last punch, in the tenant's time zone.
import { Composer } from 'grammy';
import { render } from '../../domain/messages';
import { formatLocalTime, localDate, monthBounds } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { punchesBetween, type PunchRow } from '../../db/repositories/punches';
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

async function sendMonth(ctx: BotContext): Promise<void> {
  const { pool, tenant } = ctx.deps;
  const pair = tenant.languagePair;
  const member = ctx.member;
  if (!member?.employeeCode) {
    await ctx.reply(render('notRegistered', {}, pair));
    return;
  }
  const now = ctx.deps.now?.() ?? new Date();
  const { start, end, label } = monthBounds(now, tenant.timeZone);
  const employeeCode = member.employeeCode;
  const punches = await withTenant(pool, tenant.id, async (tx) => {
    await writeAudit(tx, { tenantId: tenant.id, actor: actorOf(ctx), action: 'member.month.viewed', target: `member:${member.id}` });
    return punchesBetween(tx, tenant.id, employeeCode, start, end);
  });
  const days = summarizeMonth(punches, tenant.timeZone);
  const lines = [render('month.header', { month: label, zone: tenant.timeZone }, pair)];
  if (days.length === 0) lines.push(render('month.none', {}, pair));
  else {
    // Day lines are language-neutral (date, times, count); the legend explains them in both languages.
    lines.push(render('month.legend', {}, pair));
    lines.push(days.map((d) => `${d.date}  ${d.first} – ${d.last}  ×${d.count}`).join('\n'));
    const count = days.reduce((n, d) => n + d.count, 0);
    lines.push(render('month.total', { days: days.length, count }, pair));
  }
  await ctx.reply(lines.join('\n\n'));
}

privateChat.command('month', sendMonth);
privateChat.callbackQuery(CALLBACKS.month, async (ctx) => {
  await ctx.answerCallbackQuery();
  await sendMonth(ctx);
});
