import { DEFAULT_RULES, earlyStartFrom, earnsCompDay, overnightCutoff, fullWorkdayMinutes, judgeDay, workdayBegins, workedMinutes, type ClockEvent } from '../../../domain/attendance-rules';
import { correctedInstant, parseCorrection } from '../../../domain/correction';
import { workdayOf, workdayResolver } from '../../../domain/clock-in';
import { parseDay, parseLeave, workdaysIn } from '../../../domain/leave';
import { decidersFor } from '../../../domain/requests';

const today = '2026-11-23'; // a Monday

describe('Dates people type', () => {
  test.each([
    ['2026-12-01', '2026-12-01'],
    ['1.12.2026', '2026-12-01'],
    ['01.12', '2026-12-01'],
    ['01/12', '2026-12-01'],
    ['today', today],
    ['明天', '2026-11-24'],
    ['вчера', '2026-11-22'],
  ])('%s is %s', (text, day) => {
    expect(parseDay(text, today)).toBe(day);
  });

  test.each(['31.02', '2026-13-01', 'someday', '12', '1.2.3.4'])('%s is not a date', (text) => {
    expect(parseDay(text, today)).toBeNull();
  });
});

describe('/leave arguments', () => {
  test('one day, with a reason', () => {
    expect(parseLeave('sick today flu and fever', today)).toEqual({ ok: true, ask: { type: 'sick', from: today, to: today, reason: 'flu and fever' } });
  });

  test('a range in Chinese words', () => {
    expect(parseLeave('事假 25.11 26.11', today)).toEqual({ ok: true, ask: { type: 'personal', from: '2026-11-25', to: '2026-11-26', reason: null } });
  });

  test.each([
    ['', 'usage'],
    ['sick', 'usage'],
    ['holiday today', 'type'],
    ['sick 32.11', 'date'],
    ['sick 25.11 31.11 reason', 'date'],
    ['sick 26.11 25.11', 'order'],
    ['personal 2026-12-01 2027-03-01', 'too-long'],
    ['sick 2026-08-01', 'too-far-back'],
    ['comp 2028-01-01', 'too-far-ahead'],
  ])('"%s" is refused (%s)', (args, problem) => {
    expect(parseLeave(args, today)).toMatchObject({ ok: false, problem });
  });

  test('a malformed date names the text it could not read', () => {
    expect(parseLeave('sick 2026-11-31', today)).toEqual({ ok: false, problem: 'date', text: '2026-11-31' });
  });

  test('workdays in a range skip weekends and holidays', () => {
    expect(workdaysIn(DEFAULT_RULES, '2026-11-20', '2026-11-24')).toBe(3); // Fri, Mon, Tue
    expect(workdaysIn({ ...DEFAULT_RULES, holidays: ['2026-11-23'] }, '2026-11-20', '2026-11-24')).toBe(2);
    expect(workdaysIn(DEFAULT_RULES, '2026-11-21', '2026-11-22')).toBe(0);
  });
});

describe('/fix arguments', () => {
  const now = new Date('2026-11-23T12:00:00+05:00');

  test('a forgotten start this morning', () => {
    expect(parseCorrection('today start 9:05 forgot', DEFAULT_RULES, now)).toEqual({
      ok: true,
      ask: { workday: today, action: 'in', time: '09:05', punchedAt: '2026-11-23T04:05:00.000Z', reason: 'forgot' },
    });
  });

  test('Chinese keywords name the clock-in too', () => {
    expect(parseCorrection('22.11 下班 18:00', DEFAULT_RULES, now)).toMatchObject({ ok: true, ask: { action: 'out', workday: '2026-11-22' } });
  });

  test.each([
    ['today start', 'usage'],
    ['soon start 09:00', 'date'],
    ['today arrive 09:00', 'action'],
    ['today start 25:00', 'time'],
    ['today start 9', 'time'],
    ['today end 18:00', 'future'],
    ['2026-10-01 start 09:00', 'too-far-back'],
  ])('"%s" is refused (%s)', (args, problem) => {
    expect(parseCorrection(args, DEFAULT_RULES, now)).toMatchObject({ ok: false, problem });
  });

  test('on an overnight shift, a time before the start belongs to the next calendar day', () => {
    const night = { ...DEFAULT_RULES, shiftStart: '22:00', shiftEnd: '06:00' };
    expect(correctedInstant(night, '2026-11-20', '05:30').toISOString()).toBe('2026-11-21T00:30:00.000Z');
    expect(correctedInstant(night, '2026-11-20', '22:10').toISOString()).toBe('2026-11-20T17:10:00.000Z');
  });
});

