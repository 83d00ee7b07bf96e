// The super admin registers each company's BioTime server (or site): connection, table, time
// zone, IIN column, owning company. The connection is tried before it is stored (sealed), and is
// never shown back, logged or audited: only host, port and database are.
import { Router } from 'express';
import { Client } from 'pg';
import { z } from 'zod';
import { writeAudit } from '../../db/repositories/audit';
import { listBiotimeSources, registerBiotimeSource, setSourceEnabled, SourceKeyTakenError } from '../../db/repositories/biotime-sources';
import { getTenant } from '../../db/repositories/tenants';
import { BIOTIME_TABLES, type BiotimeTable } from '../../domain/biotime';
import { isValidTimeZone } from '../../domain/time';
import { connectionHint, parseSecretsKey, sealSecret, SourceSecretsError } from '../../services/source-secrets';
import { sessionOf, type RequireSession } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { formatted, parseInput } from '../validation';
import { idParam, notFound } from './params';

const registration = z
  .object({
    tenantId: z.number().int().positive(),
    sourceKey: formatted(/^[a-z0-9-]{1,40}$/, 'lowercase-name', 'must be a short lowercase name (a-z, 0-9, -)'),
    label: z.string().trim().min(1).max(100).optional(),
    connectionUrl: z.string().max(1000).pipe(formatted(/^postgres(ql)?:\/\/\S+$/, 'postgres-url', 'must be a postgres:// URL')),
    table: z.enum(BIOTIME_TABLES as [BiotimeTable, ...BiotimeTable[]]),
    timeZone: z.string().refine(isValidTimeZone, { message: 'must be an IANA time zone such as Asia/Almaty', params: { format: 'time-zone' } }),
    iinColumn: formatted(/^[a-z_][a-z0-9_]{0,62}$/, 'column-name', 'must be a plain column name of personnel_employee (e.g. emp_code, ssn)'),
    startFrom: z.enum(['latest', 'beginning']).default('latest'),
  })
  .strict();

/** Connects once and checks the table is there; the reason never carries the URL. */
async function tryConnection(url: string, table: string): Promise<'ok' | 'unreachable' | 'table-missing'> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000, statement_timeout: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    return 'unreachable';
  }
  try {
    const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    return rows[0]?.t ? 'ok' : 'table-missing';
  } catch {
    return 'unreachable';
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function biotimeSourceRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();

  router.get('/api/platform/biotime-sources', requireSession('super'), async (_req, res) => {
    res.json({ sources: await listBiotimeSources(deps.platformPool) });
  });

  router.post('/api/platform/biotime-sources', requireSession('super'), async (req, res) => {
    const body = parseInput(registration, req.body, res);
    if (!body) return;
    let key: Buffer;
    try {
      key = parseSecretsKey(deps.sourceSecretsKey);
    } catch (err) {
      if (!(err instanceof SourceSecretsError)) throw err;
      res.status(503).json({ error: 'source-secrets-key-missing', message: 'SOURCE_SECRETS_KEY is not set on the API: sources cannot be stored.' });
      return;
    }
    if (!(await getTenant(deps.platformPool, body.tenantId))) {
      res.status(422).json({ error: 'unknown-company', field: 'tenantId', message: 'No company has this id.' });
      return;
    }
    const tried = await tryConnection(body.connectionUrl, body.table);
    if (tried !== 'ok') {
      const message = tried === 'unreachable' ? 'The BioTime database could not be reached with this connection.' : `The BioTime database has no table ${body.table}.`;
      res.status(422).json({ error: tried === 'unreachable' ? 'source-unreachable' : 'table-missing', field: tried === 'unreachable' ? 'connectionUrl' : 'table', message });
      return;
    }
    const hint = connectionHint(body.connectionUrl);
    let id: number;
    try {
      ({ id } = await registerBiotimeSource(deps.platformPool, {
        tenantId: body.tenantId,
        sourceKey: body.sourceKey,
        label: body.label ?? null,
        tableName: body.table,
        timeZone: body.timeZone,
        iinColumn: body.iinColumn,
        connectionSecret: sealSecret(body.connectionUrl, key),
        connectionHint: hint,
        startFrom: body.startFrom,
      }));
    } catch (err) {
      if (!(err instanceof SourceKeyTakenError)) throw err;
      res.status(409).json({ error: 'source-key-taken', field: 'sourceKey', message: 'Another source already has this name.' });
      return;
    }
    await writeAudit(deps.platformPool, {
      tenantId: body.tenantId, actor: `panel:${sessionOf(res).telegramUserId}`, action: 'biotime-source.registered', target: `biotime-source:${id}`,
      payload: { sourceKey: body.sourceKey, table: body.table, timeZone: body.timeZone, iinColumn: body.iinColumn, connection: hint, startFrom: body.startFrom },
    });
    res.status(201).json({ source: (await listBiotimeSources(deps.platformPool)).find((s) => s.id === id) });
  });

  router.post('/api/platform/biotime-sources/:id/enabled', requireSession('super'), async (req, res) => {
    const id = parseInput(idParam, req.params.id, res);
    if (id === undefined) return;
    const body = parseInput(z.object({ enabled: z.boolean() }).strict(), req.body, res);
    if (!body) return;
    if (!(await setSourceEnabled(deps.platformPool, id, body.enabled))) return notFound(res);
    const source = (await listBiotimeSources(deps.platformPool)).find((s) => s.id === id)!;
    await writeAudit(deps.platformPool, {
      tenantId: source.tenantId, actor: `panel:${sessionOf(res).telegramUserId}`, action: body.enabled ? 'biotime-source.enabled' : 'biotime-source.disabled', target: `biotime-source:${id}`,
      payload: { sourceKey: source.sourceKey },
    });
    res.json({ source });
  });

  return router;
}
