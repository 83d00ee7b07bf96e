// Group members as the bot meets them: joined on first contact, linked to their IIN
// registration when they have one, and the join audited.
import type { ChatMember, User } from 'grammy/types';
import { writeAudit } from '../db/repositories/audit';
import { findRegistration, groupMembershipsOfUser, joinGroupMember, linkRegistration, type Member, type Registration } from '../db/repositories/members';
import type { Tenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import type { BotDeps } from './context';
import { tenantsWithOwnSites } from '../services/site-directory';

export function telegramName(user: Pick<User, 'first_name' | 'last_name' | 'username'>): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username || 'member';
}

/** Whether someone (the bot included) is in the group: a restricted one only while still a member. */
export function isInGroup(m: ChatMember): boolean {
  return m.status === 'creator' || m.status === 'administrator' || m.status === 'member' || (m.status === 'restricted' && m.is_member);
}

export async function memberOfGroup(deps: Pick<BotDeps, 'pool' | 'platformPool'>, tenant: Tenant, user: User): Promise<{ member: Member; joined: boolean }> {
  const registration = await findRegistration(deps.platformPool, user.id);
  return withTenant(deps.pool, tenant.id, async (tx) => {
    const result = await joinGroupMember(tx, tenant.id, { id: user.id, username: user.username ?? null, fullName: telegramName(user) }, registration);
    if (result.joined) {
      await writeAudit(tx, { tenantId: tenant.id, actor: `telegram:${user.id}`, action: 'member.joined', target: `member:${result.member.id}` });
    }
    return result;
  });
}

/** A person registered their IIN: the groups they joined before now count their terminal punches too. */
export async function linkRegistrationToGroups(deps: Pick<BotDeps, 'pool' | 'platformPool'>, telegramUserId: number, registration: Registration): Promise<void> {
  const memberships = await groupMembershipsOfUser(deps.platformPool, telegramUserId);
  // A company with its own BioTime knows the person by that site's code (linked from its directory).
  const ownSites = await tenantsWithOwnSites(deps.platformPool, memberships.map((m) => m.tenantId));
  for (const { tenantId, memberId } of memberships) {
    if (ownSites.has(tenantId)) continue;
    await withTenant(deps.pool, tenantId, async (tx) => {
      if (await linkRegistration(tx, memberId, registration)) {
        await writeAudit(tx, { tenantId, actor: `telegram:${telegramUserId}`, action: 'member.linked', target: `member:${memberId}` });
      }
    });
  }
}
