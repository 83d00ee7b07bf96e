// Texts the punch workflow sends.
import { renderWith, type LanguagePair, type MessageKey } from './messages';
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
