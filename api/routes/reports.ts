// The month's workbook and one person's, streamed from the export module (the same workbook the
// bot's /export sends); each download is audited.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit';
import { getMember } from '../../db/repositories/members';
import { withTenant } from '../../db/tenant-scope';
import { loadMonthReport } from '../../services/exports/month-data';
import { writeMonthWorkbook } from '../../services/exports/month-workbook';
import { describeError } from '../../config/logger';
import { sessionOf, tenantIdOf, type RequireSession } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { parseInput } from '../validation';
import { currentMonth, idParam, monthParam, notFound } from './params';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reportRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  async function download(res: Response, tenantId: number, month: string, member: { id: number; label: string } | null): Promise<void> {
    const report = await loadMonthReport(deps.pool, tenantId, month, { ...(member ? { memberId: member.id } : {}), now: now() });
    await withTenant(deps.pool, tenantId, (tx) =>
      writeAudit(tx, {
        tenantId, actor: `panel:${sessionOf(res).telegramUserId}`, action: 'report.exported',
        target: member ? `member:${member.id}` : `month:${month}`, payload: { month, channel: 'panel' },
      }),
    );
    const fileName = member ? `attendance-${month}-${member.label}.xlsx` : `attendance-${month}.xlsx`;
    res.set({ 'Content-Type': XLSX, 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store' });
    try {
      await writeMonthWorkbook(report, res);
    } catch (err) {
      // Headers are gone: the browser sees a broken download rather than a wrong workbook.
      deps.log.error({ err: describeError(err), requestId: res.locals.requestId }, 'workbook download failed');
      res.destroy();
    }
  }

  router.get('/api/reports/month.xlsx', requireSession('admin'), async (req, res) => {
    const query = parseInput(z.object({ month: monthParam.optional() }), req.query, res);
    if (!query) return;
    const tenantId = tenantIdOf(res);
    await download(res, tenantId, query.month ?? (await currentMonth(deps, tenantId, now())), null);
  });

  router.get('/api/reports/members/:id/month.xlsx', requireSession('admin'), async (req, res) => {
    const id = parseInput(idParam, req.params.id, res);
    if (id === undefined) return;
    const query = parseInput(z.object({ month: monthParam.optional() }), req.query, res);
    if (!query) return;
    const tenantId = tenantIdOf(res);
    const member = await withTenant(deps.pool, tenantId, (tx) => getMember(tx, id));
    if (!member || member.tenantId !== tenantId) return notFound(res);
    const label = (member.telegramUsername ?? String(member.id)).replace(/[^\w-]/g, '_');
    await download(res, tenantId, query.month ?? (await currentMonth(deps, tenantId, now())), { id, label });
  });

  return router;
}
