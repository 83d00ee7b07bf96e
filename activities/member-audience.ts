// Who a notice about a member goes to, and under which name: shared by every activity that
// prepares a message for a member (see workflows/tell-member.ts).
import type { Queryable } from '../db/queryable';
import { displayNameOf, hasPrivateChat, type Member } from '../db/repositories/members';

export interface AudienceMember {
  id: number;
  telegramUserId: number;
  /** @username when they have one (a mention people recognise), else their name. */
  displayName: string;
  privateChatOpen: boolean;
}

export async function audienceMemberOf(db: Queryable, member: Member): Promise<AudienceMember> {
  return {
    id: member.id,
    telegramUserId: member.telegramUserId,
    displayName: displayNameOf(member),
    privateChatOpen: await hasPrivateChat(db, member.telegramUserId),
  };
}
