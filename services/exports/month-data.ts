// The month of a company (or of one member) as it stands in the database, in the shape the
// member's summary, the workbook and the web panel read (domain/month-report.ts). Members are
// summarised a chunk at a time with a few set-based queries per chunk; the detail lines are
// streamed page by page (keyset pagination), never held in memory all at once.
import type { Pool } from 'pg';
import { DEFAULT_PAID_LEAVE, DEFAULT_RULES, type AttendanceRules, type ClockEvent, type ViolationKind } from '../../domain/attendance-rules';
import { actionOfPunch, clockEventOf, workdayOf } from '../../domain/clock-in';
import type { BreakType } from '../../domain/clock-state';
import type { LeaveType } from '../../domain/leave';
import type {
  AdjustmentLine, AdvanceLine, LeaveLine, MemberMonth, MonthReport, PunchKind, PunchLine, PunchSource, ViolationLine,
} from '../../domain/month-report';
import { datesOfMonth, rulesOn, summarizeMemberMonth, type RulesVersion, type StandingViolation } from '../../domain/month-summary';
import { localDate } from '../../domain/time';
import { maskIinsIn } from '../../domain/iin';
import { getTenant } from '../../db/repositories/tenants';
import { withTenant } from '../../db/tenant-scope';
import { InvalidInputError, NotFoundError } from '../../db/errors';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const CHUNK = 500;
const PAGE = 5000;

export interface MonthScope {
  /** One member's export; the whole company when left out. */
  memberId?: number;
  /** Only the summaries of these members (a page of month-end messages); no detail lines. */
  memberIds?: number[];
  now?: Date;
}

interface MemberRow {
  id: number;
  full_name: string;
  telegram_username: string | null;
  employee_code: string | null;
  joined_on: string;
  left_on: string | null;
  active: boolean;
  base_salary: string | null;
}

function monthWindow(month: string) {
  const dates = datesOfMonth(month);
  return { dates, first: dates[0]!, last: dates.at(-1)! };
}

/** Punch kinds as stored → the workbook's words. */
const PUNCH_KIND: Record<string, PunchKind> = { 'check-in': 'start', 'check-out': 'end', 'break-out': 'break-out', 'break-in': 'back' };

