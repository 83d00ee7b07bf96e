import { DEFAULT_RULES, judgeDay, type AttendanceRules, type ClockEvent } from '../../../domain/attendance-rules';
import { datesOfMonth, previousMonth, prorate, repriceViolations, rulesOn, summarizeMemberMonth, type MemberMonthInput, type MonthContext, type StandingViolation } from '../../../domain/month-summary';

const rules: AttendanceRules = {
  ...DEFAULT_RULES,
  timeZone: 'Asia/Almaty',
  penalties: {
    late: { mode: 'fixed', amount: 1000, freePerMonth: 1 },
    'no-show': { mode: 'fixed', amount: 5000 },
  },
};

// November 2026: the 1st is a Sunday; 21 workdays Monday to Friday.
const month = '2026-11';
const dates = datesOfMonth(month);
const ctx = (over: Partial<MonthContext> = {}): MonthContext => ({
  dates,
  today: '2026-12-05',
  closedDays: new Set(dates),
  rulesFor: () => rules,
  ...over,
});
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const at = (d: number, hhmm: string) => new Date(`${day(d)}T${hhmm}:00+05:00`).toISOString();

function worked(days: number[]): Map<string, ClockEvent[]> {
  return new Map(days.map((d) => [day(d), [{ kind: 'start', at: at(d, '08:55') }, { kind: 'end', at: at(d, '18:05') }] as ClockEvent[]]));
}

const workdays = dates.filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));

const base = (over: Partial<MemberMonthInput> = {}): MemberMonthInput => ({
  joinedOn: '2026-01-01',
  leftOn: null,
  baseSalary: 300_000_00,
  eventsByDay: worked(workdays.map((d) => Number(d.slice(8)))),
  leaveByDay: new Map(),
  violations: [],
  compEarned: 0,
  adjustmentPenalties: 0,
  bonuses: 0,
  advances: 0,
  ...over,
});

describe('months and rules versions', () => {
  test('every date of a month, and the month before a day', () => {
    expect(datesOfMonth('2026-02')).toHaveLength(28);
    expect(datesOfMonth('2028-02')).toHaveLength(29);
    expect(previousMonth('2026-01-01')).toBe('2025-12');
    expect(previousMonth('2026-03-31')).toBe('2026-02');
  });

  test('a day is priced by the newest version in force on it', () => {
    const later = { ...rules, shiftStart: '10:00' };
    const versions = [{ effectiveFrom: '2026-11-01', rules }, { effectiveFrom: '2026-11-16', rules: later }];
    expect(rulesOn(versions, '2026-11-15', DEFAULT_RULES)).toBe(rules);
    expect(rulesOn(versions, '2026-11-16', DEFAULT_RULES)).toBe(later);
    expect(rulesOn(versions, '2026-10-31', DEFAULT_RULES)).toBe(rules);
    expect(rulesOn([], '2026-10-31', DEFAULT_RULES)).toBe(DEFAULT_RULES);
  });
});

describe('prorate: the one rounding rule of pay', () => {
  test('half away from zero, on whole minor units', () => {
    expect(prorate(100, 1, 3)).toBe(33); // 33.33
    expect(prorate(200, 1, 3)).toBe(67); // 66.67
    expect(prorate(5, 1, 2)).toBe(3); // 2.5 → 3
    expect(prorate(-5, 1, 2)).toBe(-3);
    expect(prorate(300_000_00, 20, 21)).toBe(28_571_429); // 28,571,428.57 → …429
    expect(prorate(1000, 0, 21)).toBe(0);
    expect(prorate(1000, 5, 0)).toBe(0);
  });

  test('large salaries do not lose precision', () => {
    expect(prorate(9_000_000_000_000, 21, 22)).toBe(8_590_909_090_909);
  });
});

