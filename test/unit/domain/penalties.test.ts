// The /setup reply's account of a company's penalties, and whether a kind has a rule at all.
import { DEFAULT_RULES, type AttendanceRules } from '../../../domain/attendance-rules';
import { describePenalties, hasPenaltyRule } from '../../../domain/penalties';

const withPenalties = (penalties: AttendanceRules['penalties'], currency = 'KZT') => ({ ...DEFAULT_RULES, penalties, currency });

describe('The penalties summary', () => {
  test('When no penalties are set, then it says so and that violations are still reported, in each language', () => {
    // Arrange
    const rules = DEFAULT_RULES;

    // Act
    const english = describePenalties(rules, 'en');
    const chinese = describePenalties(rules, 'zh');

    // Assert
    expect(english).toContain('No penalties are set');
    expect(english).toContain('still recorded and the person is told');
    expect(chinese).toContain('未设置罚款');
    expect(english).not.toMatch(/\d/);
  });

  test('When penalties are configured, then each kind shows its fixed, per-minute, tiered and free terms in the currency', () => {
    const rules = withPenalties({
      late: { mode: 'per-minute', amount: 100_00, tiers: [{ fromMinutes: 30, mode: 'fixed', amount: 5_000_00 }], freePerMonth: 2 },
      'early-leave': { mode: 'fixed', amount: 3_000_00 },
    });

    const english = describePenalties(rules, 'en');
    const chinese = describePenalties(rules, 'zh');

    expect(english.split('\n')).toEqual([
      'Penalties:',
      '• Late arrival: 100.00 KZT per minute; from 30 min: 5,000.00 KZT each time; the first 2 each month free',
      '• Early leave: 3,000.00 KZT each time',
      'Other violations are still recorded and the person is told, without a penalty.',
    ]);
    expect(chinese).toContain('• 迟到：每分钟 100.00 KZT；30 分钟起：每次 5,000.00 KZT；每月前 2 次免罚');
    expect(chinese).toContain('• 早退：每次 3,000.00 KZT');
  });

  test('When every kind a clock-in reveals has a rule, then there is no line about unpriced violations', () => {
    const fixed = { mode: 'fixed' as const, amount: 1_000 };
    const rules = withPenalties({ late: fixed, absence: fixed, 'early-leave': fixed, 'break-overrun': fixed }, 'JPY');

    const english = describePenalties(rules, 'en');

    expect(english).toContain('• Break overrun: 1,000 JPY each time');
    expect(english).not.toContain('Other violations');
  });
});

describe('Whether a kind has a penalty rule', () => {
  test('When a rule exists, even one whose tier prices some minutes at zero, then it has a rule; otherwise not', () => {
    const rules = withPenalties({ late: { mode: 'fixed', amount: 0, tiers: [{ fromMinutes: 10, mode: 'fixed', amount: 500_00 }] } });

    expect(hasPenaltyRule(rules, 'late')).toBe(true);
    expect(hasPenaltyRule(rules, 'early-leave')).toBe(false);
    expect(hasPenaltyRule(DEFAULT_RULES, 'late')).toBe(false);
  });
});
