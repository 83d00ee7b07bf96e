// How one language's template is filled: plurals, amounts and dates each in that language's way.
import { date, money, render, translate } from '../../../../domain/messages';
import { formatTemplate } from '../../../../domain/messages/format';

const NBSP = '\u00a0';

describe('Plurals', () => {
  test('When an English text counts days and punches, then one is singular and more are plural', () => {
    expect(translate('month.total', 'en', { days: 1, count: 1 })).toBe('1 day, 1 punch in total');
    expect(translate('month.total', 'en', { days: 2, count: 5 })).toBe('2 days, 5 punches in total');
  });

  test.each([
    [1, '1 день'],
    [2, '2 дня'],
    [5, '5 дней'],
    [11, '11 дней'],
    [21, '21 день'],
    [22, '22 дня'],
  ])('When Russian counts %i days, then the noun takes the form "%s"', (n, expected) => {
    expect(formatTemplate('{n, plural, one {# день} few {# дня} many {# дней} other {# дня}}', 'ru-RU', { n })).toBe(expected);
  });

  test('When a Russian limit is 31 or 62 days, then the words agree with the number', () => {
    expect(translate('fix.tooFarBack', 'ru', { max: 31 })).toBe('❌ Исправить можно только последний 31 день.');
    expect(translate('leave.tooFarBack', 'ru', { max: 62 })).toContain('не раньше чем 62 дня назад');
    expect(translate('leave.tooFarAhead', 'ru', { max: 366 })).toContain('через 366 дней');
  });

  test('When Chinese counts, then every number takes the one form', () => {
    expect(formatTemplate('{n, plural, other {# 天}}', 'zh-CN', { n: 1 })).toBe('1 天');
    expect(translate('month.total', 'zh', { days: 1, count: 2 })).toBe('共 1 天，2 次打卡');
  });

  test('When an exact =0 branch exists, then it wins over the category', () => {
    expect(translate('adjustment.badAmount', 'en', { decimals: 0, max: money(100_000_000, 'JPY') })).toBe(
      '❌ The amount must be a positive whole number, below 100,000,000 JPY.',
    );
    expect(translate('adjustment.badAmount', 'en', { decimals: 2, max: money(100_000_000_00, 'KZT') })).toContain('number with at most 2 decimals, below 100,000,000.00 KZT');
  });

  test('When a branch holds a placeholder, then it is filled too', () => {
    const template = '{n, plural, one {# request from {name}} other {# requests from {name}}}';
    expect(formatTemplate(template, 'en-US', { n: 1, name: 'Aida' })).toBe('1 request from Aida');
    expect(formatTemplate(template, 'en-US', { n: 3, name: 'Aida' })).toBe('3 requests from Aida');
  });

  test('When the count is not a number, then "other" is taken and the value shown as it is', () => {
    expect(formatTemplate('{n, plural, one {# day} other {# days}}', 'en-US', { n: 'several' })).toBe('several days');
  });

  test('When a plural is malformed, then it is shown as text rather than lost', () => {
    expect(formatTemplate('{n, plural, one {# day}', 'en-US', { n: 1 })).toBe('{n, plural, one {# day}');
  });
});

describe('Amounts', () => {
  test('When an amount is shown, then each language groups and marks decimals its own way, with the currency code', () => {
    const amount = { amount: money(120_000, 'KZT') };
    expect(translate('advance.approved', 'en', amount)).toBe('✅ Your advance of 1,200.00 KZT was approved.');
    expect(translate('advance.approved', 'zh', amount)).toBe('✅ 您的 1,200.00 KZT 预支已批准。');
    expect(translate('advance.approved', 'ru', amount)).toBe(`✅ Ваш аванс 1${NBSP}200,00 KZT одобрен.`);
    expect(translate('advance.approved', 'kk', amount)).toBe(`✅ 1${NBSP}200,00 KZT авансыңыз мақұлданды.`);
  });

  test('When a currency has no minor units, then no decimals are shown', () => {
    expect(formatTemplate('{amount}', 'en-US', { amount: money(2000, 'jpy') })).toBe('2,000 JPY');
  });

  test('When an amount is negative, then the sign is kept', () => {
    expect(formatTemplate('{amount}', 'ru-RU', { amount: money(-150_050, 'KZT') })).toBe(`-1${NBSP}500,50 KZT`);
  });

  test('When one text is rendered in two languages, then each block has its own form of the amount', () => {
    expect(render('advance.submitted', { amount: money(2_000_000, 'KZT') }, ['ru', 'en'])).toBe(
      `📨 Запрос аванса на 20${NBSP}000,00 KZT отправлен администраторам. Ответ придёт сюда.\n` +
        '📨 Your advance request for 20,000.00 KZT went to the admins. You will hear back here.',
    );
  });
});

describe('Dates and plain values', () => {
  test('When a calendar day is shown, then each language writes it as a readable date', () => {
    const day = { d: date('2026-03-01') };
    expect(formatTemplate('{d}', 'en-US', day)).toBe('Mar 1, 2026');
    expect(formatTemplate('{d}', 'zh-CN', day)).toBe('2026年3月1日');
    expect(formatTemplate('{d}', 'ru-RU', day)).toBe('1 мар. 2026 г.');
    expect(formatTemplate('{d}', 'kk-KZ', day)).toMatch(/^2026 ж\. 0?1 нау\.$/);
  });

  test('When the machine is far east or far west of UTC, then the day shown is still the same day', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        process.env.TZ = tz;
        expect(formatTemplate('{d}', 'en-US', { d: date('2026-12-31') })).toBe('Dec 31, 2026');
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  test('When a value is not a calendar day, then it is shown as given', () => {
    expect(formatTemplate('{d}', 'en-US', { d: date('tomorrow') })).toBe('tomorrow');
  });

  test('When a number is an id or a year, then it gets no grouping separators', () => {
    expect(formatTemplate('#{id} in {year}', 'en-US', { id: 1_234_567, year: 2026 })).toBe('#1234567 in 2026');
  });

  test('When a param is missing, then its placeholder stays visible', () => {
    expect(translate('greeting.hello', 'en')).toBe('👋 Hello, {name}!');
    expect(translate('month.total', 'en', { count: 2 })).toBe('{days}, 2 punches in total');
  });
});