describe('a member month', () => {
  test('a full month worked: every workday present, paid in full', () => {
    const m = summarizeMemberMonth(base(), ctx());
    expect(m.totals.daysDue).toBe(21);
    expect(m.totals.daysWorked).toBe(21);
    expect(m.totals.minutesWorked).toBe(21 * (9 * 60 + 10));
    expect(m.payroll).toMatchObject({ workingDays: 21, unpaidDays: 0, paymentDays: 21, earned: 300_000_00, net: 300_000_00 });
    expect(m.days.find((d) => d.day === day(2))!.codes).toEqual(['P']);
    expect(m.days.find((d) => d.day === day(1))!.codes).toEqual(['R']);
  });

  test('no-shows and unpaid leave are unpaid; paid leave and holidays are not', () => {
    const events = worked(workdays.map((d) => Number(d.slice(8))));
    for (const d of [3, 4, 5, 6, 9]) events.delete(day(d));
    const m = summarizeMemberMonth(
      base({
        eventsByDay: events,
        leaveByDay: new Map([[day(4), 'sick'], [day(5), 'personal'], [day(6), 'comp']]),
        violations: [{ id: 1, day: day(3), kind: 'no-show', minutes: 540, amount: 5000, free: false, voided: false }],
        bonuses: 2000,
        advances: 50_000_00,
        adjustmentPenalties: 500,
      }),
      ctx({ rulesFor: () => ({ ...rules, holidays: [day(9)] }) }),
    );
    // 9 Nov is a holiday: 20 working days; 3 Nov no-show and 5 Nov personal leave are unpaid.
    expect(m.payroll.workingDays).toBe(20);
    expect(m.payroll.unpaidDays).toBe(2);
    expect(m.payroll.paymentDays).toBe(18);
    expect(m.payroll.earned).toBe(prorate(300_000_00, 18, 20));
    expect(m.payroll.penalties).toBe(5000 + 500);
    expect(m.payroll.net).toBe(m.payroll.earned - 5500 + 2000 - 50_000_00);
    expect(m.totals.leaveDays).toEqual({ sick: 1, personal: 1, comp: 1 });
    expect(m.totals.compSpent).toBe(1);
    expect(m.totals.noShows).toBe(1);
    const codes = Object.fromEntries(m.days.map((d) => [d.day, d.codes.join(' ')]));
    expect([codes[day(3)], codes[day(4)], codes[day(5)], codes[day(6)], codes[day(9)]]).toEqual(['N', 'S', 'V', 'C', 'H']);
  });

  test('someone who joined mid-month is paid from their first day; days after today are not yet due', () => {
    const m = summarizeMemberMonth(base({ joinedOn: day(16) }), ctx({ today: day(20), closedDays: new Set(dates.filter((d) => d <= day(19))) }));
    // Workdays 16–20 Nov are due (5); 2–13 Nov (10 workdays) were before joining; 23–30 Nov not yet.
    expect(m.totals.daysDue).toBe(5);
    expect(m.payroll.unpaidDays).toBe(10);
    expect(m.days.find((d) => d.day === day(10))!.codes).toEqual(['F']);
    expect(m.days.find((d) => d.day === day(25))!.codes).toEqual(['F']);
  });

  test('today before its close is open, not a no-show', () => {
    const events = worked([2]);
    const m = summarizeMemberMonth(base({ eventsByDay: events }), ctx({ today: day(3), closedDays: new Set([day(2)]) }));
    expect(m.days.find((d) => d.day === day(3))!.codes).toEqual(['O']);
  });

  test('a workday attendance was paused on is not tracked when nobody could clock in: not due, not a no-show, paid; worked, it counts as usual', () => {
    const events = worked(workdays.map((d) => Number(d.slice(8))));
    events.delete(day(10));
    events.delete(day(11));
    const paused = new Set([day(10), day(12), day(14)]); // the 14th is a Saturday
    const m = summarizeMemberMonth(
      base({ eventsByDay: events, violations: [{ id: 1, day: day(12), kind: 'late', minutes: 20, amount: 1000, free: false, voided: false }] }),
      ctx({ pausedDays: paused }),
    );
    const codes = Object.fromEntries(m.days.map((d) => [d.day, d.codes.join(' ')]));
    // 10th: paused, nobody clocked in; 11th: not paused, not worked (no close ran for it here); 12th: worked late while paused.
    expect([codes[day(10)], codes[day(11)], codes[day(12)], codes[day(14)]]).toEqual(['X', 'N', 'L', 'R']);
    expect(m.totals.daysDue).toBe(20);
    expect(m.totals.daysWorked).toBe(19);
    expect(m.totals.lateCount).toBe(1);
    expect(m.payroll).toMatchObject({ workingDays: 21, unpaidDays: 0, paymentDays: 21, earned: 300_000_00 });
    // Without the pause the 10th is an unworked due day, as before.
    expect(summarizeMemberMonth(base({ eventsByDay: events }), ctx()).days.find((d) => d.day === day(10))!.codes).toEqual(['N']);
  });

  test('without a base salary, no pay is worked out', () => {
    expect(summarizeMemberMonth(base({ baseSalary: null }), ctx()).payroll).toMatchObject({ earned: 0, net: null });
  });
});

