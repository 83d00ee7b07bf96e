import { DEFAULT_RULES, judgeDay, penaltyAmount, shiftWindow, type AttendanceRules, type ClockEvent } from '../../../domain/attendance-rules';

const rules: AttendanceRules = {
  ...DEFAULT_RULES,
  timeZone: 'Asia/Almaty', // UTC+5, no DST
  holidays: ['2026-12-16'],
  penalties: {
    late: { mode: 'per-minute', amount: 100_00, freePerMonth: 1 },
    'early-leave': { mode: 'fixed', amount: 2_000_00 },
    'break-overrun': { mode: 'per-minute', amount: 50_00, tiers: [{ fromMinutes: 30, mode: 'fixed', amount: 5_000_00 }] },
    'no-show': { mode: 'fixed', amount: 10_000_00 },
  },
};

// Local Almaty time -> ISO instant.
const t = (local: string) => new Date(`${local}:00+05:00`).toISOString();
const day = (events: ClockEvent[], closed = false, prior = {}) => judgeDay(rules, '2026-11-23', events, { closed, priorThisMonth: prior });

describe('Rules engine: one workday', () => {
  test.each<[string, ClockEvent[], boolean, object, Array<Record<string, unknown>>]>([
    ['on time, full day', [{ kind: 'start', at: t('2026-11-23T08:58') }, { kind: 'end', at: t('2026-11-23T18:01') }], true, {}, []],
    ['inside the late grace', [{ kind: 'start', at: t('2026-11-23T09:05') }], false, {}, []],
    ['late, first of the month is free', [{ kind: 'start', at: t('2026-11-23T09:12') }], false, {}, [{ kind: 'late', minutes: 12, amount: 0, free: true }]],
    ['late, after the free one: per minute', [{ kind: 'start', at: t('2026-11-23T09:12') }], false, { late: 1 }, [{ kind: 'late', minutes: 12, amount: 1_200_00, free: false }]],
    ['past the absence threshold: absent, not late', [{ kind: 'start', at: t('2026-11-23T13:00') }], false, {}, [{ kind: 'absence', minutes: 240, amount: 0 }]],
    ['early departure beyond grace: fixed', [{ kind: 'start', at: t('2026-11-23T09:00') }, { kind: 'end', at: t('2026-11-23T17:30') }], false, {}, [{ kind: 'early-leave', minutes: 30, amount: 2_000_00 }]],
    ['no show, day closed', [], true, {}, [{ kind: 'no-show', minutes: 540, amount: 10_000_00 }]],
    ['no start yet, day open: nothing', [], false, {}, []],
    ['no clock-out when the day closes', [{ kind: 'start', at: t('2026-11-23T09:00') }], true, {}, [{ kind: 'missing-clock-out', minutes: 0 }]],
    [
      'smoke break 4 minutes over: per minute',
      [{ kind: 'start', at: t('2026-11-23T09:00') }, { kind: 'break-out', breakType: 'smoke', at: t('2026-11-23T10:00') }, { kind: 'back', at: t('2026-11-23T10:14') }],
      false, {}, [{ kind: 'break-overrun', minutes: 4, amount: 200_00, breakType: 'smoke' }],
    ],
    [
      'lunch 40 minutes over: the 30-minute tier applies',
      [{ kind: 'start', at: t('2026-11-23T09:00') }, { kind: 'break-out', breakType: 'lunch', at: t('2026-11-23T13:00') }, { kind: 'back', at: t('2026-11-23T14:40') }],
      false, {}, [{ kind: 'break-overrun', minutes: 40, amount: 5_000_00, breakType: 'lunch' }],
    ],
    [
      'a break past the daily number counts whole',
      [
        { kind: 'start', at: t('2026-11-23T09:00') },
        { kind: 'break-out', breakType: 'lunch', at: t('2026-11-23T12:00') }, { kind: 'back', at: t('2026-11-23T12:30') },
        { kind: 'break-out', breakType: 'lunch', at: t('2026-11-23T15:00') }, { kind: 'back', at: t('2026-11-23T15:10') },
      ],
      false, {}, [{ kind: 'break-overrun', minutes: 10, amount: 500_00, breakType: 'lunch' }],
    ],
  ])('%s', (_name, events, closed, prior, expected) => {
    const verdict = day(events, closed, prior);
    expect(verdict.isWorkday).toBe(true);
    expect(verdict.violations).toEqual(expected.map((v) => expect.objectContaining(v)));
  });

  test('A holiday and a weekend are not workdays: no lateness, no no-show', () => {
    expect(judgeDay(rules, '2026-12-16', [{ kind: 'start', at: t('2026-12-16T11:00') }], { closed: true }).violations).toEqual([]);
    const sunday = judgeDay(rules, '2026-11-22', [], { closed: true });
    expect(sunday).toMatchObject({ isWorkday: false, violations: [] });
  });

  test('An overnight shift belongs to the day it starts', () => {
    const night: AttendanceRules = { ...rules, shiftStart: '22:00', shiftEnd: '06:00' };
    expect(shiftWindow(night, '2026-11-23')).toEqual({ start: new Date(t('2026-11-23T22:00')), end: new Date(t('2026-11-24T06:00')) });
    const verdict = judgeDay(night, '2026-11-23', [{ kind: 'start', at: t('2026-11-23T22:20') }, { kind: 'end', at: t('2026-11-24T05:30') }], { closed: true, priorThisMonth: { late: 5 } });
    expect(verdict.violations).toEqual([
      expect.objectContaining({ kind: 'late', minutes: 20 }),
      expect.objectContaining({ kind: 'early-leave', minutes: 30 }),
    ]);
  });

  test('Shift times follow the zone across a DST change', () => {
    const berlin: AttendanceRules = { ...rules, timeZone: 'Europe/Berlin' };
    expect(shiftWindow(berlin, '2026-03-27').start.toISOString()).toBe('2026-03-27T08:00:00.000Z'); // CET
    expect(shiftWindow(berlin, '2026-03-30').start.toISOString()).toBe('2026-03-30T07:00:00.000Z'); // CEST
    const verdict = judgeDay(berlin, '2026-03-30', [{ kind: 'start', at: '2026-03-30T07:03:00.000Z' }], { closed: false });
    expect(verdict.violations).toEqual([]); // 09:03 local: inside the grace
  });

  test('Penalty amounts: fixed, per minute, tiers, no rule', () => {
    expect(penaltyAmount({ mode: 'fixed', amount: 500 }, 99)).toBe(500);
    expect(penaltyAmount({ mode: 'per-minute', amount: 7 }, 6)).toBe(42);
    const tiered = { mode: 'per-minute' as const, amount: 10, tiers: [{ fromMinutes: 15, mode: 'fixed' as const, amount: 300 }, { fromMinutes: 60, mode: 'fixed' as const, amount: 1000 }] };
    expect([5, 15, 59, 60, 200].map((m) => penaltyAmount(tiered, m))).toEqual([50, 300, 300, 1000, 1000]);
    expect(penaltyAmount(undefined, 30)).toBe(0);
  });
});

describe('Rules engine: fractional allowances', () => {
  test('A 3-second allowance overrun by a second counts as one started minute', () => {
    const quick: AttendanceRules = { ...rules, breaks: { ...rules.breaks, smoke: { minutesPerBreak: 0.05, breaksPerDay: 3 } } };
    const verdict = judgeDay(quick, '2026-11-23', [
      { kind: 'start', at: t('2026-11-23T09:00') },
      { kind: 'break-out', breakType: 'smoke', at: '2026-11-23T05:00:00.000Z' },
      { kind: 'back', at: '2026-11-23T05:00:04.000Z' },
    ], { closed: false });
    expect(verdict.violations).toEqual([expect.objectContaining({ kind: 'break-overrun', minutes: 1, amount: 50_00 })]);
  });
});
