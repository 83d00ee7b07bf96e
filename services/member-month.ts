// One member's month as the panel shows it: to the company's admins (Members) and to the member
// themself (the Mini App). The figures are the month computation's (services/exports/month-data),
// the same the summary message and the workbook show; the requests of every kind and their state
// come beside them.
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { DEFAULT_ADVANCES } from '../domain/attendance-rules';
import { maskIinsIn } from '../domain/iin';
import { formatMoney } from '../domain/money';
import type { MemberDay, MoneyTotals, MonthTotals, Payroll } from '../domain/month-report';
import { formatLocalTime, localDate, monthBounds } from '../domain/time';
import { advancesUsed, memberAdvanceLimit } from '../db/repositories/advances';
import { compBalance } from '../db/repositories/leave';
import { getMember } from '../db/repositories/members';
import { memberRequests, pendingRequests, type MemberRequestLine, type PendingRequest } from '../db/repositories/requests';
import { rulesInForce } from '../db/repositories/rules';
import { getTenant, type Tenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { loadMonthReport } from './exports/month-data';

export interface MemberMonthView {
  month: string;
  currency: string;
  timeZone: string;
  member: { id: number; name: string; username: string | null; employeeCode: string | null; joinedOn: string | null; active: boolean };
  days: MemberDay[];
  totals: MonthTotals | null;
  money: MoneyTotals | null;
  payroll: Payroll | null;
  punches: Array<{ day: string; at: string; kind: string; breakType: string | null; source: string; place: string | null }>;
  violations: Array<{ day: string; kind: string; breakType: string | null; minutes: number; amount: number; free: boolean; byClose: boolean; voided: boolean }>;
  adjustments: Array<{ at: string; kind: 'penalty' | 'bonus'; amount: number; reason: string; issuedBy: string }>;
  requests: Array<{ kind: string; id: number; requestedAt: string; status: string; summary: string; reason: string | null }>;
}

async function collect<T, U>(lines: AsyncIterable<T>, map: (line: T) => U): Promise<U[]> {
  const out: U[] = [];
  for await (const line of lines) out.push(map(line));
  return out;
}

/** Undefined when no such member is in the tenant (row-level security hides other companies'). */
export async function memberMonthView(pool: Pool, tenantId: number, memberId: number, month: string, now: Date): Promise<MemberMonthView | undefined> {
  const head = await withTenant(pool, tenantId, async (tx) => ({ tenant: await getTenant(tx, tenantId), member: await getMember(tx, memberId) }));
  if (!head.tenant || !head.member || head.member.tenantId !== tenantId) return undefined;
  const { tenant, member } = head;
  const report = await loadMonthReport(pool, tenantId, month, { memberId, now });
  const line = report.members[0];
  const monthStart = DateTime.fromISO(`${month}-01`, { zone: tenant.timeZone });
  const requests = await withTenant(pool, tenantId, (tx) => memberRequests(tx, memberId, monthStart.toJSDate(), monthStart.plus({ months: 1 }).toJSDate()));
  const currency = report.company.currency;
  return {
    month,
    currency,
    timeZone: tenant.timeZone,
    member: {
      id: member.id,
      name: line?.name ?? member.fullName,
      username: member.telegramUsername,
      employeeCode: member.employeeCode === null ? null : maskIinsIn(member.employeeCode),
      joinedOn: line?.joinedOn ?? null,
      active: member.active,
    },
    days: line?.days ?? [],
    totals: line?.totals ?? null,
    money: line?.money ?? null,
    payroll: line?.payroll ?? null,
    punches: await collect(report.punches(), (p) => ({ day: p.day, at: p.at, kind: p.kind, breakType: p.breakType, source: p.source, place: p.place })),
    violations: await collect(report.violations(), (v) => ({
      day: v.day, kind: v.kind, breakType: v.breakType, minutes: v.minutes, amount: v.amount, free: v.free, byClose: v.byClose, voided: v.voided !== null,
    })),
    adjustments: await collect(report.adjustments(), (a) => ({ at: a.at, kind: a.kind, amount: a.amount, reason: a.reason, issuedBy: a.issuedBy })),
    requests: requests.map((r) => ({
      kind: r.kind,
      id: r.id,
      requestedAt: r.requestedAt.toISOString(),
      status: r.status,
      reason: r.reason,
      summary: requestSummary(r.details, tenant.timeZone),
    })),
  };
}

/** What a request asks for, in one line: the amount, the leave and its workdays, or the corrected clock-in. */
function requestSummary(details: MemberRequestLine['details'] | PendingRequest['details'], zone: string): string {
  if ('amount' in details) return formatMoney(details.amount, details.currency);
  if ('leaveType' in details) return `${details.leaveType} ${details.from} – ${details.to} (${details.days})`;
  return `${details.workday} ${details.action} ${formatLocalTime(details.punchedAt, zone)}`;
}

export interface PendingRequestLine {
  kind: string;
  id: number;
  requestedAt: string;
  expiresAt: string;
  summary: string;
  reason: string | null;
}

/** The member's requests that still wait for a decision, whatever month they were made in, oldest first. */
export async function memberPendingRequests(pool: Pool, tenant: Pick<Tenant, 'id' | 'timeZone'>, memberId: number): Promise<PendingRequestLine[]> {
  const pending = await withTenant(pool, tenant.id, (tx) => pendingRequests(tx, tenant.id, memberId));
  return pending.map((r) => ({
    kind: r.kind,
    id: r.id,
    requestedAt: r.requestedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    summary: requestSummary(r.details, tenant.timeZone),
    reason: r.reason,
  }));
}

/** What the member may still ask for: this month's advance limit and use, and the comp-day balance. */
export async function memberLimits(pool: Pool, tenantId: number, memberId: number, now: Date): Promise<{ advanceLimit: number; advanceUsed: number; compBalance: number; currency: string }> {
  return withTenant(pool, tenantId, async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const rules = await rulesInForce(tx, tenantId, localDate(now, tenant.timeZone), tenant.timeZone);
    const limit = await memberAdvanceLimit(tx, memberId, (rules.advances ?? DEFAULT_ADVANCES).monthlyLimit);
    const used = await advancesUsed(tx, tenantId, memberId, monthBounds(now, tenant.timeZone));
    const { balance } = await compBalance(tx, memberId);
    return { advanceLimit: limit, advanceUsed: Number(used), compBalance: balance, currency: rules.currency };
  });
}
