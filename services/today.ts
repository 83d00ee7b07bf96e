// The panel's Today page: where every member due today stands right now (and, unjudged, anyone
// who joined today and first clocked in after the shift), and the month so far in three series
// (lates, absences and penalties per day). The same day data as the daily report
// (services/day-close.ts loadDay), judged as the rules engine sees an open day.
import type { Pool } from 'pg';
import { judgeDay, shiftWindow, type ViolationKind } from '../domain/attendance-rules';
import { workdayOf } from '../domain/clock-in';
import type { BreakType } from '../domain/clock-state';
import { localDate } from '../domain/time';
import { dayEvents, dayStateOf } from '../db/repositories/clock-ins';
import { rulesInForce } from '../db/repositories/rules';
import { getTenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { NotFoundError } from '../db/errors';
import { loadDay, membersNamed } from './day-close';
import { pausedSpans } from './day-report';

export type PersonStatus = 'in' | 'late' | 'on-break' | 'left' | 'absent' | 'on-leave' | 'not-arrived' | 'off';

export interface TodayPerson {
  memberId: number;
  name: string;
  status: PersonStatus;
  firstIn: string | null;
  lastOut: string | null;
  lateMinutes: number;
  breakType: BreakType | null;
  breakStartedAt: string | null;
}

export interface TodayBoard {
  workday: string;
  timeZone: string;
  asOf: string;
  isWorkday: boolean;
  /** The shift in the company's wall clock, HH:MM. */
  shiftStart: string;
  shiftEnd: string;
  counts: { due: number; in: number; late: number; onBreak: number; absent: number; onLeave: number; notArrived: number; left: number };
  /**
   * Spans of the shift when attendance was paused (the bot out of the group, the subscription
   * stopped), in the company's time ("10:00–10:05", "…" past the shift's bounds): nobody could
   * clock in then, so nobody who has not is shown absent.
   */
  paused: string[];
  people: TodayPerson[];
}

export async function todayBoard(pool: Pool, tenantId: number, now: Date): Promise<TodayBoard> {
  const { workday, day, due, newcomers } = await withTenant(pool, tenantId, async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant) throw new NotFoundError(`tenant ${tenantId} not found`);
    const current = workdayOf(now, await rulesInForce(tx, tenantId, localDate(now, tenant.timeZone), tenant.timeZone));
    const loaded = await loadDay(tx, tenantId, current);
    // Someone who joined today and first clocked in after the shift is not due (the day's close
    // does not judge them), but they are here: the board shows them, unjudged.
    const due = new Set(loaded.members.map((m) => m.id));
    const extra = [...loaded.punches.keys()].filter((id) => !due.has(id));
    return { workday: current, day: loaded, due, newcomers: extra.length > 0 ? await membersNamed(tx, tenantId, extra) : [] };
  });
  const shift = shiftWindow(day.rules, workday);
  const paused = pausedSpans(day);
  // Past the absence threshold, someone without a clock-in counts as absent, unless they could not clock in.
  const pastAbsence = paused.length === 0 && now.getTime() - shift.start.getTime() >= day.rules.absenceAfterMinutes * 60_000;
  const counts = { due: 0, in: 0, late: 0, onBreak: 0, absent: 0, onLeave: 0, notArrived: 0, left: 0 };
  const people: TodayPerson[] = [];
  for (const m of [...day.members, ...newcomers]) {
    const isDue = due.has(m.id);
    const punches = day.punches.get(m.id) ?? [];
    const events = dayEvents(punches);
    const state = dayStateOf(punches);
    const firstIn = events.find((e) => e.kind === 'start')?.at ?? null;
    const lastOut = [...events].reverse().find((e) => e.kind === 'end')?.at ?? null;
    const kinds = new Map<ViolationKind, number>();
    for (const v of day.violations.get(m.id) ?? []) if (!v.voided) kinds.set(v.kind, v.minutes);
    if (isDue) for (const v of judgeDay(day.rules, workday, events, { closed: false, onLeave: day.leave.has(m.id) }).violations) kinds.set(v.kind, v.minutes);

    let status: PersonStatus;
    if (day.leave.has(m.id) && state.status === 'not-started') status = 'on-leave';
    else if (state.status === 'on-break') status = 'on-break';
    else if (state.status === 'ended') status = 'left';
    else if (kinds.has('absence')) status = 'absent';
    else if (state.status === 'working') status = kinds.has('late') ? 'late' : 'in';
    else if (!day.isWorkday) status = 'off';
    else if (kinds.has('no-show') || pastAbsence) status = 'absent';
    else status = 'not-arrived';

    if (day.isWorkday && isDue) counts.due += 1;
    if (status === 'in' || status === 'late') counts.in += 1;
    if (kinds.has('late')) counts.late += 1;
    if (status === 'on-break') counts.onBreak += 1;
    if (status === 'absent') counts.absent += 1;
    if (status === 'on-leave') counts.onLeave += 1;
    if (status === 'not-arrived') counts.notArrived += 1;
    if (status === 'left') counts.left += 1;
    people.push({
      memberId: m.id,
      name: m.name,
      status,
      firstIn,
      lastOut,
      lateMinutes: kinds.get('late') ?? 0,
      breakType: state.status === 'on-break' ? state.breakType : null,
      breakStartedAt: state.status === 'on-break' ? state.since : null,
    });
  }
  return {
    workday,
    timeZone: day.tenant.timeZone,
    asOf: now.toISOString(),
    isWorkday: day.isWorkday,
    shiftStart: day.rules.shiftStart,
    shiftEnd: day.rules.shiftEnd,
    counts,
    paused,
    people,
  };
}

