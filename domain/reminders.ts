// When the group's next shift reminder is due, from the rules in force.
import { DateTime } from 'luxon';
import { DEFAULT_REMINDERS, isWorkday, shiftWindow, type AttendanceRules } from './attendance-rules';

export interface DueReminder {
  kind: 'before-start' | 'before-end';
  at: Date;
  minutes: number;
  /** The shift boundary it announces, HH:MM local. */
  boundary: string;
}

/** The first reminder strictly after `after`, looking a week ahead; null when reminders are off. */
export function nextShiftReminder(rules: AttendanceRules, after: Date): DueReminder | null {
  const { beforeStartMinutes, beforeEndMinutes } = rules.reminders ?? DEFAULT_REMINDERS;
  if (beforeStartMinutes === null && beforeEndMinutes === null) return null;
  const today = DateTime.fromJSDate(after).setZone(rules.timeZone).startOf('day');
  const due: DueReminder[] = [];
  for (let d = -1; d <= 8; d++) {
    const workday = today.plus({ days: d }).toISODate() ?? '';
    if (!isWorkday(rules, workday)) continue;
    const { start, end } = shiftWindow(rules, workday);
    if (beforeStartMinutes !== null) {
      due.push({ kind: 'before-start', at: new Date(start.getTime() - beforeStartMinutes * 60_000), minutes: Math.round(beforeStartMinutes), boundary: rules.shiftStart });
    }
    if (beforeEndMinutes !== null) {
      due.push({ kind: 'before-end', at: new Date(end.getTime() - beforeEndMinutes * 60_000), minutes: Math.round(beforeEndMinutes), boundary: rules.shiftEnd });
    }
  }
  return due.filter((r) => r.at > after).sort((a, b) => a.at.getTime() - b.at.getTime())[0] ?? null;
}
