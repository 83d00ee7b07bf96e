import { InlineKeyboard } from 'grammy';
import { label, type LanguagePair } from '../../domain/messages';
import type { Member } from '../../db/repositories/members';

export const CALLBACKS = {
  notifyOn: 'notify:on',
  notifyOff: 'notify:off',
  month: 'month',
  unregisterAsk: 'unregister:ask',
  unregisterYes: 'unregister:yes',
  unregisterNo: 'unregister:no',
} as const;

export function memberMenu(member: Member, pair: LanguagePair): InlineKeyboard {
  return new InlineKeyboard()
    .text(
      member.notify ? label('button.notifyOff', pair) : label('button.notifyOn', pair),
      member.notify ? CALLBACKS.notifyOff : CALLBACKS.notifyOn,
    )
    .row()
    .text(label('button.month', pair), CALLBACKS.month)
    .row()
    .text(label('button.unregister', pair), CALLBACKS.unregisterAsk);
}

export function unregisterConfirmation(pair: LanguagePair): InlineKeyboard {
  return new InlineKeyboard()
    .text(label('button.confirm', pair), CALLBACKS.unregisterYes)
    .text(label('button.cancel', pair), CALLBACKS.unregisterNo);
}
