// Checks a rules document before it is stored; every problem is named so an admin can fix it, in
// the company's two languages (rulesProblemTexts) like every other text an admin reads.
import type { BreakType } from './clock-state';
import { BREAK_TYPES } from './clock-state';
import { VIOLATION_KINDS, type AttendanceRules, type PenaltyRule, type ViolationKind } from './attendance-rules';
import { isValidTimeZone } from './time';
import { LEAVE_TYPES } from './leave';
import { renderParts, translatePart, type LanguagePair, type MessageKey, type MessagePart } from './messages';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One problem with a rules document: a catalogue message, so it can be shown in any language. */
export type RulesProblem = MessagePart;

const BREAK_NAMES: Record<BreakType, MessageKey> = { lunch: 'button.clock.lunch', short: 'button.clock.break', smoke: 'button.clock.smoke' };

function penaltyProblem(key: MessageKey, kind: ViolationKind, params: Record<string, number> = {}): RulesProblem {
  return { key, params, localized: { kind: `penalties.kind.${kind}` } };
}

function checkPenalty(kind: ViolationKind, rule: PenaltyRule, problems: RulesProblem[]) {
  const amountOk = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!['fixed', 'per-minute'].includes(rule.mode)) problems.push(penaltyProblem('rules.problem.penaltyMode', kind));
  if (!amountOk(rule.amount)) problems.push(penaltyProblem('rules.problem.penaltyAmount', kind));
  if (rule.freePerMonth !== undefined && !amountOk(rule.freePerMonth)) problems.push(penaltyProblem('rules.problem.penaltyFree', kind));
  for (const [i, tier] of (rule.tiers ?? []).entries()) {
    if (!amountOk(tier.fromMinutes) || !amountOk(tier.amount) || !['fixed', 'per-minute'].includes(tier.mode)) {
      problems.push(penaltyProblem('rules.problem.penaltyTier', kind, { step: i + 1 }));
    }
  }
}

/** Every problem with the document, in the order of the rules page; none when it can be stored. */
export function validateRules(rules: AttendanceRules): RulesProblem[] {
  const problems: RulesProblem[] = [];
  const add = (key: MessageKey, params?: RulesProblem['params']) => problems.push({ key, params });
  if (!isValidTimeZone(rules.timeZone)) add('rules.problem.timeZone', { value: String(rules.timeZone) });
  if (!rules.workdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) add('rules.problem.workdays');
  if (!rules.holidays.every((d) => DATE.test(d))) add('rules.problem.holidays');
  if (!HHMM.test(rules.shiftStart)) add('rules.problem.shiftStart');
  if (!HHMM.test(rules.shiftEnd)) add('rules.problem.shiftEnd');
  if (rules.shiftStart === rules.shiftEnd) add('rules.problem.shiftSame');
  if (!(rules.lateGraceMinutes >= 0)) add('rules.problem.lateGrace');
  if (!(rules.earlyLeaveGraceMinutes >= 0)) add('rules.problem.earlyLeaveGrace');
  if (!(rules.absenceAfterMinutes >= 0)) add('rules.problem.absenceAfter');
  if (rules.absenceAfterMinutes <= rules.lateGraceMinutes) add('rules.problem.absenceAfterGrace');
  for (const type of BREAK_TYPES) {
    const b = rules.breaks[type];
    if (!b || !(b.minutesPerBreak > 0) || !(Number.isInteger(b.breaksPerDay) && b.breaksPerDay >= 0)) {
      problems.push({ key: 'rules.problem.break', localized: { breakType: BREAK_NAMES[type] } });
    }
  }
  for (const [kind, rule] of Object.entries(rules.penalties)) {
    if (!(VIOLATION_KINDS as readonly string[]).includes(kind)) add('rules.problem.penaltyKind', { kind });
    else if (rule) checkPenalty(kind as ViolationKind, rule, problems);
  }
  for (const [reminder, value] of Object.entries(rules.reminders ?? {})) {
    if (value !== null && !(typeof value === 'number' && value >= 0)) add('rules.problem.reminder', { reminder });
  }
  if (rules.advances) {
    const { monthlyLimit, expiryHours } = rules.advances;
    if (!(Number.isInteger(monthlyLimit) && monthlyLimit >= 0)) add('rules.problem.advanceLimit');
    if (!(typeof expiryHours === 'number' && expiryHours > 0)) add('rules.problem.advanceExpiry');
  }
  if (rules.requests && !(typeof rules.requests.expiryHours === 'number' && rules.requests.expiryHours > 0)) add('rules.problem.requestExpiry');
  if (rules.reports) {
    const { dailyAt, monthlyDay, monthlyAt } = rules.reports;
    if (dailyAt !== null && !HHMM.test(dailyAt)) add('rules.problem.dailyAt');
    if (!(Number.isInteger(monthlyDay) && monthlyDay >= 1 && monthlyDay <= 28)) add('rules.problem.monthlyDay');
    if (!HHMM.test(monthlyAt)) add('rules.problem.monthlyAt');
  }
  if (rules.paidLeave) {
    for (const type of LEAVE_TYPES) {
      if (typeof rules.paidLeave[type] !== 'boolean') problems.push({ key: 'rules.problem.paidLeave', localized: { leaveType: `leave.type.${type}` } });
    }
  }
  if (!/^[A-Z]{3}$/.test(rules.currency)) add('rules.problem.currency');
  return problems;
}

/** Each problem in the company's two languages, one language per line. */
export function rulesProblemTexts(problems: readonly RulesProblem[], pair: LanguagePair): string[] {
  return problems.map((p) => renderParts([p], pair));
}

/** In English, for logs and errors thrown to scripts. */
export function rulesProblemsInEnglish(problems: readonly RulesProblem[]): string[] {
  return problems.map((p) => translatePart(p, 'en'));
}
