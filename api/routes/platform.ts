// The super admin's panel: every company with its subscription (change the state, extend a
// trial, suspend and resume: the bot refuses or accepts clock-ins from the next one on), who
// administers what, live sessions (and ending them), and the platform audit log (audit.ts).
import { Router } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit';
import { inTransaction } from '../../db/queryable';
import { changeSubscription, companiesOverview, getTenant, SUBSCRIPTION_STATES, type SubscriptionState } from '../../db/repositories/tenants';
import { liveSessions, revokeSessionsOf } from '../../db/repositories/web-sessions';
import { applyRules } from '../../services/rules';
import { describeError } from '../../config/logger';
import { sessionOf, type RequireSession } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { formatted, parseInput } from '../validation';
import { idParam, notFound } from './params';

const telegramUserId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const subscriptionBody = z
  .object({
    state: z.enum(SUBSCRIPTION_STATES as [SubscriptionState, ...SubscriptionState[]]).optional(),
    extendTrialDays: z.number().int().min(1).max(365).optional(),
    plan: formatted(/^[a-z0-9-]{1,32}$/, 'lowercase-name', 'must be 1 to 32 of a-z, 0-9 and -').optional(),
  })
  .strict()
  .refine((b) => b.state !== undefined || b.extendTrialDays !== undefined || b.plan !== undefined, 'name a state, extendTrialDays or a plan');

export function platformRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  // The platform path (no tenant scope) throughout: these views span every company by definition.
  router.get('/api/platform/companies', requireSession('super'), async (_req, res) => {
    res.json({ companies: await companiesOverview(deps.platformPool, now()) });
  });

  router.post('/api/platform/companies/:id/subscription', requireSession('super'), async (req, res) => {
    const id = parseInput(idParam, req.params.id, res);
    if (id === undefined) return;
    const body = parseInput(subscriptionBody, req.body, res);
    if (!body) return;
    const tenant = await inTransaction(deps.platformPool, async (tx) => {
      const done = await changeSubscription(tx, id, body, now(), `panel:${sessionOf(res).telegramUserId}`);
      if (!done) return undefined;
      const { before, after } = done;
      await writeAudit(tx, {
        tenantId: id, actor: `panel:${sessionOf(res).telegramUserId}`, action: 'subscription.changed', target: `tenant:${id}`,
        payload: { ...body, from: before.subscriptionState, to: after.subscriptionState, trialEndsAt: after.trialEndsAt?.toISOString() ?? null },
      });
      return after;
    });
    if (!tenant) return notFound(res);
    // The bot reads the state at every clock-in; the report schedules and reminders follow here.
    await applyRules({ pool: deps.pool, temporal: deps.temporal, reportSchedules: deps.reportSchedules }, tenant, now()).catch((err) =>
      deps.log.warn({ err: describeError(err), tenantId: id }, 'report schedules not re-synced; the reconciler will'),
    );
    res.json((await companiesOverview(deps.platformPool, now(), id))[0]);
  });

  router.get('/api/platform/companies/:id/admins', requireSession('super'), async (req, res) => {
    const id = parseInput(idParam, req.params.id, res);
    if (id === undefined) return;
    const tenant = await getTenant(deps.platformPool, id);
    if (!tenant) return notFound(res);
    if (tenant.telegramChatId === null) {
      res.json({ admins: [] });
      return;
    }
    const admins = await deps.telegram.getChatAdministrators(tenant.telegramChatId);
    res.json({
      admins: admins
        .filter((a) => !a.user.is_bot)
        .map((a) => ({ telegramUserId: a.user.id, name: [a.user.first_name, a.user.last_name].filter(Boolean).join(' '), username: a.user.username ?? null, status: a.status })),
    });
  });

  router.get('/api/platform/admins', requireSession('super'), async (_req, res) => {
    const sessions = await liveSessions(deps.platformPool);
    res.json({
      superAdmins: deps.superAdminIds.map((id) => ({ telegramUserId: id, liveSessions: sessions.filter((s) => s.telegramUserId === id).length })),
    });
  });

  router.get('/api/platform/sessions', requireSession('super'), async (req, res) => {
    const query = parseInput(z.object({ telegramUserId: telegramUserId.optional() }), req.query, res);
    if (!query) return;
    res.json({ sessions: await liveSessions(deps.platformPool, query.telegramUserId) });
  });

  router.post('/api/platform/sessions/end', requireSession('super'), async (req, res) => {
    const body = parseInput(z.object({ telegramUserId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict(), req.body, res);
    if (!body) return;
    const ended = await revokeSessionsOf(deps.platformPool, body.telegramUserId);
    await writeAudit(deps.platformPool, {
      tenantId: null, actor: `panel:${sessionOf(res).telegramUserId}`, action: 'sessions.ended', target: `telegram:${body.telegramUserId}`, payload: { ended },
    });
    res.json({ ended });
  });

  return router;
}