describe('Leave days and comp days in the rules engine', () => {
  const at = (hhmm: string, day = today) => new Date(`${day}T${hhmm}:00+05:00`).toISOString();
  const late: ClockEvent[] = [{ kind: 'start', at: at('11:00'), ref: 1 }];

  test('a day on approved leave finds nothing, not even a late start', () => {
    const rules = { ...DEFAULT_RULES, penalties: { late: { mode: 'fixed' as const, amount: 100 } } };
    expect(judgeDay(rules, today, late, { closed: true }).violations.map((v) => v.kind)).toEqual(['late', 'missing-clock-out']);
    expect(judgeDay(rules, today, late, { closed: true, onLeave: true }).violations).toEqual([]);
    expect(judgeDay(rules, today, [], { closed: true, onLeave: true }).violations).toEqual([]);
  });

  test('worked minutes leave out breaks', () => {
    const day: ClockEvent[] = [
      { kind: 'start', at: at('09:00') },
      { kind: 'break-out', breakType: 'lunch', at: at('13:00') },
      { kind: 'back', at: at('14:00') },
      { kind: 'end', at: at('18:00') },
    ];
    expect(workedMinutes(day)).toBe(8 * 60);
    expect(fullWorkdayMinutes(DEFAULT_RULES, today)).toBe(8 * 60);
  });

  test('a full day on a Saturday earns a comp day; a short one or a weekday does not', () => {
    const saturday = '2026-11-21';
    const full: ClockEvent[] = [{ kind: 'start', at: at('09:00', saturday) }, { kind: 'end', at: at('17:00', saturday) }];
    expect(earnsCompDay(DEFAULT_RULES, saturday, full)).toEqual({ earned: true, minutes: 480 });
    const short: ClockEvent[] = [{ kind: 'start', at: at('09:00', saturday) }, { kind: 'end', at: at('16:59', saturday) }];
    expect(earnsCompDay(DEFAULT_RULES, saturday, short).earned).toBe(false);
    const open: ClockEvent[] = [{ kind: 'start', at: at('09:00', saturday) }];
    expect(earnsCompDay(DEFAULT_RULES, saturday, open).earned).toBe(false);
    const weekday: ClockEvent[] = [{ kind: 'start', at: at('09:00') }, { kind: 'end', at: at('18:00') }];
    expect(earnsCompDay(DEFAULT_RULES, today, weekday).earned).toBe(false);
  });
});

describe('Who decides a request', () => {
  test('the admins except the person asking, unless they are the only admin', () => {
    expect(decidersFor([1, 2, 3], 2)).toEqual([1, 3]);
    expect(decidersFor([2], 2)).toEqual([2]);
    expect(decidersFor([1, 3], 2)).toEqual([1, 3]);
  });
});

