// What many routes share: inputs, the 404 answer and the not-ready one, the company's current month.
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { localDate } from '../../domain/time';
import { getTenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import type { ApiDeps } from '../deps';
import { formatted } from '../validation';

/** A row id in a path or a query. */
export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** yyyy-mm, a real month. */
export const monthParam = formatted(/^\d{4}-(0[1-9]|1[0-2])$/, 'month', 'must be a month as yyyy-mm');

/** yyyy-mm-dd, a real date. */
export const dateParam = formatted(/^\d{4}-\d{2}-\d{2}$/, 'date', 'must be a date as yyyy-mm-dd').refine((s) => DateTime.fromISO(s).isValid, {
  message: 'is not a real date',
  params: { format: 'real-date' },
});

/** The panel's own id for a change: a retried call with the same id is one change. */
export const clientRequestId = formatted(/^[\w-]{8,64}$/, 'request-id', 'must be 8 to 64 letters, digits, - or _');

export function notFound(res: Response): void {
  res.status(404).json({ error: 'not-found' });
}

/** A request stored but not yet handed to its workflow (services/decisions.ts NotReady): nothing changed, ask again shortly. */
export function notReady(res: Response): void {
  res.set('Retry-After', '60').status(503).json({ error: 'not-ready' });
}

/** This month (yyyy-mm) in the company's zone. */
export async function currentMonth(deps: Pick<ApiDeps, 'pool'>, tenantId: number, at: Date): Promise<string> {
  const tenant = await withTenant(deps.pool, tenantId, (tx) => getTenant(tx, tenantId));
  return localDate(at, tenant?.timeZone ?? 'UTC').slice(0, 7);
}
