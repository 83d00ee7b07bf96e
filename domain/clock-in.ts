// Group clock-ins: the three equal ways to say them (buttons, commands, Chinese keywords),
// how they map to punches, and which workday an instant belongs to.
import { date, translate, type LanguagePair } from './messages';
import { formatLocalTime, localDate, wallClock } from './time';
import type { AttendanceRules, ClockEvent } from './attendance-rules';
import type { BreakType, ClockAction } from './clock-state';
import type { PunchKind } from './punch';
import { minutesOf, workdayBegins, workdayOffset } from './workday-bounds';

export type ClockWord = 'in' | 'out' | 'lunch' | 'break' | 'smoke' | 'back';
export const CLOCK_WORDS: readonly ClockWord[] = ['in', 'out', 'lunch', 'break', 'smoke', 'back'];

const ACTIONS: Record<ClockWord, ClockAction> = {
  in: { kind: 'start' },
  out: { kind: 'end' },
  lunch: { kind: 'break-out', breakType: 'lunch' },
  break: { kind: 'break-out', breakType: 'short' },
  smoke: { kind: 'break-out', breakType: 'smoke' },
  back: { kind: 'back' },
};

/** Typed or sent by the reply keyboard; they need privacy mode off (or the bot as admin). */
export const CLOCK_KEYWORDS: Record<string, ClockWord> = {
  上班: 'in',
  下班: 'out',
  吃饭: 'lunch',
  休息: 'break',
  抽烟: 'smoke',
  回座: 'back',
};

export function clockAction(word: ClockWord): ClockAction {
  return ACTIONS[word];
}

export function clockWordFromKeyword(text: string): ClockWord | undefined {
  return CLOCK_KEYWORDS[text.trim()];
}

export function isClockWord(value: string): value is ClockWord {
  return (CLOCK_WORDS as readonly string[]).includes(value);
}

/** How a clock action is stored as a punch. */
export function punchOfAction(action: ClockAction): { kind: PunchKind; breakType: BreakType | null } {
  switch (action.kind) {
    case 'start':
      return { kind: 'check-in', breakType: null };
    case 'end':
      return { kind: 'check-out', breakType: null };
    case 'break-out':
      return { kind: 'break-out', breakType: action.breakType };
    case 'back':
      return { kind: 'break-in', breakType: null };
  }
}

/** A stored punch back as the action and the engine's event; null for kinds the day ignores. */
export function actionOfPunch(kind: string, breakType: string | null): ClockAction | null {
  if (kind === 'check-in') return { kind: 'start' };
  if (kind === 'check-out') return { kind: 'end' };
  if (kind === 'break-in') return { kind: 'back' };
  if (kind === 'break-out') return { kind: 'break-out', breakType: (breakType as BreakType | null) ?? 'short' };
  return null;
}

export function clockEventOf(action: ClockAction, at: string): ClockEvent {
  return action.kind === 'break-out' ? { kind: 'break-out', breakType: action.breakType, at } : { kind: action.kind, at };
}

/**
 * `workdayOf` for many instants of one company: the rules of each calendar day (and when their
 * workday begins) are looked up once per day, and each instant's wall clock once.
 */
export function workdayResolver(zone: string, rulesFor: (day: string) => Pick<AttendanceRules, 'shiftStart' | 'shiftEnd'>): (instant: number) => string {
  const begins = new Map<string, number>();
  return (instant) => {
    const wall = wallClock(instant, zone).toISOString();
    const day = wall.slice(0, 10);
    let b = begins.get(day);
    if (b === undefined) begins.set(day, (b = workdayBegins(rulesFor(day))));
    return workdayOfWall(wall, b);
  };
}

const DAY_MS = 86_400_000;

/** The workday of a wall-clock time (ISO text), given when its calendar day's workday begins (workdayBegins). */
function workdayOfWall(wall: string, begins: number): string {
  const day = wall.slice(0, 10);
  const offset = begins === 0 ? 0 : workdayOffset(minutesOf(wall.slice(11, 16)), begins);
  return offset === 0 ? day : new Date(Date.parse(`${day}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The workday an instant belongs to: its local date, except that the small hours up to halfway
 * to the next start belong to the shift that ended in them or just before, and the late evening
 * before a shift that starts in the small hours belongs to that shift (see workdayBegins).
 */
export function workdayOf(instant: Date | string | number, rules: Pick<AttendanceRules, 'timeZone' | 'shiftStart' | 'shiftEnd'>): string {
  return workdayOfWall(wallClock(instant, rules.timeZone).toISOString(), workdayBegins(rules));
}

/**
 * The answer to a clock-in: who, what and when, in both languages; and, when the time is on
 * another date than the workday it counts for (a night shift's small hours, the evening before a
 * shift that starts after midnight), which shift that is, so nobody wonders why 23:55 is "today".
 */
export function renderClockDone(word: ClockWord, name: string, at: Date, rules: Pick<AttendanceRules, 'timeZone' | 'shiftStart' | 'shiftEnd'>, pair: LanguagePair): string {
  const params = { name, time: formatLocalTime(at, rules.timeZone) };
  const workday = workdayOf(at, rules);
  const note = workday === localDate(at, rules.timeZone) ? null : { day: date(workday) };
  return pair.map((language) => translate(`clock.done.${word}`, language, params) + (note ? translate('clock.countsFor', language, note) : '')).join('\n');
}