export async function loadMonthReport(pool: Pool, tenantId: number, month: string, scope: MonthScope = {}): Promise<MonthReport> {
  if (!MONTH.test(month)) throw new InvalidInputError(`month must be yyyy-mm, got "${month}"`);
  const now = scope.now ?? new Date();
  const { dates, first, last } = monthWindow(month);

  const head = await withTenant(pool, tenantId, async (tx) => {
    const tenant = await getTenant(tx, tenantId);
    if (!tenant) throw new NotFoundError(`tenant ${tenantId} not found`);
    const versions = (
      await tx.query<{ effective_from: string; rules: AttendanceRules }>(
        `SELECT effective_from::text AS effective_from, rules FROM tenant_rules WHERE tenant_id = $1 AND effective_from <= $2 ORDER BY effective_from`,
        [tenantId, last],
      )
    ).rows.map((r): RulesVersion => ({ effectiveFrom: r.effective_from, rules: r.rules }));
    const members = (
      await tx.query<MemberRow>(
        `SELECT id, full_name, telegram_username, employee_code, active, base_salary,
                (registered_at AT TIME ZONE $2)::date::text AS joined_on,
                CASE WHEN NOT active THEN (deactivated_at AT TIME ZONE $2)::date::text END AS left_on
         FROM members
         WHERE tenant_id = $1 AND (registered_at AT TIME ZONE $2)::date <= $4::date
           AND (active OR (deactivated_at AT TIME ZONE $2)::date >= $3::date)
           AND ($5::bigint IS NULL OR id = $5) AND ($6::bigint[] IS NULL OR id = ANY($6))
         ORDER BY id`,
        [tenantId, tenant.timeZone, first, last, scope.memberId ?? null, scope.memberIds ?? null],
      )
    ).rows;
    const closed = (
      await tx.query<{ day: string }>('SELECT workday::text AS day FROM day_closes WHERE tenant_id = $1 AND workday BETWEEN $2 AND $3', [tenantId, first, last])
    ).rows.map((r) => r.day);
    return { tenant, versions, members, closed: new Set(closed) };
  });
  const { tenant, versions } = head;
  if (scope.memberId !== undefined && head.members.length === 0) throw new NotFoundError(`member ${scope.memberId} has no days in ${month}`);
  const fallback = { ...DEFAULT_RULES, timeZone: tenant.timeZone };
  const rulesFor = (day: string) => rulesOn(versions, day, fallback);
  const today = localDate(now, tenant.timeZone);
  const names = new Map(head.members.map((m) => [m.id, m.telegram_username ? `${m.full_name} (@${m.telegram_username})` : m.full_name]));

  const members: MemberMonth[] = [];
  for (let i = 0; i < head.members.length; i += CHUNK) {
    const chunk = head.members.slice(i, i + CHUNK);
    members.push(...(await summariseChunk(pool, tenantId, tenant.timeZone, month, chunk, { dates, today, closedDays: head.closed, rulesFor })));
  }

  const memberFilter = scope.memberId ?? null;
  const window = { from: new Date(`${first}T00:00:00Z`).getTime() - 86_400_000, to: new Date(`${last}T00:00:00Z`).getTime() + 2 * 86_400_000 };

  return {
    company: { name: tenant.name, timeZone: tenant.timeZone, currency: rulesFor(last).currency, languagePair: tenant.languagePair },
    month,
    dates,
    generatedAt: now.toISOString(),
    members,

    async *punches(): AsyncIterable<PunchLine> {
      // By member, then time (the order HR reads them in), a chunk of members at a time: each
      // chunk is one range scan of the punches index.
      const memberIds = head.members.map((m) => m.id);
      for (let i = 0; i < memberIds.length; i += CHUNK) {
        const { rows } = await withTenant(pool, tenantId, (tx) =>
          tx.query<{ member_id: number; punched_at: Date; kind: string; break_type: BreakType | null; source: PunchSource; terminal: string | null; reason: string | null; replaces_at: Date | null }>(
            `SELECT p.member_id, p.punched_at, p.kind, p.break_type, p.source, p.terminal, p.raw->>'reason' AS reason, r.punched_at AS replaces_at
             FROM punches p LEFT JOIN punches r ON r.id = p.corrects_punch_id
             WHERE p.tenant_id = $1 AND p.member_id = ANY($2::bigint[]) AND p.punched_at >= $3 AND p.punched_at < $4
             ORDER BY p.member_id, p.punched_at, p.id`,
            [tenantId, memberIds.slice(i, i + CHUNK), new Date(window.from), new Date(window.to)],
          ),
        );
        for (const r of rows) {
          const day = workdayOf(r.punched_at, rulesFor(localDate(r.punched_at, tenant.timeZone)));
          if (day < first || day > last) continue;
          const kind = PUNCH_KIND[r.kind];
          if (!kind) continue;
          yield {
            memberId: r.member_id, name: names.get(r.member_id)!, day, at: r.punched_at.toISOString(), kind, breakType: r.break_type, source: r.source,
            place: r.source === 'correction' ? r.reason : r.terminal ?? (r.source === 'group' ? tenant.name : null),
            replacesAt: r.replaces_at ? r.replaces_at.toISOString() : null,
          };
        }
      }
    },

    async *violations(): AsyncIterable<ViolationLine> {
      let afterId = 0;
      for (;;) {
        const { rows } = await withTenant(pool, tenantId, (tx) =>
          tx.query<{ id: number; member_id: number; workday: string; kind: ViolationKind; break_type: BreakType | null; minutes: number; amount: string; free: boolean; by_close: boolean; cause: 'leave' | 'correction' | null; voided_at: Date | null }>(
            `SELECT v.id, v.member_id, v.workday::text AS workday, v.kind, v.break_type, v.minutes, v.amount, v.free, v.by_close, x.cause, x.voided_at
             FROM violations v LEFT JOIN violation_voids x ON x.violation_id = v.id
             WHERE v.tenant_id = $1 AND v.workday BETWEEN $2 AND $3 AND ($4::bigint IS NULL OR v.member_id = $4) AND v.id > $5
             ORDER BY v.id LIMIT $6`,
            [tenantId, first, last, memberFilter, afterId, PAGE],
          ),
        );
        for (const r of rows) {
          if (!names.has(r.member_id)) continue;
          yield {
            memberId: r.member_id, name: names.get(r.member_id)!, day: r.workday, kind: r.kind, breakType: r.break_type, minutes: r.minutes,
            amount: Number(r.amount), free: r.free, byClose: r.by_close, voided: r.cause ? { cause: r.cause, at: r.voided_at!.toISOString() } : null,
          };
        }
        if (rows.length < PAGE) return;
        afterId = rows.at(-1)!.id;
      }
    },

    async *adjustments(): AsyncIterable<AdjustmentLine> {
      const { rows } = await withTenant(pool, tenantId, (tx) =>
        tx.query<{ member_id: number; created_at: Date; kind: 'penalty' | 'bonus'; amount: string; reason: string; issued_by: string }>(
          `SELECT member_id, created_at, kind, amount, reason, issued_by FROM adjustments
           WHERE tenant_id = $1 AND (created_at AT TIME ZONE $2)::date BETWEEN $3 AND $4 AND ($5::bigint IS NULL OR member_id = $5)
           ORDER BY created_at, id`,
          [tenantId, tenant.timeZone, first, last, memberFilter],
        ),
      );
      for (const r of rows) {
        if (!names.has(r.member_id)) continue;
        yield { memberId: r.member_id, name: names.get(r.member_id)!, at: r.created_at.toISOString(), kind: r.kind, amount: Number(r.amount), reason: r.reason, issuedBy: r.issued_by };
      }
    },

    async *advances(): AsyncIterable<AdvanceLine> {
      const { rows } = await withTenant(pool, tenantId, (tx) =>
        tx.query<{ member_id: number; requested_at: Date; amount: string; status: AdvanceLine['status']; decided_at: Date | null; reason: string | null }>(
          `SELECT member_id, requested_at, amount, status, decided_at, reason FROM advances
           WHERE tenant_id = $1 AND ($5::bigint IS NULL OR member_id = $5)
             AND ((requested_at AT TIME ZONE $2)::date BETWEEN $3 AND $4 OR (decided_at AT TIME ZONE $2)::date BETWEEN $3 AND $4)
           ORDER BY requested_at, id`,
          [tenantId, tenant.timeZone, first, last, memberFilter],
        ),
      );
      for (const r of rows) {
        if (!names.has(r.member_id)) continue;
        yield {
          memberId: r.member_id, name: names.get(r.member_id)!, requestedAt: r.requested_at.toISOString(), amount: Number(r.amount), status: r.status,
          decidedAt: r.decided_at ? r.decided_at.toISOString() : null, reason: r.reason,
        };
      }
    },

    async *leave(): AsyncIterable<LeaveLine> {
      const { rows } = await withTenant(pool, tenantId, (tx) =>
        tx.query<{ member_id: number; leave_type: LeaveType; from_day: string; to_day: string; days: number; status: LeaveLine['status']; reason: string | null }>(
          `SELECT member_id, leave_type, from_day::text AS from_day, to_day::text AS to_day, days, status, reason FROM leave_requests
           WHERE tenant_id = $1 AND from_day <= $3 AND to_day >= $2 AND ($4::bigint IS NULL OR member_id = $4)
           ORDER BY from_day, id`,
          [tenantId, first, last, memberFilter],
        ),
      );
      for (const r of rows) {
        if (!names.has(r.member_id)) continue;
        const paid = (rulesFor(r.from_day).paidLeave ?? DEFAULT_PAID_LEAVE)[r.leave_type];
        yield { memberId: r.member_id, name: names.get(r.member_id)!, type: r.leave_type, from: r.from_day, to: r.to_day, days: r.days, status: r.status, paid, reason: r.reason };
      }
    },
  };
}

