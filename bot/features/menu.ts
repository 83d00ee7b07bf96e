import { maskIin, renderParts, type LanguagePair, type MessagePart } from '../../domain/messages';
import type { Member } from '../../db/repositories/members';

/** A registered person's menu as a message part, so more parts can follow it in each language's block. */
export function menuPart(member: Member): MessagePart {
  return {
    key: 'start.menu',
    params: { name: member.fullName, maskedIin: maskIin(member.iin ?? '') },
    localized: { notifyState: member.notify ? 'state.on' : 'state.off' },
  };
}

export function menuText(member: Member, pair: LanguagePair): string {
  return renderParts([menuPart(member)], pair);
}
