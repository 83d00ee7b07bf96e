// A company's day in one short bilingual message: the closed day's report posted to the group,
// and /report at any time (the day so far). Names are listed for who was late, absent, on leave
// or missing a clock-out, a few per line, so a big company's report stays readable. Someone who
// came so late that it counts as an absence is listed apart from who never came, with the time
// they came: they are also among those present.
import type { Pool } from 'pg';
import { judgeDay, shiftWindow, type ViolationKind } from '../domain/attendance-rules';
import { date, money, renderParts, type LanguagePair, type MessagePart } from '../domain/messages';
import { formatLocalTime } from '../domain/time';
import { dayEvents, dayStateOf } from '../db/repositories/clock-ins';
import { withTenant } from '../db/tenant-scope';
import { loadDay, type DayData } from './day-close';

export const NAMES_PER_LINE = 10;

export interface DayOverview {
  workday: string;
  isWorkday: boolean;
  /** The day so far (not closed): who has not arrived yet, who is on a break now. */
  live: boolean;
  due: number;
  present: number;
  late: string[];
  /** Did not come. */
  absent: string[];
  /** Came so late it counts as an absence (past the rules' threshold): "name HH:MM". */
  cameTooLate: string[];
  onLeave: string[];
  missingClockOut: string[];
  notArrived: string[];
  onBreak: string[];
  /** Spans of the shift when attendance was paused, in the company's time ("10:00–10:05", "…" past the shift's bounds). */
  paused: string[];
}

export async function dayOverview(pool: Pool, tenantId: number, workday: string, options: { live: boolean }): Promise<DayOverview & { pair: LanguagePair; chatId: number | null; zone: string }> {
  return withTenant(pool, tenantId, async (tx) => {
    const day = await loadDay(tx, tenantId, workday);
    const o: DayOverview = {
      workday, isWorkday: day.isWorkday, live: options.live, due: 0, present: 0,
      late: [], absent: [], cameTooLate: [], onLeave: [], missingClockOut: [], notArrived: [], onBreak: [],
      paused: pausedSpans(day),
    };
    for (const m of day.members) {
      const punches = day.punches.get(m.id) ?? [];
      const events = dayEvents(punches);
      const started = events.some((e) => e.kind === 'start');
      if (day.isWorkday) o.due += 1;
      if (started) o.present += 1;
      if (day.leave.has(m.id)) {
        if (day.isWorkday) o.onLeave.push(m.name);
        continue;
      }
      const kinds = new Set<ViolationKind>((day.violations.get(m.id) ?? []).filter((v) => !v.voided).map((v) => v.kind));
      if (options.live) {
        // Not closed: what the clock-ins show so far, as the rules engine sees the open day.
        for (const v of judgeDay(day.rules, workday, events, { closed: false }).violations) kinds.add(v.kind);
        if (dayStateOf(punches).status === 'on-break') o.onBreak.push(m.name);
        if (!started && day.isWorkday) o.notArrived.push(m.name);
      }
      if (kinds.has('late')) o.late.push(m.name);
      const came = events.find((e) => e.kind === 'start');
      if (kinds.has('absence') && came) o.cameTooLate.push(`${m.name} ${formatLocalTime(new Date(came.at), day.tenant.timeZone)}`);
      else if (kinds.has('no-show') || kinds.has('absence')) o.absent.push(m.name);
      if (kinds.has('missing-clock-out')) o.missingClockOut.push(m.name);
    }
    return { ...o, pair: day.tenant.languagePair, chatId: day.tenant.telegramChatId, zone: day.tenant.timeZone };
  });
}

/** Each pause as a span of the shift: its local times, "…" where it began before or ends after the shift. */
export function pausedSpans(day: DayData): string[] {
  const { start, end } = shiftWindow(day.rules, day.workday);
  const zone = day.tenant.timeZone;
  return day.pauses.map((p) => {
    const from = p.startedAt <= start ? '…' : formatLocalTime(p.startedAt, zone);
    const to = p.endedAt === null || p.endedAt >= end ? '…' : formatLocalTime(p.endedAt, zone);
    return `${from}–${to}`;
  });
}

function names(list: string[]): { names: string; more: number } {
  const shown = list.slice(0, NAMES_PER_LINE).join(', ');
  return { names: shown, more: Math.max(0, list.length - NAMES_PER_LINE) };
}

