// Texts the punch workflow sends.
import type { ViolationKind } from './attendance-rules';
import { money, renderWith, translate, type LanguagePair, type MessageKey } from './messages';
import type { PunchKind } from './punch';
import { formatLocalDateTime } from './time';

export interface PunchNotice {
  kind: PunchKind;
  punchedAt: string;
  employeeName: string;
  terminal: string | null;
  timeZone: string;
}

export function renderPunchNotice(notice: PunchNotice, pair: LanguagePair): string {
  const localized: Record<string, MessageKey> = { kind: `punch.kind.${notice.kind}` };
  const params: Record<string, string> = {
    name: notice.employeeName,
    time: formatLocalDateTime(notice.punchedAt, notice.timeZone),
    zone: notice.timeZone,
  };
  if (notice.terminal) params.terminal = notice.terminal;
  else localized.terminal = 'terminal.unknown';
  return renderWith('punch.recorded', params, localized, pair);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The text as Telegram HTML with the member's name turned into a mention, so a member who never
 * opened the bot is still notified in the group.
 */
export function withMention(text: string, name: string, telegramUserId: number): string {
  const link = `<a href="tg://user?id=${telegramUserId}">${escapeHtml(name)}</a>`;
  return escapeHtml(text).split(escapeHtml(name)).join(link);
}

export interface ViolationNotice {
  kind: ViolationKind;
  minutes: number;
  amount: number;
  free: boolean;
  /**
   * Whether the rules price this kind at all: without a rule the notice states the violation and
   * no penalty. Absent from evaluations recorded before it existed; the amount is shown then, as it was.
   */
  hasPenaltyRule?: boolean;
}

/** The message for a violation found in real time; null for kinds only the day's close reports. */
export function renderViolationNotice(v: ViolationNotice, name: string, currency: string, pair: LanguagePair): string | null {
  const kind = v.kind;
  if (kind !== 'late' && kind !== 'absence' && kind !== 'early-leave' && kind !== 'break-overrun') return null;
  const unpriced = v.hasPenaltyRule === false && !v.free;
  return pair
    .map((language) => {
      if (unpriced) return translate(`violation.${kind}.noPenalty`, language, { name, minutes: v.minutes });
      const amount = v.free ? translate('violation.free', language, { amount: money(0, currency) }) : money(v.amount, currency);
      return translate(`violation.${kind}`, language, { name, minutes: v.minutes, amount });
    })
    .join('\n');
}
