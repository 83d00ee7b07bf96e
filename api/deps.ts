// What the HTTP API needs, passed in by api/main.ts (or a test): no module-level clients.
import type { Pool } from 'pg';
import type { RateLimiter } from '../cache/rate-limit';
import type { Logger } from '../config/logger';
import type { Decisions } from '../services/decisions';

/** The one Bot API call the panel makes: who a user is in a company's group. */
export interface ChatMemberLookup {
  getChatMember(chatId: number, userId: number): Promise<{ status: string; user: { first_name: string; last_name?: string } }>;
}

export interface ApiDeps {
  /** The app role (row-level security): every tenant query goes through withTenant. */
  pool: Pool;
  /** The platform path: sessions, sign-in tokens, tenants by id, the super admin's views. */
  platformPool: Pool;
  decisions: Decisions;
  telegram: ChatMemberLookup;
  /** Redis in production; any failure falls back to an in-process cache. */
  adminCache: { get(key: string): Promise<string | null>; set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown> };
  rateLimiter: RateLimiter;
  log: Logger;
  botToken: string;
  /** PANEL_PUBLIC_URL: https makes the session cookie Secure. */
  publicUrl: string;
  superAdminIds: readonly number[];
  /** API_TRUSTED_PROXIES: how many proxy hops' X-Forwarded-For to believe (0: the socket's address). */
  trustedProxies?: number;
  /** How long Telegram's word that someone is an admin is trusted (seconds; 120 by default). */
  adminRecheckSeconds?: number;
  now?: () => Date;
}
