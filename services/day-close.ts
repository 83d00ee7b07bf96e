// Closing a company's day: what only the end of a day shows (a no-show, a missing clock-out, a
// break never ended; an absence or lateness no clock-in recorded) is judged for every member due
// that day, priced by the rules in force that day with the month's free allowance, and stored
// once per member, day and kind however often the close runs. The day's overview (the group's
// report, and /report at any time) is read from what stands. Set-based: a handful of queries
// for the whole company, whatever its size.
import type { Pool, PoolClient } from 'pg';
import { DateTime } from 'luxon';
import { isWorkday, judgeDay, priceViolation, shiftWindow, workdayBegins, type AttendanceRules, type ViolationKind } from '../domain/attendance-rules';
import type { BreakType } from '../domain/clock-state';
import { workdayResolver } from '../domain/clock-in';
import type { LeaveType } from '../domain/leave';
import { rulesByDay } from '../domain/month-summary';
import { localDate } from '../domain/time';
import { dayEvents, type DayPunch } from '../db/repositories/clock-ins';
import { rulesInForce, rulesVersions } from '../db/repositories/rules';
import { pausesOverlapping, type ServicePause } from '../db/repositories/service-pauses';
import { getTenant, type Tenant } from '../db/repositories/tenants';
import { withTenant } from '../db/tenant-scope';
import { NotFoundError } from '../db/errors';

export interface DueMember {
  id: number;
  name: string;
  telegramUserId: number;
}

export interface DayViolation {
  id: number;
  memberId: number;
  kind: ViolationKind;
  minutes: number;
  amount: number;
  free: boolean;
  byClose: boolean;
  voided: boolean;
  punchId: number | null;
  breakType: BreakType | null;
}

/** Everything a company's day holds, for every member due that day. */
export interface DayData {
  tenant: Tenant;
  rules: AttendanceRules;
  workday: string;
  isWorkday: boolean;
  members: DueMember[];
  punches: Map<number, DayPunch[]>;
  leave: Map<number, LeaveType>;
  violations: Map<number, DayViolation[]>;
  /** When the company's attendance was paused during the day's shift (see service-pauses). */
  pauses: ServicePause[];
}

type MemberRow = { id: number; full_name: string; telegram_username: string | null; telegram_user_id: number };
const asDueMember = (r: MemberRow): DueMember => ({ id: r.id, name: r.telegram_username ? `@${r.telegram_username}` : r.full_name, telegramUserId: r.telegram_user_id });

/** Members by id, named as the day's members are (for those with punches who are not due). */
export async function membersNamed(tx: PoolClient, tenantId: number, ids: number[]): Promise<DueMember[]> {
  const { rows } = await tx.query<MemberRow>(
    'SELECT id, full_name, telegram_username, telegram_user_id FROM members WHERE tenant_id = $1 AND id = ANY($2::bigint[]) ORDER BY id',
    [tenantId, ids],
  );
  return rows.map(asDueMember);
}

/**
 * Due on a day ($2, its shift ending at $3, in zone $4): active then, and with the company before
 * it, or clocking in that day before its shift ended. Someone who joined that day and first clocked
 * in after the shift is not judged for it: not by the close, not as their clock-ins come.
 */
const DUE_ON_DAY = `(m.active OR m.deactivated_at >= $3)
       AND ((m.registered_at AT TIME ZONE $4)::date < $2::date
            OR EXISTS (SELECT 1 FROM punches p WHERE p.tenant_id = m.tenant_id AND p.member_id = m.id
                       AND p.punched_at >= $3::timestamptz - interval '2 days' AND p.punched_at < $3))`;

async function dueMembers(tx: PoolClient, tenant: Tenant, workday: string, dayEnd: Date): Promise<DueMember[]> {
  const { rows } = await tx.query<MemberRow>(
    `SELECT m.id, m.full_name, m.telegram_username, m.telegram_user_id FROM members m
     WHERE m.tenant_id = $1 AND ${DUE_ON_DAY}
     ORDER BY m.id`,
    [tenant.id, workday, dayEnd, tenant.timeZone],
  );
  return rows.map(asDueMember);
}

