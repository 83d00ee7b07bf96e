// "Is this person still an admin of that company's group?", asked of Telegram and kept for a
// couple of minutes: in Redis when it answers, else in this process.
import type { ApiDeps } from '../deps';

const ADMIN_STATUSES = new Set(['creator', 'administrator']);

export type AdminCheck = (chatId: number, userId: number) => Promise<boolean>;

export function createAdminCheck(deps: Pick<ApiDeps, 'adminCache' | 'telegram' | 'adminRecheckSeconds'>): AdminCheck {
  const seconds = deps.adminRecheckSeconds ?? 120;
  const local = new Map<string, { admin: boolean; until: number }>();
  return async (chatId, userId) => {
    const key = `panel-admin:${chatId}:${userId}`;
    const cached = await deps.adminCache.get(key).catch(() => {
      const entry = local.get(key);
      return entry && entry.until > Date.now() ? (entry.admin ? '1' : '0') : null;
    });
    if (cached !== null) return cached === '1';
    const member = await deps.telegram.getChatMember(chatId, userId);
    const admin = ADMIN_STATUSES.has(member.status);
    await deps.adminCache.set(key, admin ? '1' : '0', 'EX', seconds).catch(() => {
      for (const [k, v] of local) if (v.until <= Date.now()) local.delete(k);
      local.set(key, { admin, until: Date.now() + seconds * 1000 });
    });
    return admin;
  };
}

export function isAdminStatus(status: string): boolean {
  return ADMIN_STATUSES.has(status);
}
