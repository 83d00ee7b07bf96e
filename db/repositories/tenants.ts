import { DEFAULT_LANGUAGE_PAIR, LANGUAGES, type Language, type LanguagePair } from '../../domain/messages';
import { one, type Queryable } from '../queryable';

export interface Tenant {
  id: number;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  languagePair: LanguagePair;
  subscriptionState: string;
}

interface TenantRow {
  id: number;
  slug: string;
  name: string;
  time_zone: string;
  currency: string;
  language_pair: string[];
  subscription_state: string;
}

function toLanguagePair(stored: string[]): LanguagePair {
  const valid = stored.filter((l): l is Language => (LANGUAGES as readonly string[]).includes(l));
  return valid.length === 2 ? [valid[0]!, valid[1]!] : DEFAULT_LANGUAGE_PAIR;
}

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    currency: row.currency,
    languagePair: toLanguagePair(row.language_pair),
    subscriptionState: row.subscription_state,
  };
}

export async function getTenant(db: Queryable, id: number): Promise<Tenant | undefined> {
  const row = await one<TenantRow>(db, 'SELECT * FROM tenants WHERE id = $1', [id]);
  return row && toTenant(row);
}

export interface BiotimeSourceSettings {
  sourceKey: string;
  tableName: 'iclock_transaction' | 'attendance_log';
  tenantName: string;
  timeZone: string;
}

/**
 * The tenant that owns the configured BioTime database, created on first start.
 * Idempotent and safe when the bot and the listener start at the same moment.
 */
export async function ensureBiotimeTenant(
  db: Queryable,
  settings: BiotimeSourceSettings,
): Promise<{ tenant: Tenant; sourceKey: string }> {
  const slug = `biotime-${settings.sourceKey}`;
  await db.query(
    `INSERT INTO tenants (slug, name, time_zone) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING`,
    [slug, settings.tenantName, settings.timeZone],
  );
  const row = await one<TenantRow>(db, 'SELECT * FROM tenants WHERE slug = $1', [slug]);
  if (!row) throw new Error('tenant for the BioTime source vanished after insert');
  await db.query(
    `INSERT INTO biotime_sources (tenant_id, source_key, table_name) VALUES ($1, $2, $3)
     ON CONFLICT (source_key) DO NOTHING`,
    [row.id, settings.sourceKey, settings.tableName],
  );
  return { tenant: toTenant(row), sourceKey: settings.sourceKey };
}
