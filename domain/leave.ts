// Leave requests (/leave <sick|personal|comp> <from> [to] [reason]) and the dates people type.
// Pure: "today" is always passed in, as the tenant's local date.
import { DateTime } from 'luxon';
import { isWorkday, type AttendanceRules } from './attendance-rules';

export type LeaveType = 'sick' | 'personal' | 'comp';
export const LEAVE_TYPES: readonly LeaveType[] = ['sick', 'personal', 'comp'];

const TYPE_WORDS: Record<string, LeaveType> = {
  sick: 'sick', 病假: 'sick', больничный: 'sick',
  personal: 'personal', 事假: 'personal', отгул: 'personal',
  comp: 'comp', 调休: 'comp', компенсация: 'comp',
};

/** The longest single request, and how far back or ahead it may reach. */
export const LEAVE_LIMITS = { maxDays: 62, maxDaysBack: 62, maxDaysAhead: 366 } as const;

/**
 * A date as people type it: 2026-11-23, 23.11.2026, 23.11 (this year), 23/11, today, tomorrow
 * (今天, 明天, сегодня, завтра, бүгін, ертең). Null when it is not a real date.
 */
export function parseDay(text: string, today: string): string | null {
  const word = text.trim().toLowerCase();
  const base = DateTime.fromISO(today);
  if (['today', '今天', 'сегодня', 'бүгін'].includes(word)) return today;
  if (['tomorrow', '明天', 'завтра', 'ертең'].includes(word)) return base.plus({ days: 1 }).toISODate();
  if (['yesterday', '昨天', 'вчера', 'кеше'].includes(word)) return base.minus({ days: 1 }).toISODate();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
  if (m) return dateOf(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?$/.exec(word);
  if (m) return dateOf(m[3] ? Number(m[3]) : base.year, Number(m[2]), Number(m[1]));
  return null;
}

function dateOf(year: number, month: number, day: number): string | null {
  const dt = DateTime.fromObject({ year, month, day });
  return dt.isValid ? dt.toISODate() : null;
}

export interface LeaveAsk {
  type: LeaveType;
  from: string;
  to: string;
  reason: string | null;
}

export type LeaveParse =
  | { ok: true; ask: LeaveAsk }
  | { ok: false; problem: 'usage' | 'type' }
  | { ok: false; problem: 'date'; text: string }
  | { ok: false; problem: 'order' | 'too-long' | 'too-far-back' | 'too-far-ahead' };

export function parseLeave(args: string, today: string): LeaveParse {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return { ok: false, problem: 'usage' };
  const type = TYPE_WORDS[words[0]!.toLowerCase()];
  if (!type) return { ok: false, problem: 'type' };
  const from = parseDay(words[1]!, today);
  if (!from) return { ok: false, problem: 'date', text: words[1]! };
  // The third word is the end date when it reads as one; a word that only looks like a date
  // (digits and separators) but is not a real one is a mistake, not the reason.
  let to = from;
  let rest = words.slice(2);
  if (rest[0]) {
    const end = parseDay(rest[0], today);
    if (end) {
      to = end;
      rest = rest.slice(1);
    } else if (/^[\d./-]+$/.test(rest[0])) return { ok: false, problem: 'date', text: rest[0] };
  }
  return checkLeave({ type, from, to, reason: rest.join(' ') || null }, today);
}

/** The checks every leave request passes, typed in the bot or filled in a form. */
export function checkLeave(ask: LeaveAsk, today: string): LeaveParse {
  const { from, to } = ask;
  if (to < from) return { ok: false, problem: 'order' };
  const span = daysBetween(from, to) + 1;
  if (span > LEAVE_LIMITS.maxDays) return { ok: false, problem: 'too-long' };
  if (daysBetween(from, today) > LEAVE_LIMITS.maxDaysBack) return { ok: false, problem: 'too-far-back' };
  if (daysBetween(today, to) > LEAVE_LIMITS.maxDaysAhead) return { ok: false, problem: 'too-far-ahead' };
  return { ok: true, ask: { ...ask, reason: ask.reason?.trim().slice(0, 500) || null } };
}

export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days);
}

/** Every date from..to inclusive. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from); d.toISODate()! <= to; d = d.plus({ days: 1 })) out.push(d.toISODate()!);
  return out;
}

/** The workdays a leave range covers under the rules: what it charges against comp days. */
export function workdaysIn(rules: Pick<AttendanceRules, 'workdays' | 'holidays'>, from: string, to: string): number {
  return daysOf(from, to).filter((d) => isWorkday(rules, d)).length;
}
