// The sweep for requests (advances, leave, corrections) a crash left without their workflow:
// stored, but the bot died (or Temporal refused) before the start.
import type { Api } from 'grammy';
import type { StoredRequest } from '../services/decisions';
import { describeError } from '../config/logger';
import { getAdvance } from '../db/repositories/advances';
import { getCorrection } from '../db/repositories/corrections';
import { getLeave } from '../db/repositories/leave';
import { requestsNotHandedOff, type UnhandedRequest } from '../db/repositories/requests';
import { getTenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import type { BotDeps } from './context';
import { decidersOf } from './request-commands';
import { getMember } from '../db/repositories/members';

async function load(deps: Pick<BotDeps, 'pool'>, r: UnhandedRequest): Promise<StoredRequest | null> {
  return withTenant(deps.pool, r.tenantId, async (tx) => {
    if (r.kind === 'advance') {
      const request = await getAdvance(tx, r.id);
      return request ? { kind: 'advance' as const, request } : null;
    }
    if (r.kind === 'leave') {
      const request = await getLeave(tx, r.id);
      return request ? { kind: 'leave' as const, request } : null;
    }
    const request = await getCorrection(tx, r.id);
    return request ? { kind: 'correction' as const, request } : null;
  });
}

export async function sweepRequests(deps: Pick<BotDeps, 'decisions' | 'pool' | 'platformPool' | 'log'>, api: Api, olderThanSeconds: number): Promise<number> {
  let handed = 0;
  for (const r of await requestsNotHandedOff(deps.platformPool, olderThanSeconds)) {
    try {
      const tenant = await getTenant(deps.platformPool, r.tenantId);
      const stored = tenant?.telegramChatId ? await load(deps, r) : null;
      if (!tenant || !stored) continue;
      const requester = await withTenant(deps.pool, tenant.id, (tx) => getMember(tx, stored.request.memberId));
      await deps.decisions.handOff(stored, await decidersOf({ api }, tenant, requester?.telegramUserId ?? 0));
      handed += 1;
    } catch (err) {
      deps.log.warn({ err: describeError(err), kind: r.kind, requestId: r.id }, 'handing a request to Temporal failed; the next sweep retries');
    }
  }
  if (handed) deps.log.info({ handed }, 'handed over requests that had no workflow');
  return handed;
}