/** Whether a member is due on a day whose shift ends at `dayEnd` (see DUE_ON_DAY). */
export async function isDueOn(tx: PoolClient, tenant: Tenant, memberId: number, workday: string, dayEnd: Date): Promise<boolean> {
  const { rows } = await tx.query<{ due: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM members m WHERE m.tenant_id = $1 AND m.id = $5 AND ${DUE_ON_DAY}) AS due`,
    [tenant.id, workday, dayEnd, tenant.timeZone, memberId],
  );
  return rows[0]?.due ?? false;
}

export async function loadDay(tx: PoolClient, tenantId: number, workday: string): Promise<DayData> {
  const tenant = await getTenant(tx, tenantId);
  if (!tenant) throw new NotFoundError(`tenant ${tenantId} not found`);
  const rules = await rulesInForce(tx, tenantId, workday, tenant.timeZone);
  const { end: shiftEnd } = shiftWindow(rules, workday);
  const members = await dueMembers(tx, tenant, workday, shiftEnd);

  // The workday's own instants: from when it begins (midnight, an overnight shift's cutoff, or the
  // evening before a shift in the small hours) to when the next one does, padded by two hours for a
  // clock change; the resolver below decides each instant.
  const begins = workdayBegins(rules);
  const local = (day: string) => DateTime.fromISO(day, { zone: rules.timeZone }).plus({ minutes: begins });
  const from = local(workday).minus({ hours: 2 }).toJSDate();
  const to = local(DateTime.fromISO(workday).plus({ days: 1 }).toISODate()!).plus({ hours: 2 }).toJSDate();
  const workdayAt = workdayResolver(rules.timeZone, () => rules);
  const punchRows = await tx.query<{ id: number; uid: string; member_id: number; kind: string; break_type: string | null; punched_at: Date }>(
    `SELECT id, uid, member_id, kind, break_type, punched_at FROM punches
     WHERE tenant_id = $1 AND member_id IS NOT NULL AND punched_at >= $2 AND punched_at < $3
       AND NOT EXISTS (SELECT 1 FROM punches c WHERE c.corrects_punch_id = punches.id)
     ORDER BY member_id, punched_at, CASE WHEN source = 'biotime' THEN substring(source_id FROM '([0-9]+)$')::bigint END, id`,
    [tenantId, from, to],
  );
  const punches = new Map<number, DayPunch[]>();
  for (const r of punchRows.rows) {
    if (workdayAt(r.punched_at.getTime()) !== workday) continue;
    const list = punches.get(r.member_id) ?? [];
    list.push({ id: r.id, uid: r.uid, kind: r.kind, breakType: r.break_type, punchedAt: r.punched_at });
    punches.set(r.member_id, list);
  }

  const leaveRows = await tx.query<{ member_id: number; leave_type: LeaveType }>(
    "SELECT member_id, leave_type FROM leave_requests WHERE tenant_id = $1 AND status = 'approved' AND $2::date BETWEEN from_day AND to_day",
    [tenantId, workday],
  );
  const leave = new Map(leaveRows.rows.map((r) => [r.member_id, r.leave_type]));

  const violationRows = await tx.query<{
    id: number; member_id: number; kind: ViolationKind; minutes: number; amount: string; free: boolean; by_close: boolean; voided: boolean; punch_id: number | null; break_type: BreakType | null;
  }>(
    `SELECT v.id, v.member_id, v.kind, v.minutes, v.amount, v.free, v.by_close, x.violation_id IS NOT NULL AS voided, v.punch_id, v.break_type
     FROM violations v LEFT JOIN violation_voids x ON x.violation_id = v.id
     WHERE v.tenant_id = $1 AND v.workday = $2 ORDER BY v.id`,
    [tenantId, workday],
  );
  const violations = new Map<number, DayViolation[]>();
  for (const r of violationRows.rows) {
    const list = violations.get(r.member_id) ?? [];
    list.push({
      id: r.id, memberId: r.member_id, kind: r.kind, minutes: r.minutes, amount: Number(r.amount), free: r.free, byClose: r.by_close,
      voided: r.voided, punchId: r.punch_id, breakType: r.break_type,
    });
    violations.set(r.member_id, list);
  }
  const shift = shiftWindow(rules, workday);
  const pauses = await pausesOverlapping(tx, tenantId, shift.start, shift.end);
  return { tenant, rules, workday, isWorkday: isWorkday(rules, workday), members, punches, leave, violations, pauses };
}

export interface CloseResult {
  workday: string;
  isWorkday: boolean;
  /** Violations this run recorded (0 on a re-run). */
  recorded: number;
  /** Whether this run closed the day (false: it had been closed before). */
  firstClose: boolean;
}

/**
 * Closes one day: records what the day's end shows and no clock-in recorded, once. Runs in one
 * transaction, so a crash leaves the day either closed with everything, or not closed at all.
 */
export async function closeDay(pool: Pool, tenantId: number, workday: string, workflowId: string | null): Promise<CloseResult> {
  return withTenant(pool, tenantId, async (tx) => {
    // One close of a company's day at a time (a trigger by hand while the schedule runs).
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [tenantId, `close:${workday}`]);
    const day = await loadDay(tx, tenantId, workday);
    const prior = await priorCounts(tx, tenantId, workday);

    const inserts: Array<{ memberId: number; punchId: number | null; kind: ViolationKind; breakType: BreakType | null; minutes: number; amount: number; free: boolean }> = [];
    // Attendance was paused during the shift (the bot out of the group, the subscription stopped):
    // people could not clock in, so the day's end shows nothing against anyone.
    const paused = day.pauses.length > 0;
    for (const member of paused ? [] : day.members) {
      const events = dayEvents(day.punches.get(member.id) ?? []);
      const verdict = judgeDay(day.rules, workday, events, { closed: true, onLeave: day.leave.has(member.id) });
      const stored = day.violations.get(member.id) ?? [];
      const counts = { ...(prior.get(member.id) ?? {}) };
      for (const v of verdict.violations) {
        const punchId = v.ref ?? null;
        // Already recorded (by the clock-in that showed it, or an earlier close), voided ones included.
        if (stored.some((s) => s.kind === v.kind && s.punchId === punchId)) continue;
        const price = priceViolation(day.rules, v.kind, v.minutes, counts[v.kind] ?? 0);
        counts[v.kind] = (counts[v.kind] ?? 0) + 1;
        inserts.push({ memberId: member.id, punchId, kind: v.kind, breakType: v.breakType ?? null, minutes: v.minutes, ...price });
      }
    }

    let recorded = 0;
    if (inserts.length) {
      const { rows } = await tx.query<{ id: number; member_id: number; kind: string; amount: string; free: boolean; minutes: number }>(
        `INSERT INTO violations (tenant_id, member_id, punch_id, workday, kind, break_type, minutes, amount, currency, free, workflow_id, by_close)
         SELECT $1, u.member_id, u.punch_id, $2, u.kind, u.break_type, u.minutes, u.amount, $3, u.free, $4, true
         FROM unnest($5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::int[], $10::bigint[], $11::boolean[])
              AS u(member_id, punch_id, kind, break_type, minutes, amount, free)
         ON CONFLICT DO NOTHING
         RETURNING id, member_id, kind, amount, free, minutes`,
        [
          tenantId, workday, day.rules.currency, workflowId,
          inserts.map((i) => i.memberId), inserts.map((i) => i.punchId), inserts.map((i) => i.kind), inserts.map((i) => i.breakType),
          inserts.map((i) => i.minutes), inserts.map((i) => i.amount), inserts.map((i) => i.free),
        ],
      );
      recorded = rows.length;
      if (rows.length) {
        await tx.query(
          `INSERT INTO audit_log (tenant_id, actor, action, target, payload, workflow_id)
           SELECT $1, 'system:day-close', 'violation.recorded', 'member:' || u.member_id,
                  jsonb_build_object('violationId', u.id, 'kind', u.kind, 'minutes', u.minutes, 'amount', u.amount, 'free', u.free, 'workday', $2::text, 'byClose', true), $3
           FROM unnest($4::bigint[], $5::bigint[], $6::text[], $7::int[], $8::bigint[], $9::boolean[]) AS u(id, member_id, kind, minutes, amount, free)`,
          [
            tenantId, workday, workflowId,
            rows.map((r) => r.id), rows.map((r) => r.member_id), rows.map((r) => r.kind), rows.map((r) => r.minutes), rows.map((r) => r.amount), rows.map((r) => r.free),
          ],
        );
      }
    }
    const closed = await tx.query(
      'INSERT INTO day_closes (tenant_id, workday, workflow_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [tenantId, workday, workflowId],
    );
    const firstClose = (closed.rowCount ?? 0) > 0;
    if (firstClose) {
      await tx.query(
        `INSERT INTO audit_log (tenant_id, actor, action, target, payload, workflow_id) VALUES ($1, 'system:day-close', 'day.closed', $2, $3, $4)`,
        [tenantId, `day:${workday}`, { recorded, members: day.members.length, ...(paused ? { paused: true } : {}) }, workflowId],
      );
    }
    return { workday, isWorkday: day.isWorkday, recorded, firstClose };
  });
}

/** Standing violations of each kind per member earlier in the workday's month (the free allowance). */
async function priorCounts(tx: PoolClient, tenantId: number, workday: string): Promise<Map<number, Partial<Record<ViolationKind, number>>>> {
  const { rows } = await tx.query<{ member_id: number; kind: ViolationKind; n: number }>(
    `SELECT v.member_id, v.kind, count(*)::int AS n FROM violations v LEFT JOIN violation_voids x ON x.violation_id = v.id
     WHERE v.tenant_id = $1 AND x.violation_id IS NULL
       AND v.workday >= date_trunc('month', $2::date) AND v.workday <= $2::date
     GROUP BY v.member_id, v.kind`,
    [tenantId, workday],
  );
  const counts = new Map<number, Partial<Record<ViolationKind, number>>>();
  for (const r of rows) counts.set(r.member_id, { ...(counts.get(r.member_id) ?? {}), [r.kind]: r.n });
  return counts;
}

/**
 * The days a run has work for, oldest first, from `fromDay` on (never before the company
 * existed): ended (now is past the shift's end under that day's rules) and not closed yet, or
 * closed but not yet reported (the run that closed it died before every message went out).
 */
export async function daysToClose(pool: Pool, tenantId: number, now: Date, fromDay: string, toDay?: string): Promise<string[]> {
  return withTenant(pool, tenantId, async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant) throw new NotFoundError(`tenant ${tenantId} not found`);
    const created = await tx.query<{ day: string }>('SELECT (created_at AT TIME ZONE $2)::date::text AS day FROM tenants WHERE id = $1', [tenantId, tenant.timeZone]);
    const start = [fromDay, created.rows[0]!.day].sort().at(-1)!;
    const today = localDate(now, tenant.timeZone);
    const end = toDay && toDay < today ? toDay : today;
    const closed = await tx.query<{ day: string }>(
      'SELECT workday::text AS day FROM day_closes WHERE tenant_id = $1 AND workday BETWEEN $2 AND $3 AND reported_at IS NOT NULL',
      [tenantId, start, end],
    );
    const done = new Set(closed.rows.map((r) => r.day));
    // One read of the rules versions, not one per day.
    const versions = await rulesVersions(tx, tenantId, end);
    const rulesFor = rulesByDay(versions, tenant.timeZone);
    const due: string[] = [];
    for (let d = new Date(`${start}T00:00:00Z`); d.toISOString().slice(0, 10) <= end; d = new Date(d.getTime() + 86_400_000)) {
      const day = d.toISOString().slice(0, 10);
      if (done.has(day)) continue;
      if (shiftWindow(rulesFor(day), day).end <= now) due.push(day);
    }
    return due;
  });
}

/** Every message about the closed day went out. */
export async function markDayReported(pool: Pool, tenantId: number, workday: string): Promise<void> {
  await withTenant(pool, tenantId, (tx) =>
    tx.query('UPDATE day_closes SET reported_at = now() WHERE tenant_id = $1 AND workday = $2 AND reported_at IS NULL', [tenantId, workday]),
  );
}
