// The answer to a clock-in names the shift it counts for when that is not the calendar date.
import { DEFAULT_RULES } from '../../../domain/attendance-rules';
import { renderClockDone } from '../../../domain/clock-in';

const night = { ...DEFAULT_RULES, timeZone: 'Asia/Almaty', shiftStart: '00:00', shiftEnd: '08:00' };
const overnight = { ...DEFAULT_RULES, timeZone: 'Asia/Almaty', shiftStart: '22:00', shiftEnd: '06:00' };
const office = { ...DEFAULT_RULES, timeZone: 'Asia/Almaty', shiftStart: '09:00', shiftEnd: '18:00' };
// Asia/Almaty is UTC+5.
const almaty = (iso: string) => new Date(`${iso}+05:00`);

describe('The answer to a clock-in', () => {
  test('When someone due at 00:00 clocks in at 23:55 the evening before, then the answer says it counts for the next day, in both languages', () => {
    expect(renderClockDone('in', 'Anna', almaty('2026-11-24T23:55:00'), night, ['zh', 'en'])).toBe(
      '✅ Anna 上班 23:55（计入 2026年11月25日 的班次）\n✅ Anna started the day at 23:55 · counts for the shift of Nov 25, 2026',
    );
  });

  test('When the clock-in is on the workday\'s own date, then the answer is as ever', () => {
    expect(renderClockDone('out', 'Anna', almaty('2026-11-25T08:05:00'), night, ['ru', 'kk'])).toBe('✅ Anna закончил(а) день в 08:05\n✅ Anna жұмыс күнін 08:05 аяқтады');
    expect(renderClockDone('in', 'Anna', almaty('2026-11-25T08:55:00'), office, ['zh', 'en'])).toBe('✅ Anna 上班 08:55\n✅ Anna started the day at 08:55');
  });

  test('When an overnight shift clocks out in the small hours, then the answer names the shift that began the evening before', () => {
    const text = renderClockDone('out', 'Boris', almaty('2026-11-25T06:10:00'), overnight, ['ru', 'en']);
    expect(text).toMatch(/ · засчитывается в смену 24 нояб\. 2026 г\.\n/);
    expect(text).toMatch(/ended the day at 06:10 · counts for the shift of Nov 24, 2026$/);
  });
});
