import { DEFAULT_RULES, type AttendanceRules } from '../../../domain/attendance-rules';
import { nextShiftReminder } from '../../../domain/reminders';

const rules: AttendanceRules = {
  ...DEFAULT_RULES,
  timeZone: 'Asia/Almaty',
  reminders: { beforeStartMinutes: 10, beforeEndMinutes: 15, stillClockedInAfterMinutes: 30 },
};
const at = (iso: string) => new Date(iso);

describe('Shift reminders', () => {
  test('Reminders are off by default', () => {
    expect(nextShiftReminder(DEFAULT_RULES, at('2026-11-23T00:00:00Z'))).toBeNull();
  });

  test('Before a workday starts, the next one is the start reminder; then the end reminder', () => {
    // Monday 2026-11-23, 07:00 Almaty (02:00Z): start 09:00 -> reminder 08:50 local = 03:50Z.
    expect(nextShiftReminder(rules, at('2026-11-23T02:00:00Z'))).toMatchObject({ kind: 'before-start', at: at('2026-11-23T03:50:00Z'), minutes: 10, boundary: '09:00' });
    expect(nextShiftReminder(rules, at('2026-11-23T03:50:00Z'))).toMatchObject({ kind: 'before-end', at: at('2026-11-23T12:45:00Z'), boundary: '18:00' });
  });

  test('Weekends and holidays are skipped', () => {
    // Friday 2026-11-27 after the end reminder -> Monday 2026-11-30, unless Monday is a holiday.
    expect(nextShiftReminder(rules, at('2026-11-27T13:00:00Z'))?.at).toEqual(at('2026-11-30T03:50:00Z'));
    const holiday = { ...rules, holidays: ['2026-11-30'] };
    expect(nextShiftReminder(holiday, at('2026-11-27T13:00:00Z'))?.at).toEqual(at('2026-12-01T03:50:00Z'));
  });
});
