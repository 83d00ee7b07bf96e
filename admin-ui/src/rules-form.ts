// The rules editor's model: text fields as typed (money in major units), converted to
// AttendanceRules only when saving or previewing.
import type { AttendanceRules, LeaveType, PenaltyMode, PenaltyRule, ViolationKind } from './api/types';
import { inputToMinor, minorToInput } from './format';
import { VIOLATION_KINDS } from './labels';

export interface TierForm {
  fromMinutes: string;
  mode: PenaltyMode;
  amount: string;
}

export interface PenaltyForm {
  enabled: boolean;
  mode: PenaltyMode;
  amount: string;
  freePerMonth: string;
  tiers: TierForm[];
}

export interface ReminderForm {
  on: boolean;
  minutes: string;
}

export interface RulesForm {
  timeZone: string;
  workdays: number[];
  holidays: string[];
  shiftStart: string;
  shiftEnd: string;
  lateGraceMinutes: string;
  earlyLeaveGraceMinutes: string;
  absenceAfterMinutes: string;
  breaks: Record<string, { minutesPerBreak: string; breaksPerDay: string }>;
  penalties: Record<ViolationKind, PenaltyForm>;
  currency: string;
  reminders: { beforeStartMinutes: ReminderForm; beforeEndMinutes: ReminderForm; stillClockedInAfterMinutes: ReminderForm };
  advanceMonthlyLimit: string;
  advanceExpiryHours: string;
  requestsExpiryHours: string;
  dailyMode: 'at' | 'after';
  dailyAt: string;
  monthlyDay: string;
  monthlyAt: string;
  paidLeave: Record<LeaveType, boolean>;
  effectiveFrom: string;
}

export const REMINDER_KEYS = ['beforeStartMinutes', 'beforeEndMinutes', 'stillClockedInAfterMinutes'] as const;

// What the service assumes when a setting is absent (domain/attendance-rules.ts).
const DEFAULT_REMINDERS = { beforeStartMinutes: null, beforeEndMinutes: null, stillClockedInAfterMinutes: 30 };
const DEFAULT_ADVANCES = { monthlyLimit: 10_000_000, expiryHours: 72 };
const DEFAULT_REQUESTS = { expiryHours: 72 };
const DEFAULT_REPORTS = { dailyAt: null as string | null, monthlyDay: 1, monthlyAt: '09:00' };
const DEFAULT_PAID_LEAVE: Record<LeaveType, boolean> = { sick: true, personal: false, comp: true };

const num = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

function penaltyForm(rule: PenaltyRule | undefined, currency: string): PenaltyForm {
  return {
    enabled: Boolean(rule),
    mode: rule?.mode ?? 'fixed',
    amount: rule ? minorToInput(rule.amount, currency) : '',
    freePerMonth: num(rule?.freePerMonth ?? 0),
    tiers: (rule?.tiers ?? []).map((t) => ({ fromMinutes: String(t.fromMinutes), mode: t.mode, amount: minorToInput(t.amount, currency) })),
  };
}

