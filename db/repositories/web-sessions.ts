// The web panels' sessions and one-time sign-in tokens (platform tables: no row-level security;
// callers use the platform pool). Only SHA-256 hashes of the secrets are stored or looked up.
import { createHash } from 'node:crypto';
import { one, type Queryable } from '../queryable';

export type PanelRole = 'admin' | 'employee' | 'super';

export const PANEL_ROLES: readonly PanelRole[] = ['admin', 'employee', 'super'];

/** Who a session or a sign-in token is for: a super admin has no tenant, everyone else one. */
export interface PanelIdentity {
  telegramUserId: number;
  tenantId: number | null;
  role: PanelRole;
}

export interface WebSession extends PanelIdentity {
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

interface SessionRow {
  telegram_user_id: number;
  tenant_id: number | null;
  role: PanelRole;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
}

export function sha256(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

const toSession = (row: SessionRow): WebSession => ({
  telegramUserId: row.telegram_user_id,
  tenantId: row.tenant_id,
  role: row.role,
  csrfToken: row.csrf_token,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

export async function insertSession(
  db: Queryable,
  s: PanelIdentity & { sessionId: string; csrfToken: string; ttlSeconds: number },
): Promise<WebSession> {
  const row = await one<SessionRow>(
    db,
    `INSERT INTO web_sessions (id_hash, telegram_user_id, tenant_id, role, csrf_token, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
     RETURNING telegram_user_id, tenant_id, role, csrf_token, created_at, expires_at`,
    [sha256(s.sessionId), s.telegramUserId, s.tenantId, s.role, s.csrfToken, s.ttlSeconds],
  );
  return toSession(row!);
}

/** The live session with this id (not revoked, not expired); marks it seen. */
export async function touchSession(db: Queryable, sessionId: string): Promise<WebSession | undefined> {
  const row = await one<SessionRow>(
    db,
    `UPDATE web_sessions SET last_seen_at = now()
     WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > now()
     RETURNING telegram_user_id, tenant_id, role, csrf_token, created_at, expires_at`,
    [sha256(sessionId)],
  );
  return row && toSession(row);
}

export async function revokeSession(db: Queryable, sessionId: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE web_sessions SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL', [sha256(sessionId)]);
  return (rowCount ?? 0) > 0;
}

export async function insertSignInToken(db: Queryable, t: PanelIdentity & { token: string; ttlSeconds: number }): Promise<void> {
  await db.query(
    `INSERT INTO panel_sign_in_tokens (token_hash, telegram_user_id, tenant_id, role, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [sha256(t.token), t.telegramUserId, t.tenantId, t.role, t.ttlSeconds],
  );
}

/** Uses a sign-in token once: who it was for, or undefined when unknown, expired or used already. */
export async function consumeSignInToken(db: Queryable, token: string): Promise<PanelIdentity | undefined> {
  const row = await one<{ telegram_user_id: number; tenant_id: number | null; role: PanelRole }>(
    db,
    `UPDATE panel_sign_in_tokens SET used_at = now()
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
     RETURNING telegram_user_id, tenant_id, role`,
    [sha256(token)],
  );
  return row && { telegramUserId: row.telegram_user_id, tenantId: row.tenant_id, role: row.role };
}

/** Ends every live session of a person (a super admin's action); how many were ended. */
export async function revokeSessionsOf(db: Queryable, telegramUserId: number): Promise<number> {
  const { rowCount } = await db.query('UPDATE web_sessions SET revoked_at = now() WHERE telegram_user_id = $1 AND revoked_at IS NULL AND expires_at > now()', [
    telegramUserId,
  ]);
  return rowCount ?? 0;
}

export interface LiveSession {
  idPrefix: string;
  telegramUserId: number;
  tenantId: number | null;
  companyName: string | null;
  role: PanelRole;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Live sessions (not revoked, not expired), newest first; never the id, only a short hash prefix to tell them apart. */
export async function liveSessions(db: Queryable, telegramUserId?: number): Promise<LiveSession[]> {
  const { rows } = await db.query<{
    id_prefix: string; telegram_user_id: number; tenant_id: number | null; company_name: string | null; role: PanelRole; created_at: Date; last_seen_at: Date; expires_at: Date;
  }>(
    `SELECT encode(substring(s.id_hash FROM 1 FOR 4), 'hex') AS id_prefix, s.telegram_user_id, s.tenant_id, t.name AS company_name, s.role,
            s.created_at, s.last_seen_at, s.expires_at
     FROM web_sessions s LEFT JOIN tenants t ON t.id = s.tenant_id
     WHERE s.revoked_at IS NULL AND s.expires_at > now() AND ($1::bigint IS NULL OR s.telegram_user_id = $1)
     ORDER BY s.last_seen_at DESC LIMIT 500`,
    [telegramUserId ?? null],
  );
  return rows.map((r) => ({
    idPrefix: r.id_prefix, telegramUserId: r.telegram_user_id, tenantId: r.tenant_id, companyName: r.company_name, role: r.role,
    createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at,
  }));
}

/** Deletes sessions and sign-in links that can no longer be used (a day after they ended, for the record). */
export async function sweepEndedSessions(db: Queryable): Promise<{ sessions: number; tokens: number }> {
  const sessions = await db.query("DELETE FROM web_sessions WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'");
  const tokens = await db.query("DELETE FROM panel_sign_in_tokens WHERE expires_at < now() - interval '1 day'");
  return { sessions: sessions.rowCount ?? 0, tokens: tokens.rowCount ?? 0 };
}
