// A tenant's attendance rules and the engine that judges a day by them. Pure: a function from
// rules + the day's clock events (+ how many of each violation the member already had this
// month) to a verdict with violations, minutes and penalty amounts in minor currency units.
import { DateTime } from 'luxon';
import type { BreakType } from './clock-state';
import type { LeaveType } from './leave';

export type ViolationKind = 'late' | 'early-leave' | 'absence' | 'no-show' | 'break-overrun' | 'missing-clock-out' | 'unended-break';
export const VIOLATION_KINDS: readonly ViolationKind[] = ['late', 'early-leave', 'absence', 'no-show', 'break-overrun', 'missing-clock-out', 'unended-break'];
/** The kinds only the day's close can find: nothing shows them while the day is open. */
export const CLOSE_KINDS: readonly ViolationKind[] = ['no-show', 'missing-clock-out', 'unended-break'];

/** A penalty: a fixed amount or an amount per minute, optionally in tiers by minutes. */
export interface PenaltyRule {
  mode: 'fixed' | 'per-minute';
  /** Minor units (e.g. tiyn, fen). */
  amount: number;
  /** From this many minutes on, the tier's own mode and amount apply instead. */
  tiers?: Array<{ fromMinutes: number; mode: 'fixed' | 'per-minute'; amount: number }>;
  /** The first N violations of this kind in a month cost nothing. */
  freePerMonth?: number;
}

export interface BreakAllowance {
  minutesPerBreak: number;
  breaksPerDay: number;
}

export interface AttendanceRules {
  timeZone: string;
  /** ISO weekdays that are workdays: 1 = Monday … 7 = Sunday. */
  workdays: number[];
  /** yyyy-mm-dd dates that are not workdays. */
  holidays: string[];
  /** "HH:MM" local; an end at or before the start means the shift ends the next day. */
  shiftStart: string;
  shiftEnd: string;
  lateGraceMinutes: number;
  earlyLeaveGraceMinutes: number;
  /** Arriving this many minutes late or more counts as an absence, not a late arrival. */
  absenceAfterMinutes: number;
  breaks: Record<BreakType, BreakAllowance>;
  penalties: Partial<Record<ViolationKind, PenaltyRule>>;
  currency: string;
  /** Minutes (fractions allowed); null turns a reminder off. */
  reminders?: ShiftReminders;
  advances?: AdvanceSettings;
  requests?: RequestSettings;
  reports?: ReportSettings;
  /** Whether a day of each leave type is paid (payroll). */
  paidLeave?: Record<LeaveType, boolean>;
}

export interface ReportSettings {
  /** "HH:MM" local: when the day closes and its report is posted; null = an hour after the shift ends. */
  dailyAt: string | null;
  /** Day of the month (1–28) and "HH:MM" local when the summary of the month just ended goes out. */
  monthlyDay: number;
  monthlyAt: string;
}

export const DEFAULT_REPORTS: ReportSettings = { dailyAt: null, monthlyDay: 1, monthlyAt: '09:00' };
export const DEFAULT_PAID_LEAVE: Record<LeaveType, boolean> = { sick: true, personal: false, comp: true };

