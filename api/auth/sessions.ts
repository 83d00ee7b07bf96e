// The session cookie: a fresh random id at every sign-in (never reused, only its hash stored),
// httpOnly, SameSite=Lax, Secure behind https, 12 hours.
import type { Request, Response } from 'express';
import { insertSession, type PanelIdentity, type WebSession } from '../../db/repositories/web-sessions';
import { randomSecret } from '../../services/panel-links';
import type { ApiDeps } from '../deps';

export const SESSION_COOKIE = 'att_session';
export const SESSION_SECONDS = 12 * 60 * 60;

function cookieOptions(publicUrl: string) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: publicUrl.startsWith('https://') };
}

/** Creates a new session for this person and sets its cookie. */
export async function startSession(deps: Pick<ApiDeps, 'platformPool' | 'publicUrl'>, res: Response, who: PanelIdentity): Promise<WebSession> {
  const sessionId = randomSecret();
  const session = await insertSession(deps.platformPool, { ...who, sessionId, csrfToken: randomSecret(), ttlSeconds: SESSION_SECONDS });
  res.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions(deps.publicUrl), maxAge: SESSION_SECONDS * 1000 });
  return session;
}

export function clearSessionCookie(deps: Pick<ApiDeps, 'publicUrl'>, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(deps.publicUrl));
}

/** The session id the browser sent, when it looks like one of ours. */
export function sessionIdOf(req: Request): string | undefined {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}
