// Checks a rules document before it is stored; every problem is named so an admin can fix it.
import { BREAK_TYPES } from './clock-state';
import { VIOLATION_KINDS, type AttendanceRules, type PenaltyRule } from './attendance-rules';
import { isValidTimeZone } from './time';
import { LEAVE_TYPES } from './leave';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkPenalty(kind: string, rule: PenaltyRule, problems: string[]) {
  const amountOk = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!['fixed', 'per-minute'].includes(rule.mode)) problems.push(`penalties.${kind}.mode must be fixed or per-minute`);
  if (!amountOk(rule.amount)) problems.push(`penalties.${kind}.amount must be a whole number of minor units ≥ 0`);
  if (rule.freePerMonth !== undefined && !amountOk(rule.freePerMonth)) problems.push(`penalties.${kind}.freePerMonth must be a whole number ≥ 0`);
  for (const [i, tier] of (rule.tiers ?? []).entries()) {
    if (!amountOk(tier.fromMinutes) || !amountOk(tier.amount) || !['fixed', 'per-minute'].includes(tier.mode)) {
      problems.push(`penalties.${kind}.tiers[${i}] needs fromMinutes, mode and amount (whole numbers ≥ 0)`);
    }
  }
}

export function validateRules(rules: AttendanceRules): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(rules.timeZone)) problems.push('timeZone must be an IANA zone such as Asia/Almaty');
  if (!rules.workdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) problems.push('workdays are 1 (Monday) to 7 (Sunday)');
  if (!rules.holidays.every((d) => DATE.test(d))) problems.push('holidays are yyyy-mm-dd dates');
  if (!HHMM.test(rules.shiftStart)) problems.push('shiftStart must be HH:MM');
  if (!HHMM.test(rules.shiftEnd)) problems.push('shiftEnd must be HH:MM');
  if (rules.shiftStart === rules.shiftEnd) problems.push('shiftStart and shiftEnd must differ');
  for (const key of ['lateGraceMinutes', 'earlyLeaveGraceMinutes', 'absenceAfterMinutes'] as const) {
    if (!(rules[key] >= 0)) problems.push(`${key} must be ≥ 0`);
  }
  if (rules.absenceAfterMinutes <= rules.lateGraceMinutes) problems.push('absenceAfterMinutes must be more than lateGraceMinutes');
  for (const type of BREAK_TYPES) {
    const b = rules.breaks[type];
    if (!b || !(b.minutesPerBreak > 0) || !(Number.isInteger(b.breaksPerDay) && b.breaksPerDay >= 0)) {
      problems.push(`breaks.${type} needs minutesPerBreak > 0 and a whole breaksPerDay ≥ 0`);
    }
  }
  for (const [kind, rule] of Object.entries(rules.penalties)) {
    if (!(VIOLATION_KINDS as readonly string[]).includes(kind)) problems.push(`penalties.${kind} is not a violation kind`);
    else if (rule) checkPenalty(kind, rule, problems);
  }
  for (const [key, value] of Object.entries(rules.reminders ?? {})) {
    if (value !== null && !(typeof value === 'number' && value >= 0)) problems.push(`reminders.${key} must be minutes ≥ 0, or null for off`);
  }
  if (rules.advances) {
    const { monthlyLimit, expiryHours } = rules.advances;
    if (!(Number.isInteger(monthlyLimit) && monthlyLimit >= 0)) problems.push('advances.monthlyLimit must be a whole amount in minor units ≥ 0');
    if (!(typeof expiryHours === 'number' && expiryHours > 0)) problems.push('advances.expiryHours must be hours > 0');
  }
  if (rules.requests && !(typeof rules.requests.expiryHours === 'number' && rules.requests.expiryHours > 0)) {
    problems.push('requests.expiryHours must be hours > 0');
  }
  if (rules.reports) {
    const { dailyAt, monthlyDay, monthlyAt } = rules.reports;
    if (dailyAt !== null && !HHMM.test(dailyAt)) problems.push('reports.dailyAt must be HH:MM, or null for an hour after the shift ends');
    if (!(Number.isInteger(monthlyDay) && monthlyDay >= 1 && monthlyDay <= 28)) problems.push('reports.monthlyDay must be a day of the month from 1 to 28');
    if (!HHMM.test(monthlyAt)) problems.push('reports.monthlyAt must be HH:MM');
  }
  if (rules.paidLeave) {
    for (const type of LEAVE_TYPES) {
      if (typeof rules.paidLeave[type] !== 'boolean') problems.push(`paidLeave.${type} must be true or false`);
    }
  }
  if (!/^[A-Z]{3}$/.test(rules.currency)) problems.push('currency must be an ISO 4217 code such as KZT');
  return problems;
}
