// Telegram shows at most 200 characters in the notification that answers a button press, and
// refuses a longer one (400 MESSAGE_TOO_LONG): the presser would see nothing. Answers carry two
// languages and people's names, which can be 128 characters on their own, so every answer is
// fitted on its way out, each language's line shortened alike so both stay readable.
import type { Transformer } from 'grammy';

export const CALLBACK_TEXT_LIMIT = 200;

const ELLIPSIS = '…';

/** A line cut to at most `max` UTF-16 units (Telegram's count), never inside a character. */
function cut(line: string, max: number): string {
  if (line.length <= max) return line;
  let kept = '';
  for (const ch of line) {
    if (kept.length + ch.length > max - ELLIPSIS.length) break;
    kept += ch;
  }
  return kept + ELLIPSIS;
}

/** The text within the limit: unchanged when it fits, else the longest lines shortened first. */
export function fitCallbackText(text: string, limit = CALLBACK_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const lines = text.split('\n');
  // Share what the line breaks leave among the lines: a short line keeps all it needs, and the
  // rest is split evenly among the long ones.
  let budget = limit - (lines.length - 1);
  const order = lines.map((line, i) => ({ i, length: line.length })).sort((a, b) => a.length - b.length);
  const allowed: number[] = new Array(lines.length);
  order.forEach(({ i, length }, rank) => {
    const share = Math.floor(budget / (lines.length - rank));
    allowed[i] = Math.max(0, Math.min(length, share));
    budget -= allowed[i]!;
  });
  return lines
    .map((line, i) => (allowed[i]! === 0 ? '' : cut(line, allowed[i]!)))
    .filter((line, i) => line !== '' || lines[i] === '')
    .join('\n');
}

/** Fits every callback answer's text, whoever sends it. */
export function fitCallbackAnswers(): Transformer {
  return (prev, method, payload, signal) => {
    if (method === 'answerCallbackQuery') {
      const answer = payload as { text?: unknown };
      if (typeof answer.text === 'string' && answer.text.length > CALLBACK_TEXT_LIMIT) {
        return prev(method, { ...payload, text: fitCallbackText(answer.text) } as typeof payload, signal);
      }
    }
    return prev(method, payload, signal);
  };
}