export function toForm(rules: AttendanceRules, breakTypes: string[], effectiveFrom: string): RulesForm {
  const currency = rules.currency;
  const reminders = { ...DEFAULT_REMINDERS, ...rules.reminders };
  const reports = { ...DEFAULT_REPORTS, ...rules.reports };
  const advances = { ...DEFAULT_ADVANCES, ...rules.advances };
  const types = [...new Set([...breakTypes, ...Object.keys(rules.breaks ?? {})])];
  return {
    timeZone: rules.timeZone,
    workdays: [...rules.workdays],
    holidays: [...rules.holidays].sort(),
    shiftStart: rules.shiftStart,
    shiftEnd: rules.shiftEnd,
    lateGraceMinutes: num(rules.lateGraceMinutes),
    earlyLeaveGraceMinutes: num(rules.earlyLeaveGraceMinutes),
    absenceAfterMinutes: num(rules.absenceAfterMinutes),
    breaks: Object.fromEntries(
      types.map((t) => [t, { minutesPerBreak: num(rules.breaks?.[t]?.minutesPerBreak ?? 15), breaksPerDay: num(rules.breaks?.[t]?.breaksPerDay ?? 0) }]),
    ),
    penalties: Object.fromEntries(VIOLATION_KINDS.map((k) => [k, penaltyForm(rules.penalties?.[k], currency)])) as Record<ViolationKind, PenaltyForm>,
    currency,
    reminders: {
      beforeStartMinutes: { on: reminders.beforeStartMinutes !== null, minutes: num(reminders.beforeStartMinutes ?? 15) },
      beforeEndMinutes: { on: reminders.beforeEndMinutes !== null, minutes: num(reminders.beforeEndMinutes ?? 15) },
      stillClockedInAfterMinutes: { on: reminders.stillClockedInAfterMinutes !== null, minutes: num(reminders.stillClockedInAfterMinutes ?? 30) },
    },
    advanceMonthlyLimit: minorToInput(advances.monthlyLimit, currency),
    advanceExpiryHours: num(advances.expiryHours),
    requestsExpiryHours: num(rules.requests?.expiryHours ?? DEFAULT_REQUESTS.expiryHours),
    dailyMode: reports.dailyAt ? 'at' : 'after',
    dailyAt: reports.dailyAt ?? '20:00',
    monthlyDay: num(reports.monthlyDay),
    monthlyAt: reports.monthlyAt,
    paidLeave: { ...DEFAULT_PAID_LEAVE, ...rules.paidLeave },
    effectiveFrom,
  };
}

/** Unparseable numbers become NaN, which JSON sends as null: the server then names the problem. */
const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.trim().replace(',', '.')));
const toMinor = (text: string, currency: string) => inputToMinor(text, currency) ?? Number.NaN;

export function toRules(form: RulesForm, base: AttendanceRules | null): AttendanceRules {
  const currency = form.currency.trim().toUpperCase();
  const penalties: AttendanceRules['penalties'] = {};
  for (const kind of VIOLATION_KINDS) {
    const p = form.penalties[kind];
    if (!p.enabled) continue;
    const rule: PenaltyRule = { mode: p.mode, amount: toMinor(p.amount, currency) };
    const free = toNumber(p.freePerMonth || '0');
    if (free) rule.freePerMonth = free;
    if (p.tiers.length) rule.tiers = p.tiers.map((t) => ({ fromMinutes: toNumber(t.fromMinutes), mode: t.mode, amount: toMinor(t.amount, currency) }));
    penalties[kind] = rule;
  }
  const reminder = (r: ReminderForm) => (r.on ? toNumber(r.minutes) : null);
  return {
    ...(base ?? {}),
    timeZone: form.timeZone.trim(),
    workdays: [...form.workdays].sort((a, b) => a - b),
    holidays: [...new Set(form.holidays.filter(Boolean))].sort(),
    shiftStart: form.shiftStart.trim(),
    shiftEnd: form.shiftEnd.trim(),
    lateGraceMinutes: toNumber(form.lateGraceMinutes),
    earlyLeaveGraceMinutes: toNumber(form.earlyLeaveGraceMinutes),
    absenceAfterMinutes: toNumber(form.absenceAfterMinutes),
    breaks: Object.fromEntries(
      Object.entries(form.breaks).map(([t, b]) => [t, { minutesPerBreak: toNumber(b.minutesPerBreak), breaksPerDay: toNumber(b.breaksPerDay) }]),
    ),
    penalties,
    currency,
    reminders: {
      beforeStartMinutes: reminder(form.reminders.beforeStartMinutes),
      beforeEndMinutes: reminder(form.reminders.beforeEndMinutes),
      stillClockedInAfterMinutes: reminder(form.reminders.stillClockedInAfterMinutes),
    },
    advances: { monthlyLimit: toMinor(form.advanceMonthlyLimit, currency), expiryHours: toNumber(form.advanceExpiryHours) },
    requests: { expiryHours: toNumber(form.requestsExpiryHours) },
    reports: { dailyAt: form.dailyMode === 'at' ? form.dailyAt.trim() : null, monthlyDay: toNumber(form.monthlyDay), monthlyAt: form.monthlyAt.trim() },
    paidLeave: { ...form.paidLeave },
  };
}
