// Signing in and out. Two ways in: a one-time link from the bot (GET /api/auth/link) and a
// Telegram Mini App's signed initData (POST /api/auth/webapp). Both are rate limited per IP (and
// the Mini App per user too), create a fresh session every time and set its cookie.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { findActiveMemberByTelegramUser, groupMembershipsOfUser } from '../../db/repositories/members';
import { getTenant } from '../../db/repositories/tenants';
import { revokeSession, type PanelIdentity } from '../../db/repositories/web-sessions';
import { withTenant } from '../../db/tenant-scope';
import { redeemSignInToken } from '../../services/panel-links';
import { isAdminStatus } from '../auth/admin-check';
import { sessionOf, type RequireSession } from '../auth/middleware';
import { clearSessionCookie, sessionIdOf, startSession } from '../auth/sessions';
import { verifyInitData } from '../auth/telegram-init-data';
import type { ApiDeps } from '../deps';
import { parseInput } from '../validation';

/** The routes anyone may call without a session (everything else must answer 401 without one). */
export const SIGN_IN_ROUTES = ['GET /api/auth/link', 'POST /api/auth/webapp'] as const;

const SIGN_INS_PER_IP = 30;
const SIGN_INS_PER_USER = 10;
const WINDOW_SECONDS = 60;

const linkQuery = z.object({ token: z.string().min(1).max(200) });
const webappBody = z.object({
  initData: z.string().min(1).max(4096),
  tenantId: z.number().int().positive().optional(),
});

export function authRoutes(deps: ApiDeps, requireSession: RequireSession): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  /** Counts one attempt against `key`; answers 429 and returns false when over the limit. */
  async function withinLimit(res: Response, key: string, limit: number): Promise<boolean> {
    const verdict = await deps.rateLimiter.attempt(key, limit, WINDOW_SECONDS);
    if (verdict.allowed) return true;
    res.set('Retry-After', String(verdict.retryAfterSeconds)).status(429).json({ error: 'too-many-attempts' });
    return false;
  }
  const ipOf = (req: Request) => req.ip ?? 'unknown';

  router.get('/api/auth/link', async (req, res) => {
    if (!(await withinLimit(res, `panel-sign-in:ip:${ipOf(req)}`, SIGN_INS_PER_IP))) return;
    const query = parseInput(linkQuery, req.query, res);
    if (!query) return;
    const who = await redeemSignInToken(deps.platformPool, query.token);
    if (!who) {
      res.status(401).json({ error: 'invalid-link' });
      return;
    }
    await startSession(deps, res, who);
    res.redirect(303, '/');
  });

  router.post('/api/auth/webapp', async (req, res) => {
    if (!(await withinLimit(res, `panel-sign-in:ip:${ipOf(req)}`, SIGN_INS_PER_IP))) return;
    const body = parseInput(webappBody, req.body, res);
    if (!body) return;
    const verdict = verifyInitData(body.initData, deps.botToken, now());
    if (!verdict.ok) {
      res.status(401).json({ error: 'invalid-init-data' });
      return;
    }
    const userId = verdict.user.id;
    if (!(await withinLimit(res, `panel-sign-in:user:${userId}`, SIGN_INS_PER_USER))) return;
    const who = await identify(deps, userId, body.tenantId ?? (await onlyCompanyOf(deps, userId)));
    if (!who) {
      res.status(403).json({ error: 'not-a-member' });
      return;
    }
    await startSession(deps, res, who);
    res.json({ role: who.role, tenantId: who.tenantId });
  });

  router.get('/api/session', requireSession(), async (_req, res) => {
    const session = sessionOf(res);
    const tenantId = session.tenantId;
    const tenant = tenantId === null ? undefined : await withTenant(deps.pool, tenantId, (tx) => getTenant(tx, tenantId));
    res.json({
      role: session.role,
      tenantId,
      telegramUserId: session.telegramUserId,
      csrfToken: session.csrfToken,
      company: tenant ? { name: tenant.name, languagePair: tenant.languagePair, currency: tenant.currency, timeZone: tenant.timeZone } : null,
    });
  });

  router.post('/api/auth/logout', requireSession(), async (req, res) => {
    const sessionId = sessionIdOf(req);
    if (sessionId) await revokeSession(deps.platformPool, sessionId);
    clearSessionCookie(deps, res);
    res.status(204).end();
  });

  return router;
}

/**
 * The company a Mini App opened without one is about: the person's only company. Someone in
 * several is asked to open it from the company (the menu link carries ?tenant=).
 */
async function onlyCompanyOf(deps: ApiDeps, telegramUserId: number): Promise<number | null> {
  const memberships = await groupMembershipsOfUser(deps.platformPool, telegramUserId);
  const companies = new Set(memberships.map((m) => m.tenantId));
  return companies.size === 1 ? [...companies][0]! : null;
}

/**
 * What a Telegram user is to the panel: a super admin (SUPER_ADMIN_TELEGRAM_IDS), else an admin of
 * the company when Telegram says they administer its group, else an employee when they are one of
 * its active members; undefined otherwise.
 */
async function identify(deps: ApiDeps, telegramUserId: number, tenantId: number | null): Promise<PanelIdentity | undefined> {
  if (deps.superAdminIds.includes(telegramUserId)) return { telegramUserId, tenantId: null, role: 'super' };
  if (tenantId === null) return undefined;
  const tenant = await withTenant(deps.pool, tenantId, (tx) => getTenant(tx, tenantId));
  if (!tenant) return undefined;
  if (tenant.telegramChatId !== null) {
    const member = await deps.telegram.getChatMember(tenant.telegramChatId, telegramUserId).catch(() => undefined);
    if (member && isAdminStatus(member.status)) return { telegramUserId, tenantId, role: 'admin' };
  }
  const member = await withTenant(deps.pool, tenantId, (tx) => findActiveMemberByTelegramUser(tx, tenantId, telegramUserId));
  return member ? { telegramUserId, tenantId, role: 'employee' } : undefined;
}
