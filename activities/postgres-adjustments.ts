// Penalties and bonuses an admin issues: recorded once per command, then pushed to the member.
import type { Pool } from 'pg';
import type { AdjustmentInput } from '../domain/adjustment';
import { money, render, type LanguagePair } from '../domain/messages';
import { writeAudit } from '../db/repositories/audit';
import { getMember } from '../db/repositories/members';
import { audienceMemberOf, type AudienceMember } from './member-audience';
import { getTenant } from '../db/repositories/tenants';
import { one } from '../db/queryable';
import { withTenant } from '../db/tenant-scope';
import { NotFoundError } from '../db/errors';

export interface MemberAudience {
  tenant: { chatId: number | null; languagePair: LanguagePair };
  member: AudienceMember;
}

export interface RecordedAdjustment extends MemberAudience {
  adjustmentId: number;
  created: boolean;
  notice: string;
}

export function createAdjustmentActivities(deps: { pool: Pool }) {
  const { pool } = deps;
  return {
    async recordAdjustment(input: AdjustmentInput, workflowId: string): Promise<RecordedAdjustment> {
      return withTenant(pool, input.tenantId, async (tx) => {
        const tenant = await getTenant(tx, input.tenantId);
        const member = await getMember(tx, input.memberId);
        if (!tenant || !member || member.tenantId !== input.tenantId) throw new NotFoundError('adjustment for an unknown tenant or member');
        const inserted = await one<{ id: number }>(
          tx,
          `INSERT INTO adjustments (tenant_id, member_id, kind, amount, currency, reason, issued_by, source_key, workflow_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tenant_id, source_key) DO NOTHING RETURNING id`,
          [input.tenantId, input.memberId, input.kind, input.amount, input.currency, input.reason, input.issuedBy, input.sourceKey, workflowId],
        );
        const existing = inserted ?? (await one<{ id: number }>(tx, 'SELECT id FROM adjustments WHERE tenant_id = $1 AND source_key = $2', [input.tenantId, input.sourceKey]));
        if (inserted) {
          await writeAudit(tx, {
            tenantId: input.tenantId,
            actor: input.issuedBy,
            action: `adjustment.${input.kind}`,
            target: `member:${input.memberId}`,
            payload: { adjustmentId: inserted.id, amount: input.amount, currency: input.currency, reason: input.reason },
            workflowId,
          });
        }
        const audience = await audienceMemberOf(tx, member);
        const notice = render(
          input.kind === 'penalty' ? 'adjustment.notice.penalty' : 'adjustment.notice.bonus',
          { name: audience.displayName, amount: money(input.amount, input.currency), reason: input.reason },
          tenant.languagePair,
        );
        return {
          adjustmentId: existing!.id,
          created: !!inserted,
          notice,
          tenant: { chatId: tenant.telegramChatId, languagePair: tenant.languagePair },
          member: audience,
        };
      });
    },
  };
}

export type AdjustmentActivities = ReturnType<typeof createAdjustmentActivities>;
