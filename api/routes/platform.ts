// The super admin's view of the platform: every company with its subscription and size.
import { Router } from 'express';
import type { ApiDeps } from '../deps';
import type { RequireSession } from '../auth/middleware';

export function platformRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();

  router.get('/api/platform/companies', requireSession('super'), async (_req, res) => {
    // The platform path (no tenant scope): this view spans every company by definition.
    const { rows } = await deps.platformPool.query<{
      id: number; name: string; kind: string; subscription_state: string; trial_ends_at: Date | null; members: number;
    }>(
      `SELECT t.id, t.name, t.kind, t.subscription_state, t.trial_ends_at,
              (SELECT count(*)::int FROM members m WHERE m.tenant_id = t.id AND m.active) AS members
       FROM tenants t ORDER BY t.id`,
    );
    res.json({
      companies: rows.map((r) => ({
        id: r.id, name: r.name, kind: r.kind, subscriptionState: r.subscription_state, trialEndsAt: r.trial_ends_at, memberCount: r.members,
      })),
    });
  });

  return router;
}