/** The report as one bilingual text; `asOf` for the day so far. */
export function renderDayReport(o: DayOverview, pair: LanguagePair, asOf?: { at: Date; zone: string }): string {
  const parts: MessagePart[] = [
    o.live && asOf
      ? { key: 'report.day.live', params: { date: date(o.workday), time: formatLocalTime(asOf.at, asOf.zone) } }
      : { key: 'report.day.title', params: { date: date(o.workday) } },
  ];
  if (!o.isWorkday && o.present === 0) {
    parts.push({ key: 'report.day.restDay' });
    return renderParts(parts, pair);
  }
  parts.push({
    key: 'report.day.counts',
    params: { due: o.due, present: o.present, late: o.late.length, absent: o.absent.length + o.cameTooLate.length, leave: o.onLeave.length, missing: o.missingClockOut.length },
  });
  if (o.paused.length) parts.push({ key: 'report.day.paused', params: { spans: o.paused.join(', ') } });
  type ListKey = 'report.day.late' | 'report.day.absent' | 'report.day.cameTooLate' | 'report.day.onLeave' | 'report.day.missing' | 'report.day.notArrived' | 'report.day.onBreak';
  const lists: Array<readonly [string[], ListKey]> = [
    [o.late, 'report.day.late'],
    [o.absent, 'report.day.absent'],
    [o.cameTooLate, 'report.day.cameTooLate'],
    [o.missingClockOut, 'report.day.missing'],
    [o.onLeave, 'report.day.onLeave'],
    ...(o.live ? ([[o.notArrived, 'report.day.notArrived'], [o.onBreak, 'report.day.onBreak']] as const) : []),
  ];
  for (const [list, key] of lists) {
    if (!list.length) continue;
    const { names: shown, more } = names(list);
    parts.push({ key, params: { names: shown } });
    if (more) parts.push({ key: 'report.day.more', params: { count: more } });
  }
  if (!o.paused.length && !o.late.length && !o.absent.length && !o.cameTooLate.length && !o.missingClockOut.length && (!o.live || !o.notArrived.length)) parts.push({ key: 'report.day.allGood' });
  return renderParts(parts, pair);
}

/** One line per violation the close recorded: its kind, minutes, and what it costs. */
function violationLine(kind: ViolationKind, minutes: number, amount: number, free: boolean, currency: string): MessagePart {
  const localized = { kind: `penalties.kind.${kind}` as const };
  if (free) return { key: 'close.notice.free', params: { minutes }, localized };
  if (amount > 0) return { key: 'close.notice.charged', params: { minutes, amount: money(amount, currency) }, localized };
  return { key: 'close.notice.recorded', params: { minutes }, localized };
}

export interface MemberNotice {
  memberId: number;
  chatId: number;
  text: string;
}

/**
 * What the close recorded for each member, privately, a page at a time (members after
 * `afterMemberId`). Only members who opened the bot: the group's report names the others.
 */
export async function closeNotices(pool: Pool, tenantId: number, workday: string, afterMemberId: number, limit: number): Promise<{ notices: MemberNotice[]; next: number | null }> {
  return withTenant(pool, tenantId, async (tx) => {
    const { rows } = await tx.query<{ member_id: number; telegram_user_id: number; open: boolean; kinds: ViolationKind[]; minutes: number[]; amounts: string[]; frees: boolean[]; pair: string[]; currency: string }>(
      `SELECT v.member_id, m.telegram_user_id, EXISTS (SELECT 1 FROM private_chats c WHERE c.telegram_user_id = m.telegram_user_id) AS open,
              array_agg(v.kind ORDER BY v.id) AS kinds, array_agg(v.minutes ORDER BY v.id) AS minutes,
              array_agg(v.amount ORDER BY v.id) AS amounts, array_agg(v.free ORDER BY v.id) AS frees,
              (SELECT language_pair FROM tenants WHERE id = $1) AS pair, min(v.currency) AS currency
       FROM violations v JOIN members m ON m.id = v.member_id
       WHERE v.tenant_id = $1 AND v.workday = $2 AND v.by_close AND v.member_id > $3
         AND NOT EXISTS (SELECT 1 FROM violation_voids x WHERE x.violation_id = v.id)
       GROUP BY v.member_id, m.telegram_user_id ORDER BY v.member_id LIMIT $4`,
      [tenantId, workday, afterMemberId, limit],
    );
    const notices: MemberNotice[] = [];
    for (const r of rows) {
      if (!r.open) continue;
      const pair = [r.pair[0], r.pair[1]] as unknown as LanguagePair;
      const lines: MessagePart[] = [{ key: 'close.notice.header', params: { date: date(workday) } }];
      r.kinds.forEach((kind, i) => lines.push(violationLine(kind, r.minutes[i]!, Number(r.amounts[i]), r.frees[i]!, r.currency)));
      lines.push({ key: 'close.notice.footer' });
      notices.push({ memberId: r.member_id, chatId: r.telegram_user_id, text: renderParts(lines, pair) });
    }
    return { notices, next: rows.length === limit ? rows.at(-1)!.member_id : null };
  });
}

