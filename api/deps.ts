// What the HTTP API needs, passed in by api/main.ts (or a test): no module-level clients.
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { RateLimiter } from '../cache/rate-limit';
import type { SubscriberCache } from '../cache/subscriber-cache';
import type { Logger } from '../config/logger';
import type { Decisions } from '../services/decisions';
import type { PanelEvents } from './events';

/** The Bot API calls the panel makes: who a user is in a company's group, and who its admins are. */
export interface ChatMemberLookup {
  getChatMember(chatId: number, userId: number): Promise<{ status: string; user: { first_name: string; last_name?: string } }>;
  getChatAdministrators(chatId: number): Promise<Array<{ status: string; user: { id: number; is_bot: boolean; first_name: string; last_name?: string; username?: string } }>>;
}

export interface ApiDeps {
  /** The app role (row-level security): every tenant query goes through withTenant. */
  pool: Pool;
  /** The platform path: sessions, sign-in tokens, tenants by id, the super admin's views. */
  platformPool: Pool;
  temporal: Client;
  decisions: Decisions;
  telegram: ChatMemberLookup;
  /** Clock-ins and requests as they are committed, per company (server-sent events). */
  events: PanelEvents;
  /** Who is told of an employee's punches (cached by the bot and worker): dropped when a member is deactivated. */
  subscriberCache: Pick<SubscriberCache, 'invalidate'>;
  /** Redis in production; any failure falls back to an in-process cache. */
  adminCache: { get(key: string): Promise<string | null>; set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown> };
  rateLimiter: RateLimiter;
  log: Logger;
  botToken: string;
  /** PANEL_PUBLIC_URL: https makes the session cookie Secure. */
  publicUrl: string;
  superAdminIds: readonly number[];
  /** REPORT_SCHEDULES, for rules and subscription changes that re-sync the report schedules. */
  reportSchedules: 'on' | 'paused';
  /** Where the audit log's workflow links point: the Temporal Web UI and the namespace. */
  temporalUi: { url: string; namespace: string };
  /** SOURCE_SECRETS_KEY: seals the connections of BioTime sources a super admin registers. */
  sourceSecretsKey?: string;
  /** The built panel (admin-ui/dist); when absent, only the API is served. */
  panelDir?: string;
  /** API_TRUSTED_PROXIES: how many proxy hops' X-Forwarded-For to believe (0: the socket's address). */
  trustedProxies?: number;
  /** How long Telegram's word that someone is an admin is trusted (seconds; 120 by default). */
  adminRecheckSeconds?: number;
  now?: () => Date;
}
