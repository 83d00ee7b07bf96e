import { formatMoney } from '../../../domain/money';
import { parseAmount } from '../../../domain/money-input';

describe('Amounts people type', () => {
  test.each([
    ['1500', 'KZT', 150000],
    ['1 500,50', 'KZT', 150050],
    ['0.5', 'KZT', 50],
    ['2000', 'JPY', 2000],
  ])('%s %s is %d minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  test.each([
    ['abc', 'not-a-number'],
    ['', 'not-a-number'],
    ['12.3.4', 'not-a-number'],
    ['-5', 'not-positive'],
    ['0', 'not-positive'],
    ['0.00', 'not-positive'],
    ['1.005', 'too-precise'],
    ['100000000', 'too-large'],
  ])('%s is refused (%s)', (text, reason) => {
    expect(parseAmount(text, 'KZT')).toEqual({ ok: false, reason });
  });

  test('Yen has no minor unit', () => {
    expect(parseAmount('10.5', 'JPY')).toEqual({ ok: false, reason: 'too-precise' });
    expect(formatMoney(2000, 'JPY')).toBe('2,000 JPY');
    expect(formatMoney(150050, 'KZT')).toBe('1,500.50 KZT');
  });
});
