// The panel's API started in this test process against a stack's databases, Redis, Temporal and
// fake Bot API, with helpers to play a browser (the session cookie, the CSRF header).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { Api } from 'grammy';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { signInitData } from '../../api/auth/telegram-init-data';
import { createRateLimiter } from '../../cache/rate-limit';
import { createRedis } from '../../cache/redis';
import { createSubscriberCache } from '../../cache/subscriber-cache';
import { listenForPanelEvents } from '../../api/events';
import { createLogger } from '../../config/logger';
import { createPool } from '../../db/pool';
import type { PanelIdentity } from '../../db/repositories/web-sessions';
import { createTenantScopedPool } from '../../db/tenant-scope';
import { createDecisions } from '../../services/decisions';
import { issueSignInLink } from '../../services/panel-links';
import type { FakeUser } from '../support/fake-telegram/types';
import { TEST_BOT_TOKEN, type Stack } from '../support/stack';

export const SUPER_ADMIN: FakeUser = { id: 9_900_001, first_name: 'Operator' };

export interface ApiHarness {
  baseUrl: string;
  app: ReturnType<typeof createApp>;
  /** Every line the API logged, as written. */
  logLines: string[];
  link(who: PanelIdentity): Promise<string>;
  close(): Promise<void>;
}

export async function startApi(stack: Stack, overrides: Partial<ApiDeps> = {}): Promise<ApiHarness> {
  const url = String(stack.env.DATABASE_URL);
  const pool = createTenantScopedPool(url, { max: 4 });
  const platformPool = createPool(url, { max: 4 });
  const redis = createRedis(String(stack.env.REDIS_URL), String(stack.env.REDIS_KEY_PREFIX));
  const telegram = new Api(TEST_BOT_TOKEN, { apiRoot: stack.fake.apiRoot });
  const logLines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString('utf8')), done()) });
  const publicUrl = 'http://127.0.0.1:8080';
  const log = createLogger('api', 'info', sink);
  const events = await listenForPanelEvents(url, log);
  const app = createApp({
    pool,
    platformPool,
    temporal: stack.temporal,
    decisions: createDecisions({ pool, temporal: stack.temporal }),
    telegram: {
      getChatMember: (chatId, userId) => telegram.getChatMember(chatId, userId),
      getChatAdministrators: (chatId) => telegram.getChatAdministrators(chatId),
    },
    events,
    subscriberCache: createSubscriberCache({ redis, pool }),
    adminCache: redis,
    rateLimiter: createRateLimiter({ redis }),
    log,
    reportSchedules: 'paused',
    temporalUi: { url: 'http://127.0.0.1:8233', namespace: String(stack.env.TEMPORAL_NAMESPACE ?? 'default') },
    botToken: TEST_BOT_TOKEN,
    publicUrl,
    superAdminIds: [SUPER_ADMIN.id],
    ...overrides,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    app,
    logLines,
    // The link names the public URL; the test opens the same path on this server.
    link: async (who) => (await issueSignInLink(platformPool, { ...who, publicUrl })).replace(publicUrl, baseUrl),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await events.close();
      await Promise.all([pool.end(), platformPool.end()]);
      redis.disconnect();
    },
  };
}

/** A browser's view of the panel: keeps the session cookie, sends the CSRF token on changes. */
export class Browser {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async open(url: string): Promise<Response> {
    const res = await fetch(url, { redirect: 'manual', headers: this.headers() });
    this.keepCookie(res);
    return res;
  }

  async get(path: string): Promise<Response> {
    return this.open(`${this.baseUrl}${path}`);
  }

  async post(path: string, body: unknown = {}, options: { csrf?: boolean } = {}): Promise<Response> {
    return this.send('POST', path, body, options);
  }

  /** Any change (POST, PUT, PATCH, DELETE) with a JSON body, with the CSRF header unless told not to. */
  async send(method: string, path: string, body: unknown = {}, options: { csrf?: boolean } = {}): Promise<Response> {
    return this.sendText(method, path, JSON.stringify(body), options);
  }

  /** A change whose body is sent as written, labelled JSON (whether it is or not). */
  async sendText(method: string, path: string, text: string, options: { csrf?: boolean } = {}): Promise<Response> {
    const headers = { ...this.headers(), 'content-type': 'application/json', ...(options.csrf !== false && this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}) };
    const res = await fetch(`${this.baseUrl}${path}`, { method, redirect: 'manual', headers, body: text });
    this.keepCookie(res);
    return res;
  }

  /** Signs in with a one-time link and reads the session (for its CSRF token). */
  async signIn(link: string): Promise<this> {
    const res = await this.open(link);
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
    await this.session();
    return this;
  }

  /** Reads the session (and its CSRF token); the JSON body. */
  async session(): Promise<Record<string, unknown> & { status: number }> {
    const res = await this.get('/api/session');
    const body = (await res.json()) as Record<string, unknown>;
    if (typeof body.csrfToken === 'string') this.csrfToken = body.csrfToken;
    return { ...body, status: res.status };
  }

  private headers(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private keepCookie(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=');
      if (name === 'att_session') this.cookie = value ? `att_session=${value}` : undefined;
    }
  }
}

/** initData as Telegram would hand it to the Mini App, signed with the bot token unless told otherwise. */
export function initDataFor(user: FakeUser, options: { authDate?: number; token?: string } = {}): string {
  const fields: Record<string, string> = {
    query_id: 'AAH-test',
    user: JSON.stringify({ id: user.id, first_name: user.first_name, ...(user.username ? { username: user.username } : {}) }),
    auth_date: String(options.authDate ?? Math.floor(Date.now() / 1000)),
  };
  const hash = signInitData(fields, options.token ?? TEST_BOT_TOKEN);
  return new URLSearchParams({ ...fields, hash }).toString();
}

/** Every route the app serves under /api, from the router itself ("METHOD /path/:param"). */
export function apiRoutes(app: ApiHarness['app']): string[] {
  function walk(layers: unknown[]): string[] {
    const found: string[] = [];
    for (const layer of layers as Array<{ route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }>) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      else if (layer.handle?.stack) found.push(...walk(layer.handle.stack));
    }
    return found;
  }
  return walk((app as unknown as { router: { stack: unknown[] } }).router.stack).filter((r) => r.split(' ')[1]!.startsWith('/api'));
}
