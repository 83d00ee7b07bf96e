// Penalties and bonuses: issuing one (the `adjustment` workflow records it once per panel request
// id and tells the member at once, as /penalty and /bonus do in the group) and the list.
import { Router } from 'express';
import { z } from 'zod';
import { adjustmentWorkflowId } from '../../domain/adjustment';
import { currencyDecimals } from '../../domain/money';
import { parseAmount, SANITY_MAXIMUM_MAJOR } from '../../domain/money-input';
import { localDate } from '../../domain/time';
import { displayNameOf, getMember } from '../../db/repositories/members';
import { rulesInForce } from '../../db/repositories/rules';
import { getTenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { sessionOf, tenantIdOf, type RequireSession } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { parseInput, refuseInput } from '../validation';
import { clientRequestId, dateParam, idParam } from './params';

const issueBody = z
  .object({
    memberId: z.number().int().positive(),
    kind: z.enum(['penalty', 'bonus']),
    amount: z.string().trim().min(1).max(32),
    reason: z.string().trim().min(1, 'a reason is required').max(500),
    requestId: clientRequestId,
  })
  .strict();

const listQuery = z.object({
  member: idParam.optional(),
  kind: z.enum(['penalty', 'bonus']).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
});

export function adjustmentRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.post('/api/adjustments', requireSession('admin'), async (req, res) => {
    const body = parseInput(issueBody, req.body, res);
    if (!body) return;
    const tenantId = tenantIdOf(res);
    const found = await withTenant(deps.pool, tenantId, async (tx) => {
      const tenant = await getTenant(tx, tenantId);
      const member = await getMember(tx, body.memberId);
      if (!tenant || !member || member.tenantId !== tenantId || !member.active) return undefined;
      return { tenant, member, rules: await rulesInForce(tx, tenantId, localDate(now(), tenant.timeZone), tenant.timeZone) };
    });
    if (!found) {
      res.status(404).json({ error: 'not-found', field: 'memberId' });
      return;
    }
    const currency = found.rules.currency;
    const amount = parseAmount(body.amount, currency);
    if (!amount.ok) {
      const decimals = currencyDecimals(currency);
      refuseInput(
        res, 'amount',
        { code: 'money', reason: amount.reason, currency, decimals, maximum: SANITY_MAXIMUM_MAJOR },
        `must be a positive amount in ${currency} with at most ${decimals} decimals, below ${SANITY_MAXIMUM_MAJOR.toLocaleString('en-US')}`,
      );
      return;
    }
    const session = sessionOf(res);
    const sourceKey = `panel:${session.telegramUserId}:${body.requestId}`;
    const status = await deps.decisions.issueAdjustment({
      tenantId, memberId: found.member.id, kind: body.kind, amount: amount.minor, currency, reason: body.reason,
      issuedBy: `panel:${session.telegramUserId}`, sourceKey,
    });
    res.status(status === 'issued' ? 201 : 200).json({ status, workflowId: adjustmentWorkflowId(found.tenant.uid, sourceKey), member: displayNameOf(found.member) });
  });

  router.get('/api/adjustments', requireSession('admin'), async (req, res) => {
    const query = parseInput(listQuery, req.query, res);
    if (!query) return;
    const tenantId = tenantIdOf(res);
    const answer = await withTenant(deps.pool, tenantId, async (tx) => {
      const tenant = await getTenant(tx, tenantId);
      if (!tenant) throw new Error(`tenant ${tenantId} not found`);
      const rules = await rulesInForce(tx, tenantId, localDate(now(), tenant.timeZone), tenant.timeZone);
      const { rows } = await tx.query<{
        id: number; member_id: number; full_name: string; telegram_username: string | null; kind: 'penalty' | 'bonus'; amount: string; currency: string;
        reason: string; issued_by: string; created_at: Date; workflow_id: string;
      }>(
        `SELECT a.id, a.member_id, m.full_name, m.telegram_username, a.kind, a.amount, a.currency, a.reason, a.issued_by, a.created_at, a.workflow_id
         FROM adjustments a JOIN members m ON m.id = a.member_id
         WHERE a.tenant_id = $1
           AND ($2::bigint IS NULL OR a.member_id = $2) AND ($3::text IS NULL OR a.kind = $3)
           AND ($4::date IS NULL OR a.created_at >= ($4::date::timestamp AT TIME ZONE $6))
           AND ($5::date IS NULL OR a.created_at < (($5::date + 1)::timestamp AT TIME ZONE $6))
         ORDER BY a.created_at DESC, a.id DESC LIMIT 500`,
        [tenantId, query.member ?? null, query.kind ?? null, query.from ?? null, query.to ?? null, tenant.timeZone],
      );
      return {
        currency: rules.currency,
        adjustments: rows.map((r) => ({
          id: r.id, memberId: r.member_id, memberName: displayNameOf({ telegramUsername: r.telegram_username, fullName: r.full_name }),
          kind: r.kind, amount: Number(r.amount), currency: r.currency.trim(), reason: r.reason, issuedBy: r.issued_by, at: r.created_at, workflowId: r.workflow_id,
        })),
      };
    });
    res.json(answer);
  });

  return router;
}
