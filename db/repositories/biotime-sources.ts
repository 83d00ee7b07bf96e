// The registered BioTime sources (migration biotime-source-registry). Platform path: a source is
// the platform's to register, and the listener serves every company's. The stored connection is
// sealed (services/source-secrets.ts); only the listener opens it.
import type { BiotimeTable } from '../../domain/biotime';
import type { Queryable } from '../queryable';

export interface NewBiotimeSource {
  tenantId: number;
  sourceKey: string;
  label: string | null;
  tableName: BiotimeTable;
  timeZone: string;
  iinColumn: string;
  connectionSecret: Buffer;
  connectionHint: string;
  startFrom: 'latest' | 'beginning';
}

/** What the super admin's panel shows of a source: never the connection itself. */
export interface BiotimeSourceView {
  id: number;
  sourceKey: string;
  label: string | null;
  tenantId: number;
  tenantName: string;
  tableName: string;
  timeZone: string | null;
  iinColumn: string | null;
  /** host:port/database, or null for the environment's source. */
  connectionHint: string | null;
  fromEnvironment: boolean;
  enabled: boolean;
  lastId: number | null;
  lastRelayAt: string;
  createdAt: string;
}

/** A source as the listener serves it (its sealed connection included). */
export interface RegisteredSource {
  id: number;
  uid: string;
  sourceKey: string;
  tenantId: number;
  tableName: BiotimeTable;
  timeZone: string;
  iinColumn: string;
  connectionSecret: Buffer;
  startFrom: 'latest' | 'beginning';
}

export class SourceKeyTakenError extends Error {}

export async function registerBiotimeSource(db: Queryable, s: NewBiotimeSource): Promise<{ id: number; uid: string }> {
  const { rows } = await db.query<{ id: number; uid: string }>(
    `INSERT INTO biotime_sources (tenant_id, source_key, label, table_name, time_zone, iin_column, connection_secret, connection_hint, start_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (source_key) DO NOTHING RETURNING id, uid`,
    [s.tenantId, s.sourceKey, s.label, s.tableName, s.timeZone, s.iinColumn, s.connectionSecret, s.connectionHint, s.startFrom],
  );
  if (!rows[0]) throw new SourceKeyTakenError(s.sourceKey);
  return { id: Number(rows[0].id), uid: rows[0].uid };
}

export async function listBiotimeSources(db: Queryable): Promise<BiotimeSourceView[]> {
  const { rows } = await db.query(
    `SELECT s.id, s.source_key, s.label, s.tenant_id, t.name AS tenant_name, s.table_name, s.time_zone, s.iin_column,
            s.connection_hint, s.connection_secret IS NULL AS from_environment, s.enabled, s.last_id, s.updated_at, s.created_at
     FROM biotime_sources s JOIN tenants t ON t.id = s.tenant_id ORDER BY s.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    sourceKey: r.source_key,
    label: r.label,
    tenantId: Number(r.tenant_id),
    tenantName: r.tenant_name,
    tableName: r.table_name,
    timeZone: r.time_zone,
    iinColumn: r.iin_column,
    connectionHint: r.connection_hint,
    fromEnvironment: r.from_environment,
    enabled: r.enabled,
    lastId: r.last_id === null ? null : Number(r.last_id),
    lastRelayAt: new Date(r.updated_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** Turns a registered source on or off; false when there is no such registered source. */
export async function setSourceEnabled(db: Queryable, id: number, enabled: boolean): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE biotime_sources SET enabled = $2 WHERE id = $1 AND connection_secret IS NOT NULL', [id, enabled]);
  return rowCount === 1;
}

/** The enabled registered sources (the environment's is served from the environment). */
export async function registeredSourcesToServe(db: Queryable): Promise<RegisteredSource[]> {
  const { rows } = await db.query(
    `SELECT id, uid, source_key, tenant_id, table_name, time_zone, iin_column, connection_secret, start_from
     FROM biotime_sources WHERE connection_secret IS NOT NULL AND enabled ORDER BY id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    uid: r.uid,
    sourceKey: r.source_key,
    tenantId: Number(r.tenant_id),
    tableName: r.table_name,
    timeZone: r.time_zone,
    iinColumn: r.iin_column,
    connectionSecret: r.connection_secret,
    startFrom: r.start_from,
  }));
}