describe('the statement of record: violations priced again from what stands', () => {
  const late = (id: number, d: number, amount: number, voided = false): StandingViolation => ({ id, day: day(d), kind: 'late', minutes: 12, amount, free: amount === 0, voided });

  test('a voided violation frees the monthly allowance for a later one', () => {
    // At the time: the first late was free, the second charged 1,000. Then the first was voided.
    const money = repriceViolations({ violations: [late(1, 3, 0, true), late(2, 10, 1000)], adjustmentPenalties: 0, bonuses: 0, advances: 0 }, { rulesFor: () => rules });
    expect(money).toMatchObject({ chargedPenalties: 1000, voidedPenalties: 0, repricedPenalties: 0, repricingDifference: -1000 });
  });

  test('a voided charged violation is subtracted from what was charged', () => {
    const money = repriceViolations({ violations: [late(1, 3, 0), late(2, 10, 1000, true), late(3, 11, 1000)], adjustmentPenalties: 0, bonuses: 0, advances: 0 }, { rulesFor: () => rules });
    expect(money).toMatchObject({ chargedPenalties: 1000, voidedPenalties: 1000, repricedPenalties: 1000, repricingDifference: 0 });
  });

  test('each day is priced by its own rules version', () => {
    const dearer = { ...rules, penalties: { late: { mode: 'fixed' as const, amount: 3000 } } };
    const money = repriceViolations(
      { violations: [late(1, 3, 0), late(2, 20, 3000)], adjustmentPenalties: 0, bonuses: 0, advances: 0 },
      { rulesFor: (d) => (d >= day(16) ? dearer : rules) },
    );
    expect(money.repricedPenalties).toBe(3000);
  });
});

describe('the day close finds a break never ended', () => {
  test('a member still out on a break when the day closes', () => {
    const events: ClockEvent[] = [
      { kind: 'start', at: at(2, '08:50'), ref: 1 },
      { kind: 'break-out', breakType: 'lunch', at: at(2, '17:00'), ref: 2 },
    ];
    const closed = judgeDay(rules, day(2), events, { closed: true });
    expect(closed.violations.map((v) => [v.kind, v.minutes])).toEqual([['missing-clock-out', 0], ['unended-break', 60]]);
    expect(judgeDay(rules, day(2), events, { closed: false }).violations).toEqual([]);
  });

  test('a break closed by clocking out is not "never ended"', () => {
    const events: ClockEvent[] = [
      { kind: 'start', at: at(2, '08:50') },
      { kind: 'break-out', breakType: 'short', at: at(2, '17:00') },
      { kind: 'end', at: at(2, '18:01') },
    ];
    expect(judgeDay(rules, day(2), events, { closed: true }).violations.map((v) => v.kind)).toEqual([]);
  });
});
