import { InlineKeyboard, Keyboard } from 'grammy';
import { CLOCK_KEYWORDS } from '../../domain/clock-in';
import { label, type LanguagePair } from '../../domain/messages';

export const clockCallback = (word: string) => `clock:${word}`;
export const JOIN_CALLBACK = 'join';
export const SETUP_CALLBACK = 'setup';

export function clockInKeyboard(pair: LanguagePair): InlineKeyboard {
  return new InlineKeyboard()
    .text(label('button.clock.in', pair), clockCallback('in'))
    .text(label('button.clock.out', pair), clockCallback('out'))
    .row()
    .text(label('button.clock.lunch', pair), clockCallback('lunch'))
    .text(label('button.clock.break', pair), clockCallback('break'))
    .text(label('button.clock.smoke', pair), clockCallback('smoke'))
    .row()
    .text(label('button.clock.back', pair), clockCallback('back'))
    .text(label('button.join', pair), JOIN_CALLBACK);
}

/** The Chinese keywords as a reply keyboard: pressing one sends it as a message. */
export function keywordKeyboard(): Keyboard {
  const [a, b, c, d, e, f] = Object.keys(CLOCK_KEYWORDS);
  return new Keyboard().text(a!).text(b!).row().text(c!).text(d!).text(e!).row().text(f!).resized().persistent();
}

export function setupKeyboard(pair: LanguagePair): InlineKeyboard {
  return new InlineKeyboard().text(label('button.setup', pair), SETUP_CALLBACK);
}
