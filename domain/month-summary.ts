// A member's month as the statement of record: each day's status, the totals HR pays by, the
// violations priced again from what stands now, and the payroll line. Pure: everything it needs
// is passed in; "today" is the company's local date.
import { DateTime } from 'luxon';
import {
  DEFAULT_PAID_LEAVE,
  DEFAULT_RULES,
  isWorkday,
  priceViolation,
  workedMinutes,
  type AttendanceRules,
  type ClockEvent,
  type ViolationKind,
} from './attendance-rules';
import type { LeaveType } from './leave';
import type { DayCode, MemberDay, MoneyTotals, MonthTotals, Payroll } from './month-report';

/** The rules versions of a company: each applies from its date until the next one's. */
export interface RulesVersion {
  effectiveFrom: string;
  rules: AttendanceRules;
}

/**
 * The version in force on `day` (versions oldest first); a day before the first is judged by the
 * first (all the company ever had, as rulesInForce does); `fallback` only when there is none.
 */
export function rulesOn(versions: readonly RulesVersion[], day: string, fallback: AttendanceRules): AttendanceRules {
  let found = versions[0]?.rules ?? fallback;
  for (const v of versions) if (v.effectiveFrom <= day) found = v.rules;
  return found;
}

/** The rules of each day from a company's versions (rulesOn); the defaults in its zone when it has none. */
export function rulesByDay(versions: readonly RulesVersion[], zone: string): (day: string) => AttendanceRules {
  const fallback = { ...DEFAULT_RULES, timeZone: zone };
  return (day) => rulesOn(versions, day, fallback);
}

/** Every date of a yyyy-mm month. */
export function datesOfMonth(month: string): string[] {
  const first = DateTime.fromISO(`${month}-01`);
  return Array.from({ length: first.daysInMonth ?? 0 }, (_, i) => first.plus({ days: i }).toISODate()!);
}

/** The yyyy-mm month before the one `day` falls in. */
export function previousMonth(day: string): string {
  return DateTime.fromISO(day).startOf('month').minus({ months: 1 }).toFormat('yyyy-LL');
}

export interface StandingViolation {
  id: number;
  day: string;
  kind: ViolationKind;
  minutes: number;
  /** What was charged when it was recorded. */
  amount: number;
  free: boolean;
  voided: boolean;
}

export interface MemberMonthInput {
  /** The member's join date in the company's zone; days before it are not due. */
  joinedOn: string;
  /** The day they left, if they did; days after it are not due. */
  leftOn: string | null;
  baseSalary: number | null;
  /** Standing clock events by workday (corrections applied). */
  eventsByDay: ReadonlyMap<string, ClockEvent[]>;
  /** Approved leave: each date it covers, with its type. */
  leaveByDay: ReadonlyMap<string, LeaveType>;
  /** Every violation of the month, voided ones included, in the order they were recorded. */
  violations: readonly StandingViolation[];
  compEarned: number;
  adjustmentPenalties: number;
  bonuses: number;
  advances: number;
}

export interface MonthContext {
  dates: readonly string[];
  /** The company's local date now: later days are not due yet. */
  today: string;
  /** Days already closed: before the close, today shows as open. */
  closedDays: ReadonlySet<string>;
  /** Workdays whose shift a service pause overlapped: unworked, they are not tracked ('X'), not due. */
  pausedDays?: ReadonlySet<string>;
  rulesFor(day: string): AttendanceRules;
}

const CODE_OF: Partial<Record<ViolationKind, DayCode>> = {
  absence: 'A',
  'no-show': 'N',
  late: 'L',
  'early-leave': 'E',
  'missing-clock-out': 'M',
  'unended-break': 'B',
};
const CODE_ORDER: readonly DayCode[] = ['N', 'A', 'M', 'B', 'L', 'E'];
const LEAVE_CODE: Record<LeaveType, DayCode> = { sick: 'S', personal: 'V', comp: 'C' };

/** Half away from zero, on whole minor units: the one rounding rule of pay. */
export function prorate(base: number, numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  const n = BigInt(base) * BigInt(numerator);
  const d = BigInt(denominator);
  const sign = n < 0n ? -1n : 1n;
  const abs = n < 0n ? -n : n;
  const q = abs / d;
  const r = abs % d;
  return Number(sign * (r * 2n >= d ? q + 1n : q));
}

export interface MemberMonthResult {
  days: MemberDay[];
  totals: MonthTotals;
  money: MoneyTotals;
  payroll: Payroll;
}

