import type { Client } from '@temporalio/client';
import type { Context } from 'grammy';
import type { Decisions } from '../services/decisions';
import type { Pool } from 'pg';
import type { RateLimiter } from '../cache/rate-limit';
import type { SubscriberCache } from '../cache/subscriber-cache';
import type { Logger } from '../config/logger';
import type { BiotimeSource } from '../db/biotime-source';
import type { Member } from '../db/repositories/members';
import type { Tenant } from '../db/repositories/tenants';
import { groupSenderOf } from './middlewares/sender';
import type { PressClock } from './press-times';

/** What every feature needs, passed in by bot/main.ts (or a test). */
export interface BotDeps {
  /** Works as the app role: queries see only the tenant named by withTenant (row-level security). */
  pool: Pool;
  /** The platform path, for what spans tenants: finding a group's tenant, creating one. */
  platformPool: Pool;
  directory: Pick<BiotimeSource, 'findEmployeeByIin'>;
  cache: Pick<SubscriberCache, 'invalidate'>;
  /** The tenant that owns the BioTime source (private-chat registration). */
  tenant: Tenant;
  log: Logger;
  temporal: Client;
  /** Listing and deciding requests, issuing adjustments: the same module the web panel calls. */
  decisions: Decisions;
  /** Short-lived cache of "is this user an admin of that group" (Telegram is asked on a miss). */
  adminCache: { get(key: string): Promise<string | null>; set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown> };
  /** Limits attempts people can repeat at will (IIN registration: each one is a directory lookup). */
  rateLimiter: RateLimiter;
  groupDefaults: { timeZone: string; trialDays: number };
  /** REPORT_SCHEDULES: whether companies' report schedules run or are kept paused. */
  reportSchedules: 'on' | 'paused';
  /** Where the web panel is reached (PANEL_PUBLIC_URL): /panel sends sign-in links to it. */
  panelPublicUrl?: string;
  /** SOURCE_SECRETS_KEY: reads the directories of companies' own BioTime sites at registration. */
  sourceSecretsKey?: string;
  /** When a button was pressed, as far as the order of Telegram's updates tells (createBot makes one). */
  pressClock?: Pick<PressClock, 'pressedBy'>;
  now?: () => Date;
}

export type BotContext = Context & {
  deps: BotDeps;
  log: Logger;
  /** The sender's active registration in the tenant, looked up once per private update. */
  member: Member | undefined;
};

export function actorOf(ctx: BotContext): string {
  // An admin posting as the group: which one, Telegram does not say.
  if (groupSenderOf(ctx) === 'anonymous-admin') return 'telegram:anonymous-admin';
  return `telegram:${ctx.from?.id ?? 'unknown'}`;
}
