// A penalty or bonus an admin issues.
import { money, renderWith, type LanguagePair } from './messages';

export interface AdjustmentInput {
  tenantId: number;
  memberId: number;
  kind: 'penalty' | 'bonus';
  amount: number;
  currency: string;
  reason: string;
  issuedBy: string;
  /** The command that issued it (chat and message): a repeat of the same command is a no-op. */
  sourceKey: string;
}

/** The short acknowledgement an admin sees in the group. */
export function renderAdjustmentAck(kind: AdjustmentInput['kind'], name: string, amount: number, currency: string, pair: LanguagePair): string {
  return renderWith('adjustment.recorded', { name, amount: money(amount, currency) }, { kind: `adjustment.kind.${kind}` }, pair);
}

/**
 * `adjustment:<tenant uid>:<source key>`: the source key is Telegram's chat and message (or the
 * panel's own request id), never a serial of ours, so the id never repeats.
 */
export function adjustmentWorkflowId(tenantUid: string, sourceKey: string): string {
  return `adjustment:${tenantUid}:${sourceKey}`;
}
