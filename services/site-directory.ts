// A company with its own BioTime (a source a super admin registered) has its own employee
// directory: a member of that company who registers their IIN is looked up there, and their
// membership linked to that site's employee code. Lookups are rare (registration), so each opens
// one short-lived connection; an unreachable site is skipped (the person may try again later).
import type { Pool } from 'pg';
import { createBiotimeSource, type DirectoryEmployee } from '../db/biotime-source';
import { createPool } from '../db/pool';
import { registeredSourcesToServe } from '../db/repositories/biotime-sources';
import { openSecret, parseSecretsKey } from './source-secrets';

export interface SiteMatch {
  tenantId: number;
  sourceKey: string;
  employee: DirectoryEmployee;
}

/** The companies among `tenantIds` that have a registered BioTime source of their own. */
export async function tenantsWithOwnSites(platformPool: Pool, tenantIds: number[]): Promise<Set<number>> {
  if (tenantIds.length === 0) return new Set();
  const { rows } = await platformPool.query<{ tenant_id: string }>(
    'SELECT DISTINCT tenant_id FROM biotime_sources WHERE connection_secret IS NOT NULL AND enabled AND tenant_id = ANY($1::bigint[])',
    [tenantIds],
  );
  return new Set(rows.map((r) => Number(r.tenant_id)));
}

/** Looks the IIN up at the sites of these companies; without SOURCE_SECRETS_KEY there is nothing to read. */
export async function findAtOwnSites(platformPool: Pool, secretsKey: string | undefined, tenantIds: Set<number>, iin: string): Promise<{ matches: SiteMatch[]; unreachable: number }> {
  if (tenantIds.size === 0 || !secretsKey) return { matches: [], unreachable: 0 };
  const key = parseSecretsKey(secretsKey);
  const sources = (await registeredSourcesToServe(platformPool)).filter((s) => tenantIds.has(s.tenantId));
  const results = await Promise.all(
    sources.map(async (s) => {
      const pool = createPool(openSecret(s.connectionSecret, key), { max: 1, connectionTimeoutMillis: 5_000 });
      pool.on('error', () => undefined);
      try {
        const employee = await createBiotimeSource(pool, { table: s.tableName, iinColumn: s.iinColumn }).findEmployeeByIin(iin);
        return employee ? { tenantId: s.tenantId, sourceKey: s.sourceKey, employee } : null;
      } catch {
        return 'unreachable' as const;
      } finally {
        await pool.end().catch(() => undefined);
      }
    }),
  );
  return {
    matches: results.filter((r): r is SiteMatch => r !== null && r !== 'unreachable'),
    unreachable: results.filter((r) => r === 'unreachable').length,
  };
}
