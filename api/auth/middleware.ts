// Who may call a route. Every route but the two sign-in endpoints starts with requireSession:
// a live session (401), the right role (403), the CSRF header on every change (403), and for a
// company admin Telegram's word that they still are one (else the session ends: 403).
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { revokeSession, touchSession, type PanelRole, type WebSession } from '../../db/repositories/web-sessions';
import { getTenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import type { ApiDeps } from '../deps';
import { createAdminCheck } from './admin-check';
import { clearSessionCookie, sessionIdOf } from './sessions';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in session of a request that passed requireSession. */
export function sessionOf(res: Response): WebSession {
  const session = (res.locals as { session?: WebSession }).session;
  if (!session) throw new Error('sessionOf called on a route without requireSession');
  return session;
}

/** A session's tenant (admins and employees always have one). */
export function tenantIdOf(res: Response): number {
  const tenantId = sessionOf(res).tenantId;
  if (tenantId === null) throw new Error('this route needs a tenant session');
  return tenantId;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type RequireSession = (...roles: PanelRole[]) => RequestHandler;

export function createRequireSession(deps: ApiDeps): RequireSession {
  const isAdmin = createAdminCheck(deps);
  return (...roles) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const sessionId = sessionIdOf(req);
      const session = sessionId ? await touchSession(deps.platformPool, sessionId) : undefined;
      if (!sessionId || !session) {
        res.status(401).json({ error: 'unauthenticated' });
        return;
      }
      if (!SAFE_METHODS.has(req.method) && !sameSecret(req.get('X-CSRF-Token') ?? '', session.csrfToken)) {
        res.status(403).json({ error: 'csrf' });
        return;
      }
      if (roles.length > 0 && !roles.includes(session.role)) {
        res.status(403).json({ error: 'forbidden' });
        return;
      }
      if (session.role === 'admin' && session.tenantId !== null) {
        const tenantId = session.tenantId;
        const tenant = await withTenant(deps.pool, tenantId, (tx) => getTenant(tx, tenantId));
        const still = tenant?.telegramChatId != null && (await isAdmin(tenant.telegramChatId, session.telegramUserId));
        if (!still) {
          await revokeSession(deps.platformPool, sessionId);
          clearSessionCookie(deps, res);
          res.status(403).json({ error: 'no-longer-admin' });
          return;
        }
      }
      res.locals.session = session;
      next();
    };
}