export interface MonthCharts {
  month: string;
  currency: string;
  dates: string[];
  lates: number[];
  absences: number[];
  /** Charged penalties (violations standing, plus admins' penalties), minor units per day. */
  penalties: number[];
}

/** The month's lates, absences and penalties per day, from what the violations table holds. */
export async function monthCharts(pool: Pool, tenantId: number, month: string): Promise<MonthCharts> {
  return withTenant(pool, tenantId, async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant) throw new NotFoundError(`tenant ${tenantId} not found`);
    const first = `${month}-01`;
    const { rows } = await tx.query<{ day: string; lates: number; absences: number; penalties: string }>(
      `WITH days AS (
         SELECT d::date AS day FROM generate_series($2::date, ($2::date + interval '1 month' - interval '1 day'), interval '1 day') d
       ),
       v AS (
         SELECT v.workday AS day,
                count(*) FILTER (WHERE v.kind = 'late')::int AS lates,
                count(*) FILTER (WHERE v.kind IN ('absence', 'no-show'))::int AS absences,
                coalesce(sum(v.amount) FILTER (WHERE NOT v.free), 0) AS amount
         FROM violations v
         WHERE v.tenant_id = $1 AND v.workday >= $2::date AND v.workday < $2::date + interval '1 month'
           AND NOT EXISTS (SELECT 1 FROM violation_voids x WHERE x.violation_id = v.id)
         GROUP BY v.workday
       ),
       a AS (
         SELECT (a.created_at AT TIME ZONE $3)::date AS day, sum(a.amount) AS amount
         FROM adjustments a
         WHERE a.tenant_id = $1 AND a.kind = 'penalty'
           AND a.created_at >= ($2::date::timestamp AT TIME ZONE $3)
           AND a.created_at < (($2::date + interval '1 month')::timestamp AT TIME ZONE $3)
         GROUP BY 1
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(v.lates, 0) AS lates, coalesce(v.absences, 0) AS absences,
              (coalesce(v.amount, 0) + coalesce(a.amount, 0))::text AS penalties
       FROM days LEFT JOIN v ON v.day = days.day LEFT JOIN a ON a.day = days.day
       ORDER BY days.day`,
      [tenantId, first, tenant.timeZone],
    );
    return {
      month,
      currency: tenant.currency,
      dates: rows.map((r) => r.day),
      lates: rows.map((r) => r.lates),
      absences: rows.map((r) => r.absences),
      penalties: rows.map((r) => Number(r.penalties)),
    };
  });
}
