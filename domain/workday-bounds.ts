// Where one workday ends and the next begins, from the shift's times alone. Pure and without
// imports: the service decides every instant's workday with it, and the panel shows the same
// boundary to the admin who is editing the shift.

/**
 * How long before a shift that starts in the small hours a clock-in still counts for it (see
 * workdayBegins): someone due at 00:30 who arrives at 23:50 has come to that shift, not to the
 * previous day's. It takes at least twice as long off duty before the shift, so these hours are
 * always nearer its start than the previous shift's end.
 */
export const EARLY_ARRIVAL_MINUTES = 180;

const DAY_MINUTES = 24 * 60;
/** HH:MM as minutes after midnight. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes after midnight as HH:MM. */
export const hhmmOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * When a workday begins, in minutes from its own local midnight: the instants from then until the
 * next workday begins are the workday's. Normally 0 (its calendar date), except:
 * - after midnight, halfway through the hours off duty between one shift's end and the next one's
 *   start, when that halfway point falls after midnight. So a clock-out a little after a shift that
 *   ends the next morning (22:00–06:00: until 14:00), or just after one that ends near midnight
 *   (14:00–23:50: until 06:55; 09:00–18:00 worked late: until 01:30), counts for the shift it ends;
 * - before midnight (negative: the evening before), when the shift starts in the small hours
 *   (before 03:00) after at least six hours off duty: EARLY_ARRIVAL_MINUTES before its start
 *   (00:00–08:00: from 21:00 the evening before; 02:00–10:00: from 23:00). So an early arrival for
 *   a shift that starts just after midnight counts for it, and its clock-out the next morning too.
 * A day shift that starts later (06:00–15:00), or follows its previous one closely (00:00–23:59,
 * 00:30–21:30), keeps every instant on its calendar date.
 */
export function workdayBegins(shift: { shiftStart: string; shiftEnd: string }): number {
  const start = minutesOf(shift.shiftStart);
  const end = minutesOf(shift.shiftEnd);
  // Measured from the end's midnight: the next start is the same morning (overnight) or a day later.
  const nextStart = end > start ? start + DAY_MINUTES : start;
  const halfway = Math.floor((end + nextStart) / 2) - (end > start ? DAY_MINUTES : 0);
  if (halfway > 0) return halfway;
  // The halfway point is before midnight, so this is a day shift (end after start) whose next start
  // is `start` minutes after the next midnight; the early hours must lie in the second half of the
  // hours off duty before it.
  const early = start - EARLY_ARRIVAL_MINUTES;
  const offDuty = start + DAY_MINUTES - end;
  return early < 0 && offDuty >= 2 * EARLY_ARRIVAL_MINUTES ? early : 0;
}

/**
 * Whose an instant at `minute` after its calendar day's midnight is, given when that day's workday
 * begins (workdayBegins): -1 the previous day's workday (the small hours before it begins), 1 the
 * next day's (the evening a shift in the small hours already owns), 0 its own date's.
 */
export function workdayOffset(minute: number, begins: number): -1 | 0 | 1 {
  if (begins > 0 && minute < begins) return -1;
  if (begins < 0 && minute >= DAY_MINUTES + begins) return 1;
  return 0;
}

/**
 * The local time before which an instant still belongs to the previous workday (workdayBegins when
 * that is after midnight); null when every instant after midnight is its calendar date's.
 */
export function overnightCutoff(shift: { shiftStart: string; shiftEnd: string }): string | null {
  const begins = workdayBegins(shift);
  return begins > 0 ? hhmmOf(begins) : null;
}

/**
 * The local time from which an instant belongs to the next workday (workdayBegins when that is
 * the evening before: a shift that starts in the small hours); null when none does.
 */
export function earlyStartFrom(shift: { shiftStart: string; shiftEnd: string }): string | null {
  const begins = workdayBegins(shift);
  return begins < 0 ? hhmmOf(DAY_MINUTES + begins) : null;
}
