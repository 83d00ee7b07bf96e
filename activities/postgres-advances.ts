// Storage steps of the advanceRequest workflow, each scoped to the request's tenant.
import type { Pool } from 'pg';
import { DEFAULT_ADVANCES } from '../domain/attendance-rules';
import { money, renderParts, type LanguagePair } from '../domain/messages';
import type { RequestStatus, Settling } from '../domain/requests';
import { localDate, monthBounds } from '../domain/time';
import { advancesUsed, getAdvance, memberAdvanceLimit, settleAdvance, type Advance } from '../db/repositories/advances';
import { getMember } from '../db/repositories/members';
import { rulesInForce } from '../db/repositories/rules';
import { getTenant } from '../db/repositories/tenants';
import type { Queryable } from '../db/queryable';
import { withTenant } from '../db/tenant-scope';
import { audienceMemberOf } from './member-audience';
import { auditDecision, deciderName, decisionButtons, reasonPart, settlementOf, type PreparedRequest, type SettledRequest } from './request-outcome';
import { outcomeKey } from '../domain/request-lines';
import { NotFoundError } from '../db/errors';

export type PreparedAdvance = PreparedRequest;
export type SettledAdvance = SettledRequest;

async function context(tx: Queryable, tenantId: number, advanceId: number) {
  const tenant = await getTenant(tx, tenantId);
  const advance = await getAdvance(tx, advanceId);
  if (!tenant || !advance) throw new NotFoundError(`advance ${advanceId} of tenant ${tenantId} not found`);
  const member = await getMember(tx, advance.memberId);
  if (!member) throw new NotFoundError(`member ${advance.memberId} not found`);
  const now = new Date();
  const rules = await rulesInForce(tx, tenantId, localDate(now, tenant.timeZone), tenant.timeZone);
  const settings = rules.advances ?? DEFAULT_ADVANCES;
  const { start, end } = monthBounds(now, tenant.timeZone);
  const limit = await memberAdvanceLimit(tx, member.id, settings.monthlyLimit);
  return { tenant, advance, member, limit, month: { start, end } };
}

function decidedText(advance: Advance, name: string, status: RequestStatus, by: string | null, reason: string | null, pair: LanguagePair): string {
  return renderParts(
    [{ key: 'advance.decided', params: { name, amount: money(advance.amount, advance.currency), admin: by ?? '—' }, localized: { outcome: outcomeKey(status) } }, ...reasonPart(status, reason)],
    pair,
  );
}

export function createAdvanceActivities(deps: { pool: Pool }) {
  const { pool } = deps;

  return {
    async prepareAdvanceRequest(tenantId: number, advanceId: number): Promise<PreparedAdvance> {
      return withTenant(pool, tenantId, async (tx) => {
        const { tenant, advance, member, limit, month } = await context(tx, tenantId, advanceId);
        const audience = await audienceMemberOf(tx, member);
        // What the member already has this month, not counting this request.
        const used = await advancesUsed(tx, tenantId, member.id, month, false, advance.id);
        const pair = tenant.languagePair;
        return {
          tenant: { chatId: tenant.telegramChatId, languagePair: pair },
          member: audience,
          adminText: renderParts([
            {
              key: 'advance.adminRequest',
              params: {
                name: audience.displayName,
                amount: money(advance.amount, advance.currency),
                reason: advance.reason ?? '—',
                used: money(used, advance.currency),
                limit: money(limit, advance.currency),
              },
            },
            { key: 'request.replyToReject' },
          ], pair),
          buttons: decisionButtons('advance', advance.uid, pair),
        };
      });
    },

    /** Records the decision once; approval re-checks the monthly limit under the member's lock. */
    async settleAdvance(tenantId: number, advanceId: number, settling: Settling, workflowId: string): Promise<SettledAdvance> {
      return withTenant(pool, tenantId, async (tx) => {
        const { tenant, advance, member, limit, month } = await context(tx, tenantId, advanceId);
        const audience = await audienceMemberOf(tx, member);
        const pair = tenant.languagePair;
        const outcome = settlementOf(settling);
        if (outcome.status === 'approved' && advance.status === 'pending') {
          await tx.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [member.id]);
          const approved = await advancesUsed(tx, tenantId, member.id, month, true, advance.id);
          if (approved + advance.amount > limit) {
            return { status: 'pending', decidedBy: null, refused: 'over-limit', employeeText: null, adminText: '', member: audience, tenant: { chatId: tenant.telegramChatId } };
          }
        }
        const { advance: settled, wasPending } = await settleAdvance(tx, advance.id, outcome);
        if (wasPending) {
          await auditDecision(tx, {
            tenantId, kind: 'advance', id: advance.id, status: settled.status, decidedBy: settled.decidedBy, reason: settled.decisionReason, workflowId,
            payload: { amount: advance.amount, currency: advance.currency, memberId: member.id },
          });
        }
        const amount = money(advance.amount, advance.currency);
        const employeeKey = `advance.${settled.status === 'pending' ? 'expired' : settled.status}` as const;
        return {
          status: settled.status,
          decidedBy: settled.decidedBy,
          employeeText: renderParts([{ key: employeeKey, params: { amount } }, ...reasonPart(settled.status, settled.decisionReason)], pair),
          adminText: decidedText(advance, audience.displayName, settled.status, deciderName(settling, settled.decidedBy), settled.decisionReason, pair),
          member: audience,
          tenant: { chatId: tenant.telegramChatId },
        };
      });
    },
  };
}

export type AdvanceActivities = ReturnType<typeof createAdvanceActivities>;
