import { DEFAULT_LANGUAGE_PAIR, LANGUAGES, type Language, type LanguagePair } from '../../domain/messages';
import { one, type Queryable } from '../queryable';
import { endPause, openPause, recordEndedPause } from './service-pauses';

export interface Tenant {
  id: number;
  /** Unique for all time (names the company's workflows); `id` may repeat in a recreated database. */
  uid: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  languagePair: LanguagePair;
  subscriptionState: string;
  kind: 'biotime' | 'group';
  telegramChatId: number | null;
  trialEndsAt: Date | null;
}

interface TenantRow {
  id: number;
  uid: string;
  slug: string;
  name: string;
  time_zone: string;
  currency: string;
  language_pair: string[];
  subscription_state: string;
  kind: 'biotime' | 'group';
  telegram_chat_id: number | null;
  trial_ends_at: Date | null;
}

function toLanguagePair(stored: string[]): LanguagePair {
  const valid = stored.filter((l): l is Language => (LANGUAGES as readonly string[]).includes(l));
  return valid.length === 2 ? [valid[0]!, valid[1]!] : DEFAULT_LANGUAGE_PAIR;
}

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    uid: row.uid,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    currency: row.currency,
    languagePair: toLanguagePair(row.language_pair),
    subscriptionState: row.subscription_state,
    kind: row.kind,
    telegramChatId: row.telegram_chat_id,
    trialEndsAt: row.trial_ends_at,
  };
}

/** Whether a tenant accepts clock-ins now; the reason when it does not. */
export function tenantStanding(tenant: Tenant, now: Date): 'ok' | 'suspended' | 'expired' {
  if (tenant.subscriptionState === 'suspended') return 'suspended';
  if (tenant.subscriptionState === 'expired') return 'expired';
  if (tenant.subscriptionState === 'trial' && tenant.trialEndsAt && tenant.trialEndsAt <= now) return 'expired';
  return 'ok';
}

/** The company whose group is this chat now. */
export async function findTenantByChat(db: Queryable, chatId: number): Promise<Tenant | undefined> {
  const row = await one<TenantRow>(db, 'SELECT * FROM tenants WHERE telegram_chat_id = $1', [chatId]);
  return row && toTenant(row);
}

/**
 * The company of a chat that is its group, or was until Telegram upgraded it to a supergroup: a
 * press on a button posted before the upgrade comes from the old chat. `telegramChatId` is the
 * group's id now. Not for who is in the group (the bot, members): that is the current chat's.
 */
export async function findTenantByChatOrFormer(db: Queryable, chatId: number): Promise<Tenant | undefined> {
  const row = await one<TenantRow>(
    db,
    `SELECT * FROM tenants WHERE telegram_chat_id = $1
     UNION ALL
     SELECT t.* FROM group_chat_moves m JOIN tenants t ON t.id = m.tenant_id WHERE m.from_chat_id = $1
     LIMIT 1`,
    [chatId],
  );
  return row && toTenant(row);
}

/**
 * The tenant of a Telegram group, created on its first /setup; `created` says which. A group's
 * id from before its upgrade names its company, never a new one.
 */
export async function ensureGroupTenant(
  db: Queryable,
  g: { chatId: number; title: string; timeZone: string; trialDays: number },
): Promise<{ tenant: Tenant; created: boolean }> {
  const found = await findTenantByChatOrFormer(db, g.chatId);
  if (found) return { tenant: found, created: false };
  const inserted = await one<TenantRow>(
    db,
    `INSERT INTO tenants (slug, name, time_zone, kind, subscription_state, telegram_chat_id, trial_ends_at)
     VALUES ($1, $2, $3, 'group', 'trial', $4, now() + make_interval(days => $5))
     ON CONFLICT (telegram_chat_id) DO NOTHING RETURNING *`,
    [`group${g.chatId}`, g.title, g.timeZone, g.chatId, g.trialDays],
  );
  if (inserted) return { tenant: toTenant(inserted), created: true };
  const existing = await findTenantByChat(db, g.chatId);
  if (!existing) throw new Error('group tenant neither created nor found');
  return { tenant: existing, created: false };
}

/**
 * A group upgraded to a supergroup gets a new chat id; its tenant follows it, and keeps the old
 * one as where it was (group_chat_moves). The bot is in the new group, so a pause for its removal
 * (Telegram may report it leaving the old one) ends.
 */
export async function moveTenantChat(db: Queryable, fromChatId: number, toChatId: number): Promise<boolean> {
  const row = await one<{ moved: number }>(
    db,
    `WITH moved AS (UPDATE tenants SET telegram_chat_id = $2 WHERE telegram_chat_id = $1 RETURNING id),
          kept AS (INSERT INTO group_chat_moves (from_chat_id, tenant_id, to_chat_id) SELECT $1, id, $2 FROM moved
                   ON CONFLICT (from_chat_id) DO NOTHING RETURNING from_chat_id),
          resumed AS (UPDATE service_pauses p SET ended_at = greatest(now(), p.started_at), ended_by = 'telegram:migration'
                      FROM moved WHERE p.tenant_id = moved.id AND p.reason = 'bot-removed' AND p.ended_at IS NULL RETURNING p.id)
     SELECT (SELECT count(*)::int FROM moved) AS moved`,
    [fromChatId, toChatId],
  );
  return (row?.moved ?? 0) > 0;
}

export async function setLanguagePair(db: Queryable, tenantId: number, pair: LanguagePair): Promise<void> {
  await db.query('UPDATE tenants SET language_pair = $2 WHERE id = $1', [tenantId, [...pair]]);
}

export type SubscriptionState = 'trial' | 'active' | 'suspended' | 'expired';
export const SUBSCRIPTION_STATES: readonly SubscriptionState[] = ['trial', 'active', 'suspended', 'expired'];

