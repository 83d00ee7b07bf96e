// The audit log, newest first, filtered by actor, action, member and dates; a row that names a
// workflow links to it in the Temporal UI. The company's own log for its admins; every company's
// (and the platform's) for super admins.
import { Router } from 'express';
import { z } from 'zod';
import type { Queryable } from '../../db/queryable';
import { withTenant } from '../../db/tenant-scope';
import { getTenant } from '../../db/repositories/tenants';
import { tenantIdOf, type RequireSession } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { parseInput } from '../validation';
import { dateParam, idParam } from './params';

const PAGE = 100;

const filters = {
  actor: z.string().trim().min(1).max(100).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  member: idParam.optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  before: idParam.optional(),
};
const companyQuery = z.object(filters);
const platformQuery = z.object({ ...filters, tenant: idParam.optional() });

interface AuditRow {
  id: number;
  tenant_id: number | null;
  company_name?: string | null;
  created_at: Date;
  actor: string;
  action: string;
  target: string | null;
  payload: Record<string, unknown>;
  workflow_id: string | null;
}

type Filters = z.infer<typeof platformQuery>;

/** One page of audit rows; `withCompany` adds the company's name (the platform view). */
async function auditPage(db: Queryable, f: Filters, zone: string, withCompany: boolean): Promise<AuditRow[]> {
  const member = f.member
    ? (await db.query<{ telegram_user_id: number }>('SELECT telegram_user_id FROM members WHERE id = $1', [f.member])).rows[0]
    : undefined;
  const { rows } = await db.query<AuditRow>(
    `SELECT a.id, a.tenant_id, a.created_at, a.actor, a.action, a.target, a.payload, a.workflow_id
            ${withCompany ? ', t.name AS company_name' : ''}
     FROM audit_log a ${withCompany ? 'LEFT JOIN tenants t ON t.id = a.tenant_id' : ''}
     WHERE ($1::bigint IS NULL OR a.tenant_id = $1)
       AND ($2::text IS NULL OR a.actor = $2)
       AND ($3::text IS NULL OR a.action = $3 OR a.action LIKE $3 || '.%')
       AND ($4::bigint IS NULL OR a.target = 'member:' || $4 OR a.payload->>'memberId' = $4::text
            OR ($5::bigint IS NOT NULL AND a.actor IN ('telegram:' || $5, 'panel:' || $5)))
       AND ($6::date IS NULL OR a.created_at >= ($6::date::timestamp AT TIME ZONE $9))
       AND ($7::date IS NULL OR a.created_at < (($7::date + 1)::timestamp AT TIME ZONE $9))
       AND ($8::bigint IS NULL OR a.id < $8)
     ORDER BY a.id DESC LIMIT ${PAGE}`,
    [f.tenant ?? null, f.actor ?? null, f.action ?? null, f.member ?? null, member?.telegram_user_id ?? null, f.from ?? null, f.to ?? null, f.before ?? null, zone],
  );
  return rows;
}

export function auditRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const workflowUrl = (workflowId: string | null) =>
    workflowId === null
      ? null
      : `${deps.temporalUi.url.replace(/\/$/, '')}/namespaces/${encodeURIComponent(deps.temporalUi.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  const toEntry = (r: AuditRow) => ({
    id: r.id,
    tenantId: r.tenant_id,
    ...(r.company_name !== undefined ? { companyName: r.company_name } : {}),
    at: r.created_at,
    actor: r.actor,
    action: r.action,
    target: r.target,
    payload: r.payload,
    workflowId: r.workflow_id,
    workflowUrl: workflowUrl(r.workflow_id),
  });
  const page = (rows: AuditRow[]) => ({ entries: rows.map(toEntry), next: rows.length === PAGE ? rows[rows.length - 1]!.id : null });

  router.get('/api/audit', requireSession('admin'), async (req, res) => {
    const query = parseInput(companyQuery, req.query, res);
    if (!query) return;
    const tenantId = tenantIdOf(res);
    const rows = await withTenant(deps.pool, tenantId, async (tx) => {
      const tenant = await getTenant(tx, tenantId);
      return auditPage(tx, { ...query, tenant: tenantId }, tenant?.timeZone ?? 'UTC', false);
    });
    res.json(page(rows));
  });

  router.get('/api/platform/audit', requireSession('super'), async (req, res) => {
    const query = parseInput(platformQuery, req.query, res);
    if (!query) return;
    // The platform path: this log spans every company (and the platform's own rows).
    res.json(page(await auditPage(deps.platformPool, query, 'UTC', true)));
  });

  return router;
}
