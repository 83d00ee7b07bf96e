import { iinCheckDigit, validateIin } from '../../../domain/iin';

describe('IIN validation', () => {
  test.each([
    ['791028302728', '1979-10-28', 'male'],
    ['061211600012', '2006-12-11', 'female'],
    ['900101300017', '1990-01-01', 'male'],
    ['7910 2830 2728', '1979-10-28', 'male'],
  ])('When %s is sent, then it is accepted (born %s, %s)', (input, birthDate, sex) => {
    expect(validateIin(input)).toEqual({ ok: true, iin: input.replace(/\s/g, ''), birthDate, sex });
  });

  test.each([
    ['', 'format'],
    ['12345', 'format'],
    ['7910283027281', 'format'],
    ['79102830272a', 'format'],
    ['791028002728', 'century'],
    ['791028702728', 'century'],
    ['791328302728', 'birth-date'],
    ['790230302728', 'birth-date'],
    ['791028302729', 'check-digit'],
    ['821214240092', 'check-digit'],
  ])('When %s is sent, then it is refused for %s', (input, reason) => {
    expect(validateIin(input)).toEqual({ ok: false, reason });
  });

  test('When both weighted passes give 10, then no check digit exists (the number can never be valid)', () => {
    expect(iinCheckDigit([...'82121424009'].map(Number))).toBeNull();
  });

  test('When the first weighted pass gives 10, then the second weights decide', () => {
    // First pass: a 1 in position 10 weighs 10 -> 10. Second pass weighs it 1 -> 1.
    expect(iinCheckDigit([...'00000000010'].map(Number))).toBe(1);
    // First pass: a 1 in position 11 weighs 11 -> 0, no second pass needed.
    expect(iinCheckDigit([...'00000000001'].map(Number))).toBe(0);
  });

  test('February 29th is a birth date only in leap years', () => {
    expect(validateIin('000229500008')).toMatchObject({ ok: true, birthDate: '2000-02-29', sex: 'male' });
    expect(validateIin('010229500000')).toEqual({ ok: false, reason: 'birth-date' });
  });
});
