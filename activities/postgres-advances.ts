// Storage steps of the advanceRequest workflow, each scoped to the request's tenant.
import type { Pool } from 'pg';
import { DEFAULT_ADVANCES } from '../domain/attendance-rules';
import { label, render, renderWith, type LanguagePair, type MessageKey } from '../domain/messages';
import { formatMoney } from '../domain/money';
import type { Decision, DecisionResult, RequestStatus } from '../domain/requests';
import { localDate, monthBounds } from '../domain/time';
import { advancesUsed, getAdvance, memberAdvanceLimit, requestMessages, saveRequestMessages, settleAdvance, type Advance } from '../db/repositories/advances';
import { writeAudit } from '../db/repositories/audit';
import { getMember } from '../db/repositories/members';
import { rulesInForce } from '../db/repositories/rules';
import { getTenant } from '../db/repositories/tenants';
import type { Queryable } from '../db/queryable';
import { withTenant } from '../db/tenant-scope';
import { audienceMemberOf, type AudienceMember } from './member-audience';

export interface PreparedAdvance {
  tenant: { chatId: number | null; languagePair: LanguagePair };
  member: AudienceMember;
  adminText: string;
  buttons: Array<{ text: string; data: string }>;
}

export interface SettledAdvance extends DecisionResult {
  employeeText: string | null;
  adminText: string;
  member: AudienceMember;
  tenant: { chatId: number | null };
}

async function context(tx: Queryable, tenantId: number, advanceId: number) {
  const tenant = await getTenant(tx, tenantId);
  const advance = await getAdvance(tx, advanceId);
  if (!tenant || !advance) throw new Error(`advance ${advanceId} of tenant ${tenantId} not found`);
  const member = await getMember(tx, advance.memberId);
  if (!member) throw new Error(`member ${advance.memberId} not found`);
  const now = new Date();
  const rules = await rulesInForce(tx, tenantId, localDate(now, tenant.timeZone), tenant.timeZone);
  const settings = rules.advances ?? DEFAULT_ADVANCES;
  const { start, end } = monthBounds(now, tenant.timeZone);
  const limit = await memberAdvanceLimit(tx, member.id, settings.monthlyLimit);
  return { tenant, advance, member, limit, month: { start, end } };
}

function decidedText(advance: Advance, name: string, status: RequestStatus, by: string | null, pair: LanguagePair): string {
  const outcome = `advance.outcome.${status === 'pending' ? 'expired' : status}` as MessageKey;
  return renderWith('advance.decided', { name, amount: formatMoney(advance.amount, advance.currency), admin: by ?? '—' }, { outcome }, pair);
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
          adminText: render('advance.adminRequest', {
            name: audience.displayName,
            amount: formatMoney(advance.amount, advance.currency),
            reason: advance.reason ?? '—',
            used: formatMoney(used, advance.currency),
            limit: formatMoney(limit, advance.currency),
          }, pair),
          buttons: [
            { text: label('button.approve', pair), data: `adv:${tenantId}:${advanceId}:a` },
            { text: label('button.reject', pair), data: `adv:${tenantId}:${advanceId}:r` },
          ],
        };
      });
    },

    /** Records the decision once; approval re-checks the monthly limit under the member's lock. */
    async settleAdvance(tenantId: number, advanceId: number, decision: Decision | 'expire', workflowId: string): Promise<SettledAdvance> {
      return withTenant(pool, tenantId, async (tx) => {
        const { tenant, advance, member, limit, month } = await context(tx, tenantId, advanceId);
        const audience = await audienceMemberOf(tx, member);
        const pair = tenant.languagePair;
        const decidedBy = decision === 'expire' ? null : `telegram:${decision.adminUserId}`;
        if (decision !== 'expire' && decision.approve && advance.status === 'pending') {
          await tx.query('SELECT id FROM members WHERE id = $1 FOR UPDATE', [member.id]);
          const approved = await advancesUsed(tx, tenantId, member.id, month, true, advance.id);
          if (approved + advance.amount > limit) {
            return { status: 'pending', decidedBy: null, refused: 'over-limit', employeeText: null, adminText: '', member: audience, tenant: { chatId: tenant.telegramChatId } };
          }
        }
        const status = decision === 'expire' ? 'expired' : decision.approve ? 'approved' : 'rejected';
        const settled = await settleAdvance(tx, advance.id, { status, decidedBy, reason: decision === 'expire' ? null : decision.reason ?? null });
        const deciderName = decision === 'expire' || settled.decidedBy !== decidedBy ? null : decision.adminName;
        if (advance.status === 'pending') {
          await writeAudit(tx, {
            tenantId,
            actor: decidedBy ?? 'system:expiry',
            action: `advance.${settled.status}`,
            target: `advance:${advance.id}`,
            payload: { amount: advance.amount, currency: advance.currency, memberId: member.id },
            workflowId,
          });
        }
        const amount = formatMoney(advance.amount, advance.currency);
        const employeeKey = `advance.${settled.status === 'pending' ? 'expired' : settled.status}` as MessageKey;
        return {
          status: settled.status,
          decidedBy: settled.decidedBy,
          employeeText: render(employeeKey, { amount }, pair),
          adminText: decidedText(advance, audience.displayName, settled.status, deciderName, pair),
          member: audience,
          tenant: { chatId: tenant.telegramChatId },
        };
      });
    },

    async rememberRequestMessages(tenantId: number, workflowId: string, messages: Array<{ chatId: number; messageId: number }>): Promise<void> {
      await withTenant(pool, tenantId, (tx) => saveRequestMessages(tx, tenantId, workflowId, messages));
    },

    async requestMessagesOf(tenantId: number, workflowId: string): Promise<Array<{ chatId: number; messageId: number }>> {
      return withTenant(pool, tenantId, (tx) => requestMessages(tx, workflowId));
    },
  };
}

export type AdvanceActivities = ReturnType<typeof createAdvanceActivities>;