/** When the day's close runs, "HH:MM" local: the setting, or an hour after the shift ends. */
export function dailyReportTime(rules: Pick<AttendanceRules, 'reports' | 'shiftEnd'>): string {
  const set = rules.reports?.dailyAt;
  if (set) return set;
  const [h, m] = rules.shiftEnd.split(':').map(Number) as [number, number];
  return `${String((h + 1) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export interface AdvanceSettings {
  /** Per member per calendar month, minor units; a member's own limit overrides it. */
  monthlyLimit: number;
  /** An undecided request expires after this long (fractions allowed). */
  expiryHours: number;
}

export const DEFAULT_ADVANCES: AdvanceSettings = { monthlyLimit: 10_000_000, expiryHours: 72 };

export interface ShiftReminders {
  /** To the group, before the shift starts. Off by default. */
  beforeStartMinutes: number | null;
  /** To the group, before the shift ends. Off by default. */
  beforeEndMinutes: number | null;
  /** To a member still clocked in this long after the shift ended. */
  stillClockedInAfterMinutes: number | null;
}

export const DEFAULT_REMINDERS: ShiftReminders = { beforeStartMinutes: null, beforeEndMinutes: null, stillClockedInAfterMinutes: 30 };

export const DEFAULT_RULES: AttendanceRules = {
  timeZone: 'Asia/Almaty',
  workdays: [1, 2, 3, 4, 5],
  holidays: [],
  shiftStart: '09:00',
  shiftEnd: '18:00',
  lateGraceMinutes: 5,
  earlyLeaveGraceMinutes: 5,
  absenceAfterMinutes: 240,
  breaks: {
    lunch: { minutesPerBreak: 60, breaksPerDay: 1 },
    short: { minutesPerBreak: 15, breaksPerDay: 2 },
    smoke: { minutesPerBreak: 10, breaksPerDay: 3 },
  },
  penalties: {},
  currency: 'KZT',
  reminders: DEFAULT_REMINDERS,
};

/** `ref` identifies the stored punch, so a violation can name the punch that revealed it. */
export type ClockEvent = (
  | { kind: 'start'; at: string }
  | { kind: 'end'; at: string }
  | { kind: 'break-out'; breakType: BreakType; at: string }
  | { kind: 'back'; at: string }
) & { ref?: number };

export interface Violation {
  kind: ViolationKind;
  minutes: number;
  amount: number;
  /** Inside the monthly free allowance: recorded, not charged. */
  free: boolean;
  breakType?: BreakType;
  /** The clock event that revealed it (start, end, or the return from the break). */
  at?: string;
  ref?: number;
}

export interface DayVerdict {
  workday: string;
  isWorkday: boolean;
  shiftStart: string;
  shiftEnd: string;
  violations: Violation[];
}

export interface JudgeOptions {
  /** The day is closed (end-of-day report): a missing start or end now counts. */
  closed: boolean;
  /** Violations of each kind the member already had this month, for the free allowance. */
  priorThisMonth?: Partial<Record<ViolationKind, number>>;
  /** The member is on approved leave that day: nothing is expected of them, nothing is found. */
  onLeave?: boolean;
}

/** The shift of a workday as UTC instants; an overnight shift belongs to the day it starts. */
export function shiftWindow(rules: Pick<AttendanceRules, 'timeZone' | 'shiftStart' | 'shiftEnd'>, workday: string) {
  // A company's day is judged for every member: the zone arithmetic is done once per day and rules.
  const key = `${rules.timeZone}|${rules.shiftStart}|${rules.shiftEnd}|${workday}`;
  let window = shiftWindows.get(key);
  if (!window) {
    const at = (hhmm: string) => DateTime.fromISO(`${workday}T${hhmm}`, { zone: rules.timeZone });
    const start = at(rules.shiftStart);
    let end = at(rules.shiftEnd);
    if (end <= start) end = end.plus({ days: 1 });
    if (shiftWindows.size >= 2048) shiftWindows.clear();
    window = { start: start.toMillis(), end: end.toMillis() };
    shiftWindows.set(key, window);
  }
  return { start: new Date(window.start), end: new Date(window.end) };
}
const shiftWindows = new Map<string, { start: number; end: number }>();

// Where a workday begins is decided from the shift's times alone (shared with the panel).
export { EARLY_ARRIVAL_MINUTES, earlyStartFrom, overnightCutoff, workdayBegins } from './workday-bounds';

export function isWorkday(rules: Pick<AttendanceRules, 'workdays' | 'holidays'>, workday: string): boolean {
  const weekday = new Date(`${workday}T00:00:00Z`).getUTCDay() || 7;
  return rules.workdays.includes(weekday) && !rules.holidays.includes(workday);
}

/** The penalty for `minutes` of a violation, before any free allowance. */
export function penaltyAmount(rule: PenaltyRule | undefined, minutes: number): number {
  if (!rule) return 0;
  const tier = [...(rule.tiers ?? [])].sort((a, b) => b.fromMinutes - a.fromMinutes).find((t) => minutes >= t.fromMinutes);
  const { mode, amount } = tier ?? rule;
  return mode === 'fixed' ? amount : amount * Math.max(1, minutes);
}

/** The charge for one violation, given how many of its kind the member already had this month. */
export function priceViolation(rules: AttendanceRules, kind: ViolationKind, minutes: number, priorThisMonth: number): { amount: number; free: boolean } {
  const rule = rules.penalties[kind];
  const free = priorThisMonth + 1 <= (rule?.freePerMonth ?? 0);
  return { amount: free ? 0 : penaltyAmount(rule, minutes), free };
}

const minutesBetween = (from: Date, to: Date) => Math.ceil((to.getTime() - from.getTime()) / 60_000);

/** Judges one workday. Events may be in any order; only the day's own events should be passed. */
export function judgeDay(rules: AttendanceRules, workday: string, events: ClockEvent[], options: JudgeOptions): DayVerdict {
  const { start: shiftStart, end: shiftEnd } = shiftWindow(rules, workday);
  const verdict: DayVerdict = {
    workday,
    isWorkday: isWorkday(rules, workday),
    shiftStart: shiftStart.toISOString(),
    shiftEnd: shiftEnd.toISOString(),
    violations: [],
  };
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  const found: Array<Omit<Violation, 'amount' | 'free'>> = [];
  if (options.onLeave) return verdict;

  const firstStart = sorted.find((e) => e.kind === 'start');
  const lastEnd = [...sorted].reverse().find((e) => e.kind === 'end');

  if (verdict.isWorkday) {
    if (firstStart) {
      const late = minutesBetween(shiftStart, new Date(firstStart.at));
      if (late >= rules.absenceAfterMinutes) found.push({ kind: 'absence', minutes: late, at: firstStart.at, ref: firstStart.ref });
      else if (late > rules.lateGraceMinutes) found.push({ kind: 'late', minutes: late, at: firstStart.at, ref: firstStart.ref });
    } else if (options.closed) {
      found.push({ kind: 'no-show', minutes: minutesBetween(shiftStart, shiftEnd) });
    }
    if (lastEnd) {
      const early = minutesBetween(new Date(lastEnd.at), shiftEnd);
      if (early > rules.earlyLeaveGraceMinutes) found.push({ kind: 'early-leave', minutes: early, at: lastEnd.at, ref: lastEnd.ref });
    } else if (firstStart && options.closed) {
      found.push({ kind: 'missing-clock-out', minutes: 0 });
    }
  }

  // Breaks count on any day worked: each break over its allowance, and every break past the daily number.
  const taken: Record<BreakType, number> = { lunch: 0, short: 0, smoke: 0 };
  let open: Extract<ClockEvent, { kind: 'break-out' }> | null = null;
  for (const e of sorted) {
    if (e.kind === 'break-out') open = e;
    else if (e.kind === 'back' && open) {
      const allowance = rules.breaks[open.breakType];
      const lengthMs = new Date(e.at).getTime() - new Date(open.at).getTime();
      taken[open.breakType] += 1;
      // Allowances may be fractional minutes; an overrun is counted in started minutes.
      const overMs = taken[open.breakType] > allowance.breaksPerDay ? lengthMs : lengthMs - allowance.minutesPerBreak * 60_000;
      if (overMs > 0) found.push({ kind: 'break-overrun', minutes: Math.ceil(overMs / 60_000), breakType: open.breakType, at: e.at, ref: e.ref });
      open = null;
    } else if (e.kind === 'end' || e.kind === 'start') open = null;
  }
  // The day closed with the member still out on a break: it never ended.
  if (options.closed && open) {
    const past = minutesBetween(new Date(open.at), shiftEnd);
    found.push({ kind: 'unended-break', minutes: Math.max(0, past), breakType: open.breakType, at: open.at, ref: open.ref });
  }

  const seen: Partial<Record<ViolationKind, number>> = { ...options.priorThisMonth };
  verdict.violations = found.map((v) => {
    const price = priceViolation(rules, v.kind, v.minutes, seen[v.kind] ?? 0);
    seen[v.kind] = (seen[v.kind] ?? 0) + 1;
    return { ...v, ...price };
  });
  return verdict;
}

export interface RequestSettings {
  /** An undecided leave or correction request expires after this long (fractions allowed). */
  expiryHours: number;
}

export const DEFAULT_REQUESTS: RequestSettings = { expiryHours: 72 };

/**
 * Minutes worked on a day: from each start to the following end, less the breaks taken in
 * between (a break never closed counts until the end).
 */
export function workedMinutes(events: ClockEvent[]): number {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  let total = 0;
  let since: number | null = null;
  for (const e of sorted) {
    const t = new Date(e.at).getTime();
    if (e.kind === 'start' && since === null) since = t;
    else if (e.kind === 'break-out' && since !== null) {
      total += t - since;
      since = null;
    } else if (e.kind === 'back' && since === null && sorted.some((s) => s.kind === 'start' && s.at <= e.at)) since = t;
    else if (e.kind === 'end' && since !== null) {
      total += t - since;
      since = null;
    }
  }
  return Math.floor(total / 60_000);
}

/** What a full workday is: the shift less its lunch allowance. */
export function fullWorkdayMinutes(rules: AttendanceRules, workday: string): number {
  const { start, end } = shiftWindow(rules, workday);
  const lunch = rules.breaks.lunch.minutesPerBreak * rules.breaks.lunch.breaksPerDay;
  return Math.max(1, Math.round((end.getTime() - start.getTime()) / 60_000 - lunch));
}

/** A full workday worked on a day that is not a workday earns a compensatory day off. */
export function earnsCompDay(rules: AttendanceRules, workday: string, events: ClockEvent[]): { earned: boolean; minutes: number } {
  const minutes = workedMinutes(events);
  const closed = events.some((e) => e.kind === 'end');
  return { earned: closed && !isWorkday(rules, workday) && minutes >= fullWorkdayMinutes(rules, workday), minutes };
}
