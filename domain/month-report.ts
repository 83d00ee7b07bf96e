// The shape of a month's attendance as HR reads it: one summary per member (the statement of
// record and the payroll line), the member × day grid, and the detail lines behind them. Built by
// the month computation from what stands in the database; read by the member's private summary,
// the Excel workbook and the web panel. Pure data: money in minor units, instants as ISO strings.
import type { BreakType } from './clock-state';
import type { ViolationKind } from './attendance-rules';
import type { LanguagePair } from './messages';
import type { RequestStatus } from './requests';

/**
 * One day of one member, as a status code per cell of the daily grid. A day may carry several
 * (late and missing a clock-out); the first is the most serious.
 *   P present · L late · E early leave · A absence (arrived past the absence threshold)
 *   N no-show · M missing clock-out · B break never ended
 *   S sick leave · V personal leave · C comp leave (taken) · H holiday · R rest day
 *   W worked on a rest day or holiday (a comp day earned when full) · F not yet due (future, or
 *   before the member joined) · O open: the day is today and not closed yet · X not tracked: a
 *   workday not worked while the company's attendance was paused (the bot out of the group, the
 *   subscription stopped), neither due nor a no-show
 */
export type DayCode = 'P' | 'L' | 'E' | 'A' | 'N' | 'M' | 'B' | 'S' | 'V' | 'C' | 'H' | 'R' | 'W' | 'F' | 'O' | 'X';
export const DAY_CODES: readonly DayCode[] = ['P', 'L', 'E', 'A', 'N', 'M', 'B', 'S', 'V', 'C', 'H', 'R', 'W', 'F', 'O', 'X'];

export type LeaveType = 'sick' | 'personal' | 'comp';

export interface MemberDay {
  /** yyyy-mm-dd, the workday in the company's zone. */
  day: string;
  codes: DayCode[];
  /** First start and last end that stand (corrections applied), ISO instants. */
  firstIn?: string;
  lastOut?: string;
  workedMinutes: number;
  lateMinutes: number;
  earlyMinutes: number;
}

export interface MonthTotals {
  /** Workdays of the month the member was due to work (after joining, holidays excluded). */
  daysDue: number;
  /** Days with a start that stands (workdays and rest days). */
  daysWorked: number;
  minutesWorked: number;
  lateCount: number;
  lateMinutes: number;
  earlyCount: number;
  earlyMinutes: number;
  missingClockOuts: number;
  absences: number;
  noShows: number;
  breakOverruns: number;
  unendedBreaks: number;
  /** Workdays of approved leave, by type. */
  leaveDays: Record<LeaveType, number>;
  compEarned: number;
  compSpent: number;
}

export interface MoneyTotals {
  /** What the violations cost when they were recorded, less what was voided since. */
  chargedPenalties: number;
  voidedPenalties: number;
  /** The same violations priced again in order over the month, with the allowance freed by voids. */
  repricedPenalties: number;
  /** repriced − (charged − voided): negative means the member was charged more than stands. */
  repricingDifference: number;
  /** Admins' penalties and bonuses issued in the month. */
  adjustmentPenalties: number;
  bonuses: number;
  /** Advances approved in the month. */
  advances: number;
}

export interface Payroll {
  /** Monthly base salary, minor units; null when not set (the row then shows no pay). */
  baseSalary: number | null;
  workingDays: number;
  /** No-shows, absences and unpaid leave days. */
  unpaidDays: number;
  paymentDays: number;
  /** base × paymentDays / workingDays, rounded half away from zero to a minor unit. */
  earned: number;
  /** Violations as they stand (repriced) plus admins' penalties. */
  penalties: number;
  bonuses: number;
  advances: number;
  /** earned − penalties + bonuses − advances; null without a base salary. */
  net: number | null;
}

export interface MemberMonth {
  memberId: number;
  name: string;
  username: string | null;
  /** BioTime employee code when linked; never an IIN. */
  employeeCode: string | null;
  joinedOn: string;
  active: boolean;
  days: MemberDay[];
  totals: MonthTotals;
  money: MoneyTotals;
  payroll: Payroll;
}

export type PunchSource = 'group' | 'biotime' | 'correction';
export type PunchKind = 'start' | 'end' | 'break-out' | 'back';

export interface PunchLine {
  memberId: number;
  name: string;
  day: string;
  at: string;
  kind: PunchKind;
  breakType: BreakType | null;
  source: PunchSource;
  /** Terminal or group title; for a correction, the reason given. */
  place: string | null;
  /** For a correction: the time of the punch it replaced, if it replaced one. */
  replacesAt: string | null;
}

export interface ViolationLine {
  memberId: number;
  name: string;
  day: string;
  kind: ViolationKind;
  breakType: BreakType | null;
  minutes: number;
  /** Charged when recorded. */
  amount: number;
  free: boolean;
  /** Recorded by the day's close rather than by a clock-in. */
  byClose: boolean;
  voided: { cause: 'leave' | 'correction'; at: string } | null;
}

export interface AdjustmentLine {
  memberId: number;
  name: string;
  at: string;
  kind: 'penalty' | 'bonus';
  amount: number;
  reason: string;
  issuedBy: string;
}

export interface AdvanceLine {
  memberId: number;
  name: string;
  requestedAt: string;
  amount: number;
  status: RequestStatus;
  decidedAt: string | null;
  reason: string | null;
}

export interface LeaveLine {
  memberId: number;
  name: string;
  type: LeaveType;
  from: string;
  to: string;
  days: number;
  status: RequestStatus;
  paid: boolean;
  reason: string | null;
}

/** Everything the month's workbook holds; the detail lines are streamed, not held in memory. */
export interface MonthReport {
  company: { name: string; timeZone: string; currency: string; languagePair: LanguagePair };
  /** yyyy-mm */
  month: string;
  /** Every date of the month, yyyy-mm-dd. */
  dates: string[];
  generatedAt: string;
  members: MemberMonth[];
  punches(): AsyncIterable<PunchLine>;
  violations(): AsyncIterable<ViolationLine>;
  adjustments(): AsyncIterable<AdjustmentLine>;
  advances(): AsyncIterable<AdvanceLine>;
  leave(): AsyncIterable<LeaveLine>;
}