export function summarizeMemberMonth(input: MemberMonthInput, ctx: MonthContext): MemberMonthResult {
  const standing = input.violations.filter((v) => !v.voided);
  const byDay = new Map<string, StandingViolation[]>();
  for (const v of standing) byDay.set(v.day, [...(byDay.get(v.day) ?? []), v]);

  const totals: MonthTotals = {
    daysDue: 0, daysWorked: 0, minutesWorked: 0, lateCount: 0, lateMinutes: 0, earlyCount: 0, earlyMinutes: 0,
    missingClockOuts: 0, absences: 0, noShows: 0, breakOverruns: 0, unendedBreaks: 0,
    leaveDays: { sick: 0, personal: 0, comp: 0 }, compEarned: input.compEarned, compSpent: 0,
  };
  let workingDays = 0;
  let unpaidDays = 0;
  const days: MemberDay[] = [];

  for (const day of ctx.dates) {
    const rules = ctx.rulesFor(day);
    const workday = isWorkday(rules, day);
    if (workday) workingDays += 1;
    const member = day >= input.joinedOn && (input.leftOn === null || day <= input.leftOn);
    const events = input.eventsByDay.get(day) ?? [];
    const worked = events.some((e) => e.kind === 'start');
    const minutes = workedMinutes(events);
    const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
    const entry: MemberDay = {
      day,
      codes: [],
      ...(sorted.find((e) => e.kind === 'start') ? { firstIn: sorted.find((e) => e.kind === 'start')!.at } : {}),
      ...([...sorted].reverse().find((e) => e.kind === 'end') ? { lastOut: [...sorted].reverse().find((e) => e.kind === 'end')!.at } : {}),
      workedMinutes: minutes,
      lateMinutes: 0,
      earlyMinutes: 0,
    };
    days.push(entry);
    if (!member || day > ctx.today) {
      entry.codes.push('F');
      if (!member && workday) unpaidDays += 1; // not employed yet (or any more): not paid
      continue;
    }
    if (worked) {
      totals.daysWorked += 1;
      totals.minutesWorked += minutes;
    }
    const leave = input.leaveByDay.get(day);
    if (!workday) {
      entry.codes.push(worked ? 'W' : rules.holidays.includes(day) ? 'H' : 'R');
      continue;
    }
    const found = byDay.get(day) ?? [];
    if (ctx.pausedDays?.has(day) && !worked && !leave && !found.length) {
      entry.codes.push('X');
      continue;
    }
    totals.daysDue += 1;
    if (leave) {
      entry.codes.push(LEAVE_CODE[leave]);
      totals.leaveDays[leave] += 1;
      if (leave === 'comp') totals.compSpent += 1;
      if (!(rules.paidLeave ?? DEFAULT_PAID_LEAVE)[leave]) unpaidDays += 1;
      continue;
    }
    for (const v of found) {
      if (v.kind === 'late') { totals.lateCount += 1; totals.lateMinutes += v.minutes; entry.lateMinutes += v.minutes; }
      if (v.kind === 'early-leave') { totals.earlyCount += 1; totals.earlyMinutes += v.minutes; entry.earlyMinutes += v.minutes; }
      if (v.kind === 'missing-clock-out') totals.missingClockOuts += 1;
      if (v.kind === 'absence') totals.absences += 1;
      if (v.kind === 'no-show') totals.noShows += 1;
      if (v.kind === 'break-overrun') totals.breakOverruns += 1;
      if (v.kind === 'unended-break') totals.unendedBreaks += 1;
    }
    if (found.some((v) => v.kind === 'no-show' || v.kind === 'absence')) unpaidDays += 1;
    const codes = CODE_ORDER.filter((c) => found.some((v) => CODE_OF[v.kind] === c));
    if (codes.length) entry.codes.push(...codes);
    else if (worked) entry.codes.push('P');
    else entry.codes.push(day === ctx.today && !ctx.closedDays.has(day) ? 'O' : 'N');
  }

  const money = repriceViolations(input, ctx);
  const paymentDays = Math.max(0, workingDays - unpaidDays);
  const earned = input.baseSalary === null ? 0 : prorate(input.baseSalary, paymentDays, workingDays);
  const penalties = money.repricedPenalties + money.adjustmentPenalties;
  return {
    days,
    totals,
    money,
    payroll: {
      baseSalary: input.baseSalary,
      workingDays,
      unpaidDays,
      paymentDays,
      earned,
      penalties,
      bonuses: input.bonuses,
      advances: input.advances,
      net: input.baseSalary === null ? null : earned - penalties + input.bonuses - input.advances,
    },
  };
}

/**
 * The month's violations priced again in the order they happened, under the rules of each day:
 * a voided one no longer uses up the free allowance, so a later one may now be free.
 */
export function repriceViolations(input: Pick<MemberMonthInput, 'violations' | 'adjustmentPenalties' | 'bonuses' | 'advances'>, ctx: Pick<MonthContext, 'rulesFor'>): MoneyTotals {
  let charged = 0;
  let voided = 0;
  let repriced = 0;
  const seen: Partial<Record<ViolationKind, number>> = {};
  const ordered = [...input.violations].sort((a, b) => (a.day === b.day ? a.id - b.id : a.day.localeCompare(b.day)));
  for (const v of ordered) {
    charged += v.amount;
    if (v.voided) {
      voided += v.amount;
      continue;
    }
    const price = priceViolation(ctx.rulesFor(v.day), v.kind, v.minutes, seen[v.kind] ?? 0);
    seen[v.kind] = (seen[v.kind] ?? 0) + 1;
    repriced += price.amount;
  }
  return {
    chargedPenalties: charged - voided,
    voidedPenalties: voided,
    repricedPenalties: repriced,
    repricingDifference: repriced - (charged - voided),
    adjustmentPenalties: input.adjustmentPenalties,
    bonuses: input.bonuses,
    advances: input.advances,
  };
}
