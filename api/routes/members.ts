// Members: the list (search, status), a member's pay settings (base salary, personal advance
// limit, HR flag), deactivating, and a member's month. Every query runs in the session's tenant
// (row-level security): another company's member is simply not found.
import { Router } from 'express';
import { z } from 'zod';
import { DEFAULT_ADVANCES } from '../../domain/attendance-rules';
import { maskIinsIn } from '../../domain/iin';
import { localDate } from '../../domain/time';
import { writeAudit } from '../../db/repositories/audit';
import { deactivateMember, getMember } from '../../db/repositories/members';
import { rulesInForce } from '../../db/repositories/rules';
import { getTenant, type Tenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import type { Queryable } from '../../db/queryable';
import { memberMonthView } from '../../services/member-month';
import { sessionOf, tenantIdOf, type RequireSession } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { parseInput } from '../validation';
import { currentMonth, idParam, monthParam, notFound } from './params';

const MAX_MINOR = 1e13;
const minorAmount = z.number().int('must be a whole number of minor units').min(0).max(MAX_MINOR);

const listQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'inactive', 'all']).default('active'),
});
const patchBody = z
  .object({
    baseSalary: minorAmount.nullable().optional(),
    advanceLimit: minorAmount.nullable().optional(),
    hr: z.boolean().optional(),
    active: z.literal(false).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'name at least one of baseSalary, advanceLimit, hr, active');

interface MemberListRow {
  id: number;
  full_name: string;
  telegram_username: string | null;
  telegram_user_id: number;
  employee_code: string | null;
  joined_on: string;
  hr: boolean;
  base_salary: string | null;
  advance_limit: string | null;
  active: boolean;
}

const MEMBER_COLUMNS = `id, full_name, telegram_username, telegram_user_id, employee_code, hr, base_salary, advance_limit, active,
  (registered_at AT TIME ZONE $2)::date::text AS joined_on`;

function toView(r: MemberListRow, admins: Set<number>, defaultAdvanceLimit: number) {
  return {
    id: r.id,
    name: r.full_name,
    username: r.telegram_username,
    telegramUserId: r.telegram_user_id,
    // A BioTime employee code may be an IIN: shown masked, like everywhere else.
    employeeCode: r.employee_code === null ? null : maskIinsIn(r.employee_code),
    joinedOn: r.joined_on,
    role: admins.has(r.telegram_user_id) ? ('admin' as const) : ('member' as const),
    hr: r.hr,
    baseSalary: r.base_salary === null ? null : Number(r.base_salary),
    advanceLimit: r.advance_limit === null ? null : Number(r.advance_limit),
    defaultAdvanceLimit,
    active: r.active,
  };
}

export function memberRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  /** The group's admins, asked of Telegram and kept a minute (the list page is opened often). */
  async function groupAdmins(tenant: Tenant): Promise<Set<number>> {
    if (tenant.telegramChatId === null) return new Set();
    const key = `panel-group-admins:${tenant.telegramChatId}`;
    const cached = await deps.adminCache.get(key).catch(() => null);
    if (cached !== null) return new Set(JSON.parse(cached) as number[]);
    const admins = await deps.telegram.getChatAdministrators(tenant.telegramChatId).catch(() => undefined);
    if (!admins) return new Set();
    const ids = admins.filter((a) => !a.user.is_bot).map((a) => a.user.id);
    await deps.adminCache.set(key, JSON.stringify(ids), 'EX', 60).catch(() => undefined);
    return new Set(ids);
  }

  async function context(tx: Queryable, tenantId: number) {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const rules = await rulesInForce(tx, tenantId, localDate(now(), tenant.timeZone), tenant.timeZone);
    return { tenant, currency: rules.currency, defaultAdvanceLimit: (rules.advances ?? DEFAULT_ADVANCES).monthlyLimit };
  }

  router.get('/api/members', requireSession('admin'), async (req, res) => {
    const query = parseInput(listQuery, req.query, res);
    if (!query) return;
    const tenantId = tenantIdOf(res);
    const { ctx, rows } = await withTenant(deps.pool, tenantId, async (tx) => {
      const ctx = await context(tx, tenantId);
      const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
      const { rows } = await tx.query<MemberListRow>(
        `SELECT ${MEMBER_COLUMNS} FROM members
         WHERE tenant_id = $1
           AND ($3 = 'all' OR active = ($3 = 'active'))
           AND ($4::text IS NULL OR full_name ILIKE $4 OR telegram_username ILIKE $4 OR employee_code ILIKE $4)
         ORDER BY active DESC, lower(full_name), id
         LIMIT 10000`,
        [tenantId, ctx.tenant.timeZone, query.status, pattern],
      );
      return { ctx, rows };
    });
    const admins = await groupAdmins(ctx.tenant);
    res.json({ currency: ctx.currency, members: rows.map((r) => toView(r, admins, ctx.defaultAdvanceLimit)) });
  });

  router.patch('/api/members/:id', requireSession('admin'), async (req, res) => {
    const id = parseInput(idParam, req.params.id, res);
    if (id === undefined) return;
    const body = parseInput(patchBody, req.body, res);
    if (!body) return;
    const tenantId = tenantIdOf(res);
    const actor = `panel:${sessionOf(res).telegramUserId}`;
    const result = await withTenant(deps.pool, tenantId, async (tx) => {
      const member = await getMember(tx, id);
      if (!member || member.tenantId !== tenantId) return undefined;
      if (body.active === false && !member.active) return { conflict: true as const };
      const sets: string[] = [];
      const values: unknown[] = [id];
      const column = (name: string, value: unknown) => {
        values.push(value);
        sets.push(`${name} = $${values.length}`);
      };
      if (body.baseSalary !== undefined) column('base_salary', body.baseSalary);
      if (body.advanceLimit !== undefined) column('advance_limit', body.advanceLimit);
      if (body.hr !== undefined) column('hr', body.hr);
      if (sets.length > 0) await tx.query(`UPDATE members SET ${sets.join(', ')} WHERE id = $1`, values);
      if (body.active === false) await deactivateMember(tx, id, 'deactivated in the panel');
      await writeAudit(tx, { tenantId, actor, action: body.active === false ? 'member.deactivated' : 'member.updated', target: `member:${id}`, payload: { ...body } });
      const ctx = await context(tx, tenantId);
      const { rows } = await tx.query<MemberListRow>(`SELECT ${MEMBER_COLUMNS} FROM members WHERE tenant_id = $1 AND id = $3`, [tenantId, ctx.tenant.timeZone, id]);
      return { ctx, row: rows[0]!, employeeCode: member.employeeCode };
    });
    if (!result) return notFound(res);
    if ('conflict' in result) {
      res.status(409).json({ error: 'already-inactive' });
      return;
    }
    // Punch notifications stop at once for a deactivated member (the bot and worker cache who is told).
    if (body.active === false) await deps.subscriberCache.invalidate(tenantId, [result.employeeCode]);
    const admins = await groupAdmins(result.ctx.tenant);
    res.json(toView(result.row, admins, result.ctx.defaultAdvanceLimit));
  });

  router.get('/api/members/:id/month', requireSession('admin'), async (req, res) => {
    const id = parseInput(idParam, req.params.id, res);
    if (id === undefined) return;
    const query = parseInput(z.object({ month: monthParam.optional() }), req.query, res);
    if (!query) return;
    const tenantId = tenantIdOf(res);
    const month = query.month ?? (await currentMonth(deps, tenantId, now()));
    const view = await memberMonthView(deps.pool, tenantId, id, month, now());
    if (!view) return notFound(res);
    res.json(view);
  });

  return router;
}
