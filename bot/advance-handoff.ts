// The sweep for advance requests a crash left without their workflow.
import type { Api } from 'grammy';
import type { BotDeps } from './context';
import { describeError } from '../config/logger';
import { advancesNotHandedOff } from '../db/repositories/advances';
import { getTenant } from '../db/repositories/tenants';
import { handOffAdvance } from './features/advances';

export async function sweepAdvances(deps: Pick<BotDeps, 'temporal' | 'pool' | 'platformPool' | 'log'>, api: Api, olderThanSeconds: number): Promise<number> {
  let handed = 0;
  for (const advance of await advancesNotHandedOff(deps.platformPool, olderThanSeconds)) {
    try {
      const tenant = await getTenant(deps.platformPool, advance.tenantId);
      if (!tenant?.telegramChatId) continue;
      const admins = (await api.getChatAdministrators(tenant.telegramChatId)).filter((a) => !a.user.is_bot).map((a) => a.user.id);
      await handOffAdvance(deps, tenant, advance, admins, advance.expiresAt);
      handed += 1;
    } catch (err) {
      deps.log.warn({ err: describeError(err), advanceId: advance.id }, 'handing an advance request to Temporal failed; the next sweep retries');
    }
  }
  if (handed) deps.log.info({ handed }, 'handed over advance requests that had no workflow');
  return handed;
}
