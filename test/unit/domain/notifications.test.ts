// A violation notice says what happened, and a penalty only where the company's rules set one.
import { renderViolationNotice, type ViolationNotice } from '../../../domain/notifications';

const late = (changes: Partial<ViolationNotice>): ViolationNotice => ({ kind: 'late', minutes: 12, amount: 0, free: false, hasPenaltyRule: false, ...changes });

describe('Violation notices', () => {
  test('When no rule prices the violation, then the notice states who and how many minutes, with no penalty line', () => {
    // Arrange
    const notice = late({ amount: 0, hasPenaltyRule: false });

    // Act
    const text = renderViolationNotice(notice, 'Aida', 'KZT', ['zh', 'en']);

    // Assert
    expect(text).toBe('⏰ Aida 迟到 12 分钟。\n⏰ Aida was 12 min late.');
    expect(text).not.toContain('Penalty');
    expect(text).not.toContain('罚款');
    expect(text).not.toContain('0.00');
  });

  test('When a rule prices the violation, then the notice shows the amount in the company currency', () => {
    const text = renderViolationNotice(late({ amount: 1_200_00, hasPenaltyRule: true }), 'Aida', 'KZT', ['zh', 'en']);

    expect(text).toContain('⏰ Aida was 12 min late. Penalty: 1,200.00 KZT');
    expect(text).toContain('罚款：1,200.00 KZT');
  });

  test('When a rule prices this many minutes at zero, then the notice still shows the penalty as 0.00', () => {
    const text = renderViolationNotice(late({ amount: 0, hasPenaltyRule: true }), 'Aida', 'KZT', ['zh', 'en']);

    expect(text).toContain('Penalty: 0.00 KZT');
  });

  test('When the violation is within the monthly free allowance, then the notice says it is free', () => {
    const text = renderViolationNotice(late({ amount: 0, free: true, hasPenaltyRule: true }), 'Aida', 'KZT', ['ru', 'en']);

    expect(text).toContain("Penalty: 0.00 KZT (within this month's free allowance)");
    expect(text).toContain('в пределах бесплатного лимита месяца');
  });

  test('When the evaluation predates the rule flag, then the amount is shown as it was before', () => {
    const { hasPenaltyRule: _dropped, ...recordedEarlier } = late({ amount: 500_00 });

    const text = renderViolationNotice(recordedEarlier, 'Aida', 'KZT', ['zh', 'en']);

    expect(text).toContain('Penalty: 500.00 KZT');
  });

  test.each([
    ['early-leave', 'left 30 min early.'],
    ['absence', 'arrived 30 min late, counted as absent.'],
    ['break-overrun', 'overran the break by 30 min.'],
  ] as const)('When a %s has no rule, then it is reported without a penalty', (kind, english) => {
    const text = renderViolationNotice({ kind, minutes: 30, amount: 0, free: false, hasPenaltyRule: false }, 'Bolat', 'KZT', ['ru', 'en']);

    expect(text).toContain(`Bolat ${english}`);
    expect(text).not.toMatch(/Penalty|Штраф/);
  });

  test('When the kind is one only the day close reports, then there is no real-time notice', () => {
    expect(renderViolationNotice({ kind: 'no-show', minutes: 540, amount: 0, free: false, hasPenaltyRule: false }, 'Aida', 'KZT', ['zh', 'en'])).toBeNull();
  });
});
