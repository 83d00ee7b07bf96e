// Today (who is in, late, on a break, absent, on leave, not yet arrived), this month's charts, and
// the live stream that tells an open panel when to reload them or the inbox.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { tenantIdOf, type RequireSession } from '../auth/middleware';
import { monthCharts, todayBoard } from '../../services/today';
import { parseInput } from '../validation';
import { currentMonth, monthParam } from './params';

const PING_MS = 25_000;

export function todayRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.get('/api/today', requireSession('admin'), async (_req, res) => {
    res.json(await todayBoard(deps.pool, tenantIdOf(res), now()));
  });

  router.get('/api/today/charts', requireSession('admin'), async (req, res) => {
    const query = parseInput(z.object({ month: monthParam.optional() }), req.query, res);
    if (!query) return;
    const tenantId = tenantIdOf(res);
    const month = query.month ?? (await currentMonth(deps, tenantId, now()));
    res.json(await monthCharts(deps.pool, tenantId, month));
  });

  router.get('/api/events', requireSession('admin'), (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) must pass each event on at once.
      'X-Accel-Buffering': 'no',
    });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write('retry: 3000\n\n');
    send('ping', {});
    const unsubscribe = deps.events.subscribe(tenantIdOf(res), (e) => {
      if (e.event === 'punch') send('punch', {});
      else send('requests', { kind: e.kind, id: e.id, status: e.status });
    });
    const ping = setInterval(() => send('ping', {}), PING_MS);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });

  return router;
}
