// A company admin's inbox: the pending advances, leave and corrections, and deciding one. Both go
// through services/decisions.ts, the same path as Telegram's buttons; the session's tenant scopes
// every query (row-level security), so another company's request is simply not found.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { sessionOf, tenantIdOf, type RequireSession } from '../auth/middleware';
import { getTenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { parseInput } from '../validation';
import { clientRequestId, idParam, notReady } from './params';

const decisionParams = z.object({
  kind: z.enum(['advance', 'leave', 'correction']),
  id: idParam,
});
const decisionBody = z.object({
  approve: z.boolean(),
  reason: z.string().trim().min(1).max(500).optional(),
  /** The panel's own id for this decision: a retried call with the same id is one decision. */
  requestId: clientRequestId,
});

export function requestRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();

  router.get('/api/requests', requireSession('admin'), async (_req, res) => {
    res.json({ requests: await deps.decisions.listPending(tenantIdOf(res)) });
  });

  router.post('/api/requests/:kind/:id/decision', requireSession('admin'), async (req, res) => {
    const params = parseInput(decisionParams, req.params, res);
    if (!params) return;
    const body = parseInput(decisionBody, req.body, res);
    if (!body) return;
    const session = sessionOf(res);
    const tenantId = tenantIdOf(res);
    const adminName = await nameOf(deps, tenantId, session.telegramUserId);
    const outcome = await deps.decisions.decide(
      { kind: params.kind, tenantId, requestId: params.id },
      { adminUserId: session.telegramUserId, adminName, approve: body.approve, reason: body.reason ?? null },
      `panel:${session.telegramUserId}:${body.requestId}`,
    );
    if (outcome.ok) {
      res.json(outcome.result);
      return;
    }
    if (outcome.refusal === 'not-ready') return void notReady(res);
    const status = outcome.refusal === 'not-found' ? 404 : outcome.refusal === 'already-decided' ? 409 : 403;
    res.status(status).json({ error: outcome.refusal });
  });

  return router;
}

/** How the admin is named on the request's messages: as Telegram knows them in the company's group. */
async function nameOf(deps: ApiDeps, tenantId: number, telegramUserId: number): Promise<string> {
  const tenant = await withTenant(deps.pool, tenantId, (tx) => getTenant(tx, tenantId));
  if (tenant?.telegramChatId == null) return `#${telegramUserId}`;
  const member = await deps.telegram.getChatMember(tenant.telegramChatId, telegramUserId).catch(() => undefined);
  const name = [member?.user.first_name, member?.user.last_name].filter(Boolean).join(' ');
  return name || `#${telegramUserId}`;
}
