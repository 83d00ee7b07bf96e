// The reporting steps: which company a schedule's run is for, closing its days, the day's report,
// and the month's summaries. Regular activities (a close of a big company takes seconds).
import type { Pool } from 'pg';
import { datesOfMonth, previousMonth } from '../domain/month-summary';
import { renderParts, type LanguagePair } from '../domain/messages';
import { localDate } from '../domain/time';
import { getTenant, tenantStanding } from '../db/repositories/tenants';
import { followRulesZone } from '../db/repositories/rules';
import { one } from '../db/queryable';
import { withTenant } from '../db/tenant-scope';
import { botAway } from '../db/repositories/service-pauses';
import { closeDay, daysToClose, markDayReported, type CloseResult } from '../services/day-close';
import { closeNotices, dayOverview, renderDayReport, type MemberNotice } from '../services/day-report';
import { hrMembers, memberSummariesPage, type SummaryMessage } from '../services/month-summary';

export interface ReportTenant {
  tenantId: number;
  name: string;
  chatId: number | null;
  /** Not suspended, not expired: reports run. */
  active: boolean;
  languagePair: LanguagePair;
  today: string;
  /** The month just ended, in the company's zone. */
  lastMonth: string;
}

/** How far back a daily run closes days it finds still open (a long outage, a new company). */
export const CLOSE_LOOKBACK_DAYS = 7;

export function createReportActivities(deps: { pool: Pool; platformPool: Pool }) {
  const { pool, platformPool } = deps;

  return {
    /** The company a schedule names by UUID; null when it no longer exists. */
    async reportTenant(tenantUid: string, nowIso: string): Promise<ReportTenant | null> {
      const row = await one<{ id: number }>(platformPool, 'SELECT id FROM tenants WHERE uid = $1', [tenantUid]);
      if (!row) return null;
      return withTenant(pool, row.id, async (tx) => {
        const found = await getTenant(tx, row.id);
        if (!found) return null;
        const now = new Date(nowIso);
        // A rules version that came into force since may have moved the company to another zone.
        const zone = await followRulesZone(tx, found, now);
        const tenant = zone === null ? found : { ...found, timeZone: zone };
        const today = localDate(now, tenant.timeZone);
        return {
          tenantId: tenant.id,
          name: tenant.name,
          chatId: tenant.telegramChatId,
          active: tenantStanding(tenant, now) === 'ok',
          languagePair: tenant.languagePair,
          today,
          lastMonth: previousMonth(today),
        };
      });
    },

    /** Ended days not closed (or not reported) yet: the last week's, or a month's (before its summary). */
    async daysToClose(tenantId: number, nowIso: string, scope: { month?: string }): Promise<string[]> {
      const now = new Date(nowIso);
      if (scope.month) {
        const dates = datesOfMonth(scope.month);
        return daysToClose(pool, tenantId, now, dates[0]!, dates.at(-1)!);
      }
      const from = new Date(now.getTime() - CLOSE_LOOKBACK_DAYS * 86_400_000).toISOString().slice(0, 10);
      return daysToClose(pool, tenantId, now, from);
    },

    async closeDay(tenantId: number, workday: string, workflowId: string): Promise<CloseResult> {
      return closeDay(pool, tenantId, workday, workflowId);
    },

    async markDayReported(tenantId: number, workday: string): Promise<void> {
      await markDayReported(pool, tenantId, workday);
    },

    /** The closed day's report for the group; null on a rest day nobody worked, or while the bot is out of the group. */
    async dayReport(tenantId: number, workday: string): Promise<{ chatId: number; text: string } | null> {
      if (await withTenant(pool, tenantId, (tx) => botAway(tx, tenantId))) return null;
      const o = await dayOverview(pool, tenantId, workday, { live: false });
      if (o.chatId === null || (!o.isWorkday && o.present === 0)) return null;
      return { chatId: o.chatId, text: renderDayReport(o, o.pair) };
    },

    async closeNotices(tenantId: number, workday: string, afterMemberId: number, limit: number): Promise<{ notices: MemberNotice[]; next: number | null }> {
      return closeNotices(pool, tenantId, workday, afterMemberId, limit);
    },

    async memberSummaries(tenantId: number, month: string, afterMemberId: number, limit: number): Promise<{ messages: SummaryMessage[]; unreachable: number; next: number | null }> {
      return memberSummariesPage(pool, tenantId, month, afterMemberId, limit);
    },

    /** Members named HR who opened the bot, and the covering text of the HR workbook. */
    async hrDelivery(tenantId: number, month: string, unreachable: number): Promise<{ hrUserIds: number[]; caption: string; members: number }> {
      const hr = await hrMembers(pool, tenantId);
      const head = await withTenant(pool, tenantId, async (tx) => {
        const tenant = await getTenant(tx, tenantId);
        const n = await one<{ n: number }>(tx, 'SELECT count(*)::int AS n FROM members WHERE tenant_id = $1 AND active', [tenantId]);
        return { name: tenant?.name ?? '', pair: tenant?.languagePair, members: n?.n ?? 0 };
      });
      const caption = renderParts(
        [
          { key: 'summary.hr.caption', params: { company: head.name, month, members: head.members } },
          ...(unreachable ? [{ key: 'summary.hr.unreachable' as const, params: { count: unreachable } }] : []),
        ],
        head.pair,
      );
      return { hrUserIds: hr.filter((h) => h.open).map((h) => h.telegramUserId), caption, members: head.members };
    },

    /** Whether the person opened a private chat with the bot (a document can only go there). */
    async privateChatsOpen(telegramUserIds: number[]): Promise<number[]> {
      if (!telegramUserIds.length) return [];
      const { rows } = await platformPool.query<{ telegram_user_id: string }>(
        'SELECT telegram_user_id FROM private_chats WHERE telegram_user_id = ANY($1::bigint[])',
        [telegramUserIds],
      );
      return rows.map((r) => Number(r.telegram_user_id));
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
