// Correction requests: /fix <date> <start|end|lunch|break|smoke|back> <HH:MM> [reason].
import { DateTime } from 'luxon';
import type { AttendanceRules } from './attendance-rules';
import { CLOCK_KEYWORDS, type ClockWord } from './clock-in';
import { daysBetween, parseDay } from './leave';
import { minutesOf, workdayBegins, workdayOffset } from './workday-bounds';

const ACTION_WORDS: Record<string, ClockWord> = {
  start: 'in', in: 'in',
  end: 'out', out: 'out',
  lunch: 'lunch', break: 'break', smoke: 'smoke', back: 'back',
  ...CLOCK_KEYWORDS,
};

/** How far back a day may still be corrected. */
export const CORRECTION_MAX_DAYS_BACK = 31;

export interface CorrectionAsk {
  workday: string;
  action: ClockWord;
  /** HH:MM as typed, normalised. */
  time: string;
  punchedAt: string;
  reason: string | null;
}

export type CorrectionParse =
  | { ok: true; ask: CorrectionAsk }
  | { ok: false; problem: 'usage' | 'action' | 'time' | 'future' | 'too-far-back' }
  | { ok: false; problem: 'date'; text: string };

/**
 * The instant of a corrected clock-in: the time on the workday, in the tenant's zone; a time in
 * the small hours before the workday begins is the next calendar day's, and one in the evening
 * the workday already owns (a shift that starts in the small hours) the day before's (see workdayBegins).
 */
export function correctedInstant(rules: Pick<AttendanceRules, 'timeZone' | 'shiftStart' | 'shiftEnd'>, workday: string, time: string): Date {
  // The calendar day whose `time` falls on this workday: the workday less that time's offset.
  const offset = workdayOffset(minutesOf(time), workdayBegins(rules));
  return DateTime.fromISO(`${workday}T${time}`, { zone: rules.timeZone }).minus({ days: offset }).toJSDate();
}

export function parseCorrection(args: string, rules: Pick<AttendanceRules, 'timeZone' | 'shiftStart' | 'shiftEnd'>, now: Date): CorrectionParse {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length < 3) return { ok: false, problem: 'usage' };
  const today = DateTime.fromJSDate(now).setZone(rules.timeZone).toISODate()!;
  const workday = parseDay(words[0]!, today);
  if (!workday) return { ok: false, problem: 'date', text: words[0]! };
  const action = ACTION_WORDS[words[1]!.toLowerCase()];
  if (!action) return { ok: false, problem: 'action' };
  return checkCorrection({ workday, action, time: words[2]!, reason: words.slice(3).join(' ') || null }, rules, now);
}

/** The checks every correction passes, typed in the bot or filled in a form; `time` as typed (H:MM, HH.MM). */
export function checkCorrection(
  ask: { workday: string; action: ClockWord; time: string; reason: string | null },
  rules: Pick<AttendanceRules, 'timeZone' | 'shiftStart' | 'shiftEnd'>,
  now: Date,
): CorrectionParse {
  const today = DateTime.fromJSDate(now).setZone(rules.timeZone).toISODate()!;
  const { workday, action } = ask;
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(ask.time.trim());
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) return { ok: false, problem: 'time' };
  const time = `${t[1]!.padStart(2, '0')}:${t[2]}`;
  const punchedAt = correctedInstant(rules, workday, time);
  if (punchedAt.getTime() > now.getTime()) return { ok: false, problem: 'future' };
  if (daysBetween(workday, today) > CORRECTION_MAX_DAYS_BACK) return { ok: false, problem: 'too-far-back' };
  return { ok: true, ask: { workday, action, time, punchedAt: punchedAt.toISOString(), reason: ask.reason?.trim().slice(0, 500) || null } };
}
