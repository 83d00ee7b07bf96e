// Storage-layer tenant isolation. The app role cannot bypass row-level security; a unit of work
// for one tenant runs in a transaction that names the tenant, and sees and changes only its rows.
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { createPool } from './pool';
import { inTransaction } from './queryable';
import { InvalidInputError } from './errors';

export const APP_ROLE = 'attendance_app';

/**
 * A pool whose sessions work as the app role (no RLS bypass), whatever user the URL names. The
 * role is a startup parameter, so a connection that cannot take it fails instead of silently
 * working with the login user's rights.
 */
export function createTenantScopedPool(connectionString: string, options: Partial<PoolConfig> = {}): Pool {
  return createPool(connectionString, { ...options, options: `-c role=${APP_ROLE}` });
}

/** Runs `work` in a transaction scoped to one tenant. */
export function withTenant<T>(pool: Pool, tenantId: number, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  if (!Number.isSafeInteger(tenantId) || tenantId <= 0) throw new InvalidInputError('withTenant needs a tenant id');
  return inTransaction(pool, async (tx) => {
    await tx.query("SELECT set_config('app.tenant_id', $1, true)", [String(tenantId)]);
    return work(tx);
  });
}
