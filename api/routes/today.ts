// Today (who is in, late, on a break, absent, on leave, not yet arrived), this month's charts, and
// the live stream that tells an open panel when to reload them or the inbox.
import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { tenantIdOf, type RequireSession } from '../auth/middleware';
import { monthCharts, todayBoard, type TodayBoard } from '../../services/today';
import { parseInput } from '../validation';
import { currentMonth, monthParam } from './params';

const PING_MS = 25_000;

export function todayRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  // A clock-in makes every open panel of the company reload Today at the same moment: requests
  // that arrive while the board is being computed share that computation (it is of this moment),
  // and its JSON, serialised once (a 5,000-member board is about a megabyte).
  const inFlight = new Map<number, Promise<string>>();
  router.get('/api/today', requireSession('admin'), async (_req, res) => {
    const tenantId = tenantIdOf(res);
    let body = inFlight.get(tenantId);
    if (!body) {
      body = todayBoard(deps.pool, tenantId, now())
        .then((board: TodayBoard) => JSON.stringify(board))
        .finally(() => inFlight.delete(tenantId));
      inFlight.set(tenantId, body);
    }
    res.type('application/json').send(await body);
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
