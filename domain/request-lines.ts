// The status line under an employee's own message about a request (its confirmation, a /requests
// listing): waiting while it is, the outcome once settled. The message is edited to its text with
// the outcome under it, so none reads "waiting" for a request that is decided.
import { label, type LanguagePair, type MessageKey } from './messages';
import type { RequestStatus } from './requests';

/** Telegram's limit on a message's text. */
const TEXT_LIMIT = 4096;

/** The outcome's label for a request's status ("✅ Approved", ...); one still pending when asked is one that expired. */
export function outcomeKey(status: RequestStatus): MessageKey {
  return `request.outcome.${status === 'pending' ? 'expired' : status}`;
}

/** "⏳ 等待审批 · ⏳ Waiting for a decision" */
export function waitingLine(pair: LanguagePair): string {
  return label('requests.waiting', pair);
}

/** The message's text about the request with the outcome under it, within Telegram's limit. */
export function withOutcome(text: string, status: RequestStatus, pair: LanguagePair): string {
  const line = label(outcomeKey(status), pair);
  const room = TEXT_LIMIT - line.length - 1;
  const body = text.length <= room ? text : `${text.slice(0, room - 1)}…`;
  return `${body}\n${line}`;
}