describe('Which workday an instant belongs to on an overnight shift', () => {
  const night = { ...DEFAULT_RULES, timeZone: 'Asia/Almaty', shiftStart: '22:00', shiftEnd: '06:00' };
  const local = (iso: string) => new Date(`${iso}+05:00`);

  test('a clock-out a little after the night ends counts for that night, until halfway to the next start', () => {
    expect(workdayOf(local('2026-11-21T05:55:00'), night)).toBe('2026-11-20');
    expect(workdayOf(local('2026-11-21T06:10:00'), night)).toBe('2026-11-20');
    expect(workdayOf(local('2026-11-21T13:59:00'), night)).toBe('2026-11-20');
    expect(workdayOf(local('2026-11-21T14:00:00'), night)).toBe('2026-11-21');
    expect(workdayOf(local('2026-11-21T21:50:00'), night)).toBe('2026-11-21');
  });

  test('a shift ending just before midnight keeps a clock-out in the small hours, until halfway to the next start', () => {
    const late = { ...night, shiftStart: '14:00', shiftEnd: '23:50' };
    expect(overnightCutoff(late)).toBe('06:55');
    expect(workdayOf(local('2026-11-21T23:55:00'), late)).toBe('2026-11-21');
    expect(workdayOf(local('2026-11-22T00:05:00'), late)).toBe('2026-11-21');
    expect(workdayOf(local('2026-11-22T06:54:00'), late)).toBe('2026-11-21');
    expect(workdayOf(local('2026-11-22T06:55:00'), late)).toBe('2026-11-22');
    expect(correctedInstant(late, '2026-11-21', '00:20').toISOString()).toBe('2026-11-21T19:20:00.000Z');
  });

  test('a day shift worked late keeps a clock-out after midnight; one whose off-duty middle is before midnight keeps its calendar date', () => {
    const office = { ...night, shiftStart: '09:00', shiftEnd: '18:00' };
    expect(overnightCutoff(office)).toBe('01:30');
    expect(workdayOf(local('2026-11-21T00:30:00'), office)).toBe('2026-11-20');
    expect(workdayOf(local('2026-11-21T01:30:00'), office)).toBe('2026-11-21');
    const early = { ...night, shiftStart: '06:00', shiftEnd: '15:00' };
    expect(overnightCutoff(early)).toBeNull();
    expect(workdayOf(local('2026-11-21T00:30:00'), early)).toBe('2026-11-21');
    expect(overnightCutoff({ shiftStart: '08:00', shiftEnd: '16:00' })).toBeNull();
  });

  test('a correction of a night takes its morning times on the next calendar day', () => {
    expect(correctedInstant(night, '2026-11-20', '06:10').toISOString()).toBe('2026-11-21T01:10:00.000Z');
  });

  test('an early arrival for a shift that starts in the small hours counts for that shift, and so does its clock-out', () => {
    const midnight = { ...night, shiftStart: '00:00', shiftEnd: '08:00' };
    expect(workdayBegins(midnight)).toBe(-180);
    expect(earlyStartFrom(midnight)).toBe('21:00');
    expect(overnightCutoff(midnight)).toBeNull();
    expect(workdayOf(local('2026-11-20T20:59:00'), midnight)).toBe('2026-11-20');
    expect(workdayOf(local('2026-11-20T21:00:00'), midnight)).toBe('2026-11-21');
    expect(workdayOf(local('2026-11-20T23:55:00'), midnight)).toBe('2026-11-21');
    expect(workdayOf(local('2026-11-21T08:05:00'), midnight)).toBe('2026-11-21');
    expect(earlyStartFrom({ shiftStart: '02:00', shiftEnd: '10:00' })).toBe('23:00');
    expect(earlyStartFrom({ shiftStart: '00:00', shiftEnd: '18:00' })).toBe('21:00');
    // Less than six hours off duty before it: the evening is as near the last shift's end, and stays its.
    expect(earlyStartFrom({ shiftStart: '00:00', shiftEnd: '18:01' })).toBeNull();
    expect(earlyStartFrom({ shiftStart: '00:30', shiftEnd: '21:30' })).toBeNull();
    expect(earlyStartFrom({ shiftStart: '00:00', shiftEnd: '23:59' })).toBeNull();
    expect(workdayOf(local('2026-11-20T23:59:30'), { ...midnight, shiftEnd: '23:59' })).toBe('2026-11-20');
    // A shift starting at three or later keeps its calendar date; so do overnight shifts.
    expect(earlyStartFrom({ shiftStart: '03:00', shiftEnd: '11:00' })).toBeNull();
    expect(earlyStartFrom({ shiftStart: '06:00', shiftEnd: '15:00' })).toBeNull();
    expect(earlyStartFrom(night)).toBeNull();
    // Many instants at once decide the same.
    const resolve = workdayResolver(midnight.timeZone, () => midnight);
    expect(['2026-11-20T20:59:00', '2026-11-20T23:55:00', '2026-11-21T08:05:00'].map((t) => resolve(local(t).getTime()))).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-21',
    ]);
    // A correction's evening time on such a workday is the evening before it.
    expect(correctedInstant(midnight, '2026-11-21', '23:55').toISOString()).toBe('2026-11-20T18:55:00.000Z');
    expect(correctedInstant(midnight, '2026-11-21', '08:05').toISOString()).toBe('2026-11-21T03:05:00.000Z');
  });
});