async function summariseChunk(
  pool: Pool,
  tenantId: number,
  zone: string,
  month: string,
  chunk: MemberRow[],
  ctx: Parameters<typeof summarizeMemberMonth>[1],
): Promise<MemberMonth[]> {
  const ids = chunk.map((m) => m.id);
  const { first, last } = monthWindow(month);
  const from = new Date(new Date(`${first}T00:00:00Z`).getTime() - 86_400_000);
  const to = new Date(new Date(`${last}T00:00:00Z`).getTime() + 2 * 86_400_000);
  return withTenant(pool, tenantId, async (tx) => {
    const punches = await tx.query<{ id: number; member_id: number; kind: string; break_type: string | null; punched_at: Date }>(
      `SELECT id, member_id, kind, break_type, punched_at FROM punches
       WHERE tenant_id = $1 AND member_id = ANY($2::bigint[]) AND punched_at >= $3 AND punched_at < $4
         AND NOT EXISTS (SELECT 1 FROM punches c WHERE c.corrects_punch_id = punches.id)
       ORDER BY member_id, punched_at, id`,
      [tenantId, ids, from, to],
    );
    const events = new Map<number, Map<string, ClockEvent[]>>();
    for (const r of punches.rows) {
      const action = actionOfPunch(r.kind, r.break_type);
      if (!action) continue;
      const day = workdayOf(r.punched_at, ctx.rulesFor(localDate(r.punched_at, zone)));
      if (day < first || day > last) continue;
      const byDay = events.get(r.member_id) ?? new Map<string, ClockEvent[]>();
      byDay.set(day, [...(byDay.get(day) ?? []), { ...clockEventOf(action, r.punched_at.toISOString()), ref: r.id }]);
      events.set(r.member_id, byDay);
    }

    const leaveRows = await tx.query<{ member_id: number; leave_type: LeaveType; from_day: string; to_day: string }>(
      `SELECT member_id, leave_type, from_day::text AS from_day, to_day::text AS to_day FROM leave_requests
       WHERE tenant_id = $1 AND member_id = ANY($2::bigint[]) AND status = 'approved' AND from_day <= $4 AND to_day >= $3`,
      [tenantId, ids, first, last],
    );
    const leave = new Map<number, Map<string, LeaveType>>();
    for (const r of leaveRows.rows) {
      const byDay = leave.get(r.member_id) ?? new Map<string, LeaveType>();
      for (const day of ctx.dates) if (day >= r.from_day && day <= r.to_day) byDay.set(day, r.leave_type);
      leave.set(r.member_id, byDay);
    }

    const violationRows = await tx.query<{ id: number; member_id: number; workday: string; kind: ViolationKind; minutes: number; amount: string; free: boolean; voided: boolean }>(
      `SELECT v.id, v.member_id, v.workday::text AS workday, v.kind, v.minutes, v.amount, v.free, x.violation_id IS NOT NULL AS voided
       FROM violations v LEFT JOIN violation_voids x ON x.violation_id = v.id
       WHERE v.tenant_id = $1 AND v.member_id = ANY($2::bigint[]) AND v.workday BETWEEN $3 AND $4 ORDER BY v.id`,
      [tenantId, ids, first, last],
    );
    const violations = new Map<number, StandingViolation[]>();
    for (const r of violationRows.rows) {
      violations.set(r.member_id, [
        ...(violations.get(r.member_id) ?? []),
        { id: r.id, day: r.workday, kind: r.kind, minutes: r.minutes, amount: Number(r.amount), free: r.free, voided: r.voided },
      ]);
    }

    const sums = await tx.query<{ member_id: number; comp: number; penalties: string; bonuses: string; advances: string }>(
      `SELECT m.id AS member_id,
              (SELECT count(*)::int FROM comp_days c WHERE c.member_id = m.id AND c.workday BETWEEN $3 AND $4) AS comp,
              (SELECT coalesce(sum(amount), 0) FROM adjustments a WHERE a.member_id = m.id AND a.kind = 'penalty'
                 AND (a.created_at AT TIME ZONE $5)::date BETWEEN $3 AND $4) AS penalties,
              (SELECT coalesce(sum(amount), 0) FROM adjustments a WHERE a.member_id = m.id AND a.kind = 'bonus'
                 AND (a.created_at AT TIME ZONE $5)::date BETWEEN $3 AND $4) AS bonuses,
              (SELECT coalesce(sum(amount), 0) FROM advances d WHERE d.member_id = m.id AND d.status = 'approved'
                 AND (d.decided_at AT TIME ZONE $5)::date BETWEEN $3 AND $4) AS advances
       FROM members m WHERE m.tenant_id = $1 AND m.id = ANY($2::bigint[])`,
      [tenantId, ids, first, last, zone],
    );
    const money = new Map(sums.rows.map((r) => [r.member_id, r]));

    return chunk.map((m): MemberMonth => {
      const sum = money.get(m.id);
      const result = summarizeMemberMonth(
        {
          joinedOn: m.joined_on,
          leftOn: m.left_on,
          baseSalary: m.base_salary === null ? null : Number(m.base_salary),
          eventsByDay: events.get(m.id) ?? new Map(),
          leaveByDay: leave.get(m.id) ?? new Map(),
          violations: violations.get(m.id) ?? [],
          compEarned: sum?.comp ?? 0,
          adjustmentPenalties: Number(sum?.penalties ?? 0),
          bonuses: Number(sum?.bonuses ?? 0),
          advances: Number(sum?.advances ?? 0),
        },
        ctx,
      );
      return {
        memberId: m.id, name: m.full_name, username: m.telegram_username, employeeCode: m.employee_code === null ? null : maskIinsIn(m.employee_code), joinedOn: m.joined_on, active: m.active, ...result,
      };
    });
  });
}
