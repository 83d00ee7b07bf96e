import { maskIin, renderWith, type LanguagePair } from '../../domain/messages';
import type { Member } from '../../db/repositories/members';

export function menuText(member: Member, pair: LanguagePair): string {
  return renderWith(
    'start.menu',
    { name: member.fullName, maskedIin: maskIin(member.iin ?? '') },
    { notifyState: member.notify ? 'state.on' : 'state.off' },
    pair,
  );
}