export async function setSubscriptionState(db: Queryable, tenantId: number, state: SubscriptionState): Promise<void> {
  await db.query('UPDATE tenants SET subscription_state = $2 WHERE id = $1', [tenantId, state]);
}

/**
 * A super admin's change: the state, a trial extended by days (from now or its end, whichever is
 * later), the plan. Run it in a transaction: it locks the company's row, and records when the
 * company stopped or started accepting clock-ins (a suspension, a lapsed trial renewed) as a
 * service pause, so the days between are not judged.
 */
export async function changeSubscription(
  db: Queryable,
  tenantId: number,
  change: { state?: SubscriptionState; extendTrialDays?: number; plan?: string },
  now: Date,
  actor: string,
): Promise<{ before: Tenant; after: Tenant } | undefined> {
  const locked = await one<TenantRow>(db, 'SELECT * FROM tenants WHERE id = $1 FOR UPDATE', [tenantId]);
  if (!locked) return undefined;
  const row = await one<TenantRow>(
    db,
    `UPDATE tenants SET
       subscription_state = coalesce($2, subscription_state),
       trial_ends_at = CASE WHEN $3::int IS NULL THEN trial_ends_at
                            ELSE greatest($5::timestamptz, coalesce(trial_ends_at, $5::timestamptz)) + make_interval(days => $3::int) END,
       plan = coalesce($4, plan)
     WHERE id = $1 RETURNING *`,
    [tenantId, change.state ?? null, change.extendTrialDays ?? null, change.plan ?? null, now],
  );
  const before = toTenant(locked);
  const after = toTenant(row!);
  await followStanding(db, before, after, now, actor);
  return { before, after };
}

/** The service pause a change of standing opens or ends. */
async function followStanding(db: Queryable, before: Tenant, after: Tenant, now: Date, actor: string): Promise<void> {
  const was = tenantStanding(before, now) === 'ok';
  const is = tenantStanding(after, now) === 'ok';
  // A trial that ran out by itself paused the company when it ended, with nothing recorded then.
  const lapsedAt = before.subscriptionState === 'trial' && before.trialEndsAt && before.trialEndsAt <= now ? before.trialEndsAt : null;
  if (was && !is) await openPause(db, after.id, 'subscription', now, actor);
  else if (!was && is) {
    const ended = await endPause(db, after.id, 'subscription', now, actor);
    if (!ended && lapsedAt) await recordEndedPause(db, after.id, 'subscription', lapsedAt, now, actor);
  } else if (!was && !is && lapsedAt) await openPause(db, after.id, 'subscription', lapsedAt, actor);
}

export interface CompanyOverview {
  id: number;
  name: string;
  kind: 'biotime' | 'group';
  subscriptionState: string;
  standing: 'ok' | 'suspended' | 'expired';
  trialEndsAt: Date | null;
  plan: string;
  memberCount: number;
  lastActivityAt: Date | null;
  /** The bot was removed from the company's group and not added back: its attendance is paused. */
  botAway: boolean;
}

/** Platform path: every company with its subscription, size and last clock-in or audited action. */
export async function companiesOverview(db: Queryable, now: Date, onlyId?: number): Promise<CompanyOverview[]> {
  const { rows } = await db.query<TenantRow & { plan: string; members: number; last_punch: Date | null; last_action: Date | null; bot_away: boolean }>(
    `SELECT t.*,
            (SELECT count(*)::int FROM members m WHERE m.tenant_id = t.id AND m.active) AS members,
            (SELECT p.punched_at FROM punches p WHERE p.tenant_id = t.id ORDER BY p.punched_at DESC LIMIT 1) AS last_punch,
            (SELECT a.created_at FROM audit_log a WHERE a.tenant_id = t.id ORDER BY a.created_at DESC LIMIT 1) AS last_action,
            EXISTS (SELECT 1 FROM service_pauses s WHERE s.tenant_id = t.id AND s.reason = 'bot-removed' AND s.ended_at IS NULL) AS bot_away
     FROM tenants t WHERE $1::bigint IS NULL OR t.id = $1 ORDER BY t.id`,
    [onlyId ?? null],
  );
  return rows.map((r) => {
    const tenant = toTenant(r);
    const last = [r.last_punch, r.last_action].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
    return {
      id: tenant.id, name: tenant.name, kind: tenant.kind, subscriptionState: tenant.subscriptionState, standing: tenantStanding(tenant, now),
      trialEndsAt: tenant.trialEndsAt, plan: r.plan, memberCount: r.members, lastActivityAt: last, botAway: r.bot_away,
    };
  });
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
): Promise<{ tenant: Tenant; sourceKey: string; sourceUid: string }> {
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
  const source = await one<{ uid: string }>(db, 'SELECT uid FROM biotime_sources WHERE source_key = $1', [settings.sourceKey]);
  if (!source) throw new Error('BioTime source vanished after insert');
  return { tenant: toTenant(row), sourceKey: settings.sourceKey, sourceUid: source.uid };
}

/** Platform path: the group companies whose /setup this Telegram user sent (the audit log keeps who). */
export async function groupTenantsSetUpBy(db: Queryable, telegramUserId: number): Promise<number[]> {
  const { rows } = await db.query<{ tenant_id: number }>(
    `SELECT DISTINCT a.tenant_id FROM audit_log a JOIN tenants t ON t.id = a.tenant_id
     WHERE a.action = 'tenant.created' AND a.actor = $1 AND t.kind = 'group' ORDER BY a.tenant_id`,
    [`telegram:${telegramUserId}`],
  );
  return rows.map((r) => r.tenant_id);
}
