// A button's answer fits Telegram's 200 characters, both languages still there.
import { CALLBACK_TEXT_LIMIT, fitCallbackText } from '../../../bot/callback-text';

describe('Fitting a callback answer', () => {
  test('When the answer fits, then it is unchanged', () => {
    const text = '✅ Aida 上班 09:05\n✅ Aida started the day at 09:05';
    expect(fitCallbackText(text)).toBe(text);
  });

  test('When a long name makes both lines too long, then each line is shortened alike and both languages stay', () => {
    // Arrange: Telegram allows 64 characters of first name and 64 of last name.
    const name = `${'Алтынбек'.repeat(8)} ${'Нурмухамедов'.repeat(5)}`;
    const text = `✅ ${name} 上班 23:55（计入 2026年11月25日 的班次）\n✅ ${name} started the day at 23:55 · counts for the shift of Nov 25, 2026`;

    // Act
    const fitted = fitCallbackText(text);

    // Assert
    expect(text.length).toBeGreaterThan(CALLBACK_TEXT_LIMIT);
    expect(fitted.length).toBeLessThanOrEqual(CALLBACK_TEXT_LIMIT);
    const [zh, en] = fitted.split('\n');
    expect(zh).toMatch(/^✅ Алтынбек.*…$/);
    expect(en).toMatch(/^✅ Алтынбек.*…$/);
    expect(Math.abs(zh!.length - en!.length)).toBeLessThanOrEqual(1);
  });

  test('When one line is short, then it is kept whole and the long one gets the rest', () => {
    const text = `OK\n${'x'.repeat(300)}`;
    const fitted = fitCallbackText(text);
    expect(fitted.length).toBe(CALLBACK_TEXT_LIMIT);
    expect(fitted.startsWith('OK\nxxx')).toBe(true);
    expect(fitted.endsWith('…')).toBe(true);
  });

  test('When the cut falls inside an emoji, then the emoji is left out, not split', () => {
    // An emoji is two of Telegram's units: after 198 letters only the ellipsis still fits.
    expect(fitCallbackText(`${'a'.repeat(198)}😀😀`)).toBe(`${'a'.repeat(198)}…`);
    expect(fitCallbackText(`${'a'.repeat(197)}😀😀`)).toBe(`${'a'.repeat(197)}😀…`);
  });
});
