// One-time sign-in links to the web panels: what the bot's /panel and `npm run panel:link` hand
// out. A link carries 32 random bytes (43 base64url characters), is valid 10 minutes and works once;
// only its SHA-256 is stored.
import { randomBytes } from 'node:crypto';
import { consumeSignInToken, insertSignInToken, type PanelIdentity } from '../db/repositories/web-sessions';
import type { Queryable } from '../db/queryable';

export const SIGN_IN_LINK_SECONDS = 10 * 60;
export const SIGN_IN_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A random secret of 32 bytes as 43 base64url characters (sign-in tokens, session ids, CSRF tokens). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Stores a sign-in token for this person and returns the link that uses it. */
export async function issueSignInLink(db: Queryable, who: PanelIdentity & { publicUrl: string }): Promise<string> {
  const token = randomSecret();
  await insertSignInToken(db, { telegramUserId: who.telegramUserId, tenantId: who.tenantId, role: who.role, token, ttlSeconds: SIGN_IN_LINK_SECONDS });
  return `${who.publicUrl.replace(/\/+$/, '')}/api/auth/link?token=${token}`;
}

/** Who a link's token was for, once; undefined for a forged, expired or used token. */
export async function redeemSignInToken(db: Queryable, token: string): Promise<PanelIdentity | undefined> {
  if (!SIGN_IN_TOKEN_PATTERN.test(token)) return undefined;
  return consumeSignInToken(db, token);
}
