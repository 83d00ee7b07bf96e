// The month-end summary: each member's own breakdown (privately), and who receives the workbook
// as HR (the group's admins, plus members an admin named with /hr).
import type { Pool } from 'pg';
import type { MemberMonth } from '../domain/month-report';
import { money, renderParts, type LanguagePair, type MessagePart } from '../domain/messages';
import { withTenant } from '../db/tenant-scope';
import { loadMonthReport } from './exports/month-data';

function hours(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A member's month in both languages: attendance, leave, money, and where the record differs from what was charged. */
export function renderMemberSummary(m: MemberMonth, company: string, month: string, currency: string, pair: LanguagePair): string {
  const cash = (minor: number) => money(minor, currency);
  const t = m.totals;
  const parts: MessagePart[] = [
    { key: 'summary.title', params: { month, company } },
    { key: 'summary.days', params: { due: t.daysDue, worked: t.daysWorked, hours: hours(t.minutesWorked) } },
    { key: 'summary.late', params: { count: t.lateCount, minutes: t.lateMinutes } },
    { key: 'summary.early', params: { count: t.earlyCount, minutes: t.earlyMinutes } },
    { key: 'summary.missing', params: { count: t.missingClockOuts } },
    { key: 'summary.absent', params: { absences: t.absences, noShows: t.noShows } },
    { key: 'summary.leave', params: { sick: t.leaveDays.sick, personal: t.leaveDays.personal, comp: t.leaveDays.comp } },
    { key: 'summary.comp', params: { earned: t.compEarned, spent: t.compSpent } },
    { key: 'summary.penalties', params: { amount: cash(m.money.repricedPenalties), voided: cash(m.money.voidedPenalties) } },
  ];
  if (m.money.repricingDifference !== 0) {
    parts.push({
      key: m.money.repricingDifference < 0 ? 'summary.repriced.less' : 'summary.repriced.more',
      params: { charged: cash(m.money.chargedPenalties), amount: cash(m.money.repricedPenalties), difference: cash(Math.abs(m.money.repricingDifference)) },
    });
  }
  parts.push({ key: 'summary.adjustments', params: { penalties: cash(m.money.adjustmentPenalties), bonuses: cash(m.money.bonuses) } });
  parts.push({ key: 'summary.advances', params: { amount: cash(m.money.advances) } });
  const p = m.payroll;
  if (p.baseSalary === null || p.net === null) parts.push({ key: 'summary.noSalary' });
  else {
    parts.push({
      key: 'summary.pay',
      params: { base: cash(p.baseSalary), paid: p.paymentDays, working: p.workingDays, earned: cash(p.earned), net: cash(p.net) },
    });
  }
  return renderParts(parts, pair);
}

export interface SummaryMessage {
  memberId: number;
  chatId: number;
  text: string;
}

/**
 * A page of members' summaries (members after `afterMemberId`), for those who opened the bot.
 * Each page reads the members' month afresh: the summary is the statement of record.
 */
export async function memberSummariesPage(
  pool: Pool,
  tenantId: number,
  month: string,
  afterMemberId: number,
  limit: number,
): Promise<{ messages: SummaryMessage[]; unreachable: number; next: number | null }> {
  const page = await withTenant(pool, tenantId, (tx) =>
    tx.query<{ id: number; telegram_user_id: number; open: boolean }>(
      `SELECT m.id, m.telegram_user_id, EXISTS (SELECT 1 FROM private_chats c WHERE c.telegram_user_id = m.telegram_user_id) AS open
       FROM members m WHERE m.tenant_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3`,
      [tenantId, afterMemberId, limit],
    ),
  );
  const messages: SummaryMessage[] = [];
  let unreachable = 0;
  // One read of the page's members' month; those who were not members that month are not in it.
  const report = page.rows.length ? await loadMonthReport(pool, tenantId, month, { memberIds: page.rows.map((r) => r.id) }) : null;
  const months = new Map((report?.members ?? []).map((m) => [m.memberId, m]));
  for (const row of page.rows) {
    const member = months.get(row.id);
    if (!member || !report) continue;
    if (!row.open) {
      unreachable += 1;
      continue;
    }
    messages.push({ memberId: row.id, chatId: row.telegram_user_id, text: renderMemberSummary(member, report.company.name, month, report.company.currency, report.company.languagePair) });
  }
  return { messages, unreachable, next: page.rows.length === limit ? page.rows.at(-1)!.id : null };
}

/** Members an admin named as HR, with whether they opened the bot. */
export async function hrMembers(pool: Pool, tenantId: number): Promise<Array<{ telegramUserId: number; open: boolean }>> {
  const { rows } = await withTenant(pool, tenantId, (tx) =>
    tx.query<{ telegram_user_id: number; open: boolean }>(
      `SELECT m.telegram_user_id, EXISTS (SELECT 1 FROM private_chats c WHERE c.telegram_user_id = m.telegram_user_id) AS open
       FROM members m WHERE m.tenant_id = $1 AND m.active AND m.hr ORDER BY m.id`,
      [tenantId],
    ),
  );
  return rows.map((r) => ({ telegramUserId: Number(r.telegram_user_id), open: r.open }));
}
