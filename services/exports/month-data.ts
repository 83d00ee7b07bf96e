// The month of a company (or of one member) as it stands in the database, in the shape the
// member's summary, the workbook and the web panel read (domain/month-report.ts). Members are
// summarised a chunk at a time with a few set-based queries per chunk; the detail lines are
// streamed page by page (keyset pagination), never held in memory all at once.
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { DEFAULT_PAID_LEAVE, shiftWindow, type ClockEvent, type ViolationKind } from '../../domain/attendance-rules';
import { actionOfPunch, clockEventOf, workdayResolver } from '../../domain/clock-in';
import type { BreakType } from '../../domain/clock-state';
import type { LeaveType } from '../../domain/leave';
import type {
  AdjustmentLine, AdvanceLine, LeaveLine, MemberMonth, MonthReport, PunchKind, PunchLine, PunchSource, ViolationLine,
} from '../../domain/month-report';
import { datesOfMonth, rulesByDay, summarizeMemberMonth, type StandingViolation } from '../../domain/month-summary';
import { localDate } from '../../domain/time';
import { maskIinsIn } from '../../domain/iin';
import { rulesVersions } from '../../db/repositories/rules';
import { pauseOverlaps, pausesOverlapping } from '../../db/repositories/service-pauses';
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

/** [start, end) of the month in the zone, as instants. */
function monthInstants(month: string, zone: string): [Date, Date] {
  const start = DateTime.fromISO(`${month}-01T00:00`, { zone });
  return [start.toJSDate(), start.plus({ months: 1 }).toJSDate()];
}

function monthWindow(month: string) {
  const dates = datesOfMonth(month);
  return { dates, first: dates[0]!, last: dates.at(-1)! };
}

interface PunchRow {
  id: number;
  member_id: number;
  kind: string;
  break_type: BreakType | null;
  source: PunchSource;
  terminal: string | null;
  at_ms: number;
  reason: string | null;
  replaces_ms: number | null;
  replaced: boolean;
}

const SOURCES: PunchSource[] = ['group', 'biotime', 'correction'];
const BREAKS: Array<BreakType | null> = [null, 'lunch', 'short', 'smoke'];
const KINDS: PunchKind[] = ['start', 'end', 'break-out', 'back'];

/**
 * A month's punches for the Clock-ins sheet, kept as columns of numbers (a 5,000-member month is
 * ~420,000 punches: some 15 MB this way, several times that as objects), with repeated texts
 * (terminals, reasons) stored once.
 */
class PunchStore {
  private size = 0;
  private member = new Float64Array(1024);
  private at = new Float64Array(1024);
  private replaces = new Float64Array(1024);
  private codes = new Uint8Array(1024 * 4); // kind, break, source, day index
  private place = new Int32Array(1024);
  private readonly texts: string[] = [];
  private readonly textIndex = new Map<string, number>();
  private readonly dayIndex: Map<string, number>;

  constructor(private readonly dates: string[]) {
    this.dayIndex = new Map(dates.map((d, i) => [d, i]));
  }

  add(r: PunchRow, day: string): void {
    const kind = PUNCH_KIND[r.kind];
    if (!kind) return;
    if (this.size === this.member.length) this.grow();
    const i = this.size++;
    this.member[i] = r.member_id;
    this.at[i] = r.at_ms;
    this.replaces[i] = r.replaces_ms ?? NaN;
    this.codes[i * 4] = KINDS.indexOf(kind);
    this.codes[i * 4 + 1] = BREAKS.indexOf(r.break_type);
    this.codes[i * 4 + 2] = SOURCES.indexOf(r.source);
    this.codes[i * 4 + 3] = this.dayIndex.get(day)!;
    const text = r.source === 'correction' ? r.reason : r.terminal;
    this.place[i] = text === null ? -1 : this.textOf(text);
  }

  *lines(names: Map<number, string>, groupPlace: string): Iterable<PunchLine> {
    for (let i = 0; i < this.size; i++) {
      const source = SOURCES[this.codes[i * 4 + 2]!]!;
      const place = this.place[i]! >= 0 ? this.texts[this.place[i]!]! : source === 'group' ? groupPlace : null;
      const replaces = this.replaces[i]!;
      yield {
        memberId: this.member[i]!, name: names.get(this.member[i]!)!, day: this.dates[this.codes[i * 4 + 3]!]!, at: new Date(this.at[i]!).toISOString(),
        kind: KINDS[this.codes[i * 4]!]!, breakType: BREAKS[this.codes[i * 4 + 1]!]!, source, place,
        replacesAt: Number.isNaN(replaces) ? null : new Date(replaces).toISOString(),
      };
    }
  }

  private textOf(text: string): number {
    let index = this.textIndex.get(text);
    if (index === undefined) {
      index = this.texts.push(text) - 1;
      this.textIndex.set(text, index);
    }
    return index;
  }

  private grow(): void {
    const grown = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.member = grown(this.member);
    this.at = grown(this.at);
    this.replaces = grown(this.replaces);
    const place = new Int32Array(this.place.length * 2);
    place.set(this.place);
    this.place = place;
    const codes = new Uint8Array(this.codes.length * 2);
    codes.set(this.codes);
    this.codes = codes;
  }
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
    const versions = await rulesVersions(tx, tenantId, last);
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
    // Padded: an overnight shift, or one in the small hours, reaches past the month's dates.
    const pauses = await pausesOverlapping(tx, tenantId, new Date(Date.parse(`${first}T00:00:00Z`) - 2 * 86_400_000), new Date(Date.parse(`${last}T00:00:00Z`) + 3 * 86_400_000));
    return { tenant, versions, members, closed: new Set(closed), pauses };
  });
  const { tenant, versions } = head;
  if (scope.memberId !== undefined && head.members.length === 0) throw new NotFoundError(`member ${scope.memberId} has no days in ${month}`);
  const rulesFor = rulesByDay(versions, tenant.timeZone);
  const today = localDate(now, tenant.timeZone);
  const pausedDays = new Set(dates.filter((d) => {
    const shift = shiftWindow(rulesFor(d), d);
    return head.pauses.some((p) => pauseOverlaps(p, shift.start, shift.end));
  }));
  const names = new Map(head.members.map((m) => [m.id, m.telegram_username ? `${m.full_name} (@${m.telegram_username})` : m.full_name]));

  const members: MemberMonth[] = [];
  const store = scope.memberIds ? undefined : new PunchStore(dates);
  const read = (i: number) => readChunk(pool, tenantId, tenant.timeZone, month, head.members.slice(i, i + CHUNK));
  let next = head.members.length ? read(0) : null;
  for (let i = 0; next; i += CHUNK) {
    const rows = await next;
    // PostgreSQL reads the next chunk while this one is summarised.
    next = i + CHUNK < head.members.length ? read(i + CHUNK) : null;
    members.push(...summariseChunk(rows, tenant.timeZone, month, { dates, today, closedDays: head.closed, pausedDays, rulesFor }, store));
  }

  const memberFilter = scope.memberId ?? null;

  return {
    company: { name: tenant.name, timeZone: tenant.timeZone, currency: rulesFor(last).currency, languagePair: tenant.languagePair },
    month,
    dates,
    generatedAt: now.toISOString(),
    members,

    async *punches(): AsyncIterable<PunchLine> {
      // Read with the summaries, in member and time order (the order HR reads them in).
      if (!store) return;
      for (const p of store.lines(names, tenant.name)) yield p;
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

interface ChunkRows {
  chunk: MemberRow[];
  punches: PunchRow[];
  leave: Array<{ member_id: number; leave_type: LeaveType; from_day: string; to_day: string }>;
  violations: Array<{ id: number; member_id: number; workday: string; kind: ViolationKind; minutes: number; amount: string; free: boolean; voided: boolean }>;
  comp: Array<{ member_id: number; n: number }>;
  adjustments: Array<{ member_id: number; penalties: string; bonuses: string }>;
  advances: Array<{ member_id: number; advances: string }>;
}

/** A chunk's rows, read in one transaction (the next chunk is read while this one is summarised). */
async function readChunk(pool: Pool, tenantId: number, zone: string, month: string, chunk: MemberRow[]): Promise<ChunkRows> {
  const ids = chunk.map((m) => m.id);
  const { first, last } = monthWindow(month);
  const from = new Date(new Date(`${first}T00:00:00Z`).getTime() - 86_400_000);
  const to = new Date(new Date(`${last}T00:00:00Z`).getTime() + 2 * 86_400_000);
  const [monthStart, monthEnd] = monthInstants(month, zone);
  return withTenant(pool, tenantId, async (tx) => {
    // A chunk's punches are sorted in memory rather than on disk, and these reads are too short
    // for PostgreSQL's JIT to pay for its compilation (half a second per query otherwise).
    await tx.query("SET LOCAL work_mem = '64MB'");
    await tx.query('SET LOCAL jit = off');
    // Instants as epoch milliseconds: parsing 400,000 timestamps into Dates costs seconds.
    // Every punch of the chunk once: the summaries count those that stand, the Clock-ins sheet
    // lists them all (a replaced one next to its correction).
    const punches = await tx.query<PunchRow>(
      `SELECT p.id, p.member_id, p.kind, p.break_type, p.source, p.terminal, (extract(epoch FROM p.punched_at) * 1000)::bigint AS at_ms,
              CASE WHEN p.source = 'correction' THEN p.raw->>'reason' END AS reason,
              CASE WHEN p.corrects_punch_id IS NOT NULL
                   THEN (SELECT (extract(epoch FROM r.punched_at) * 1000)::bigint FROM punches r WHERE r.id = p.corrects_punch_id) END AS replaces_ms,
              c.corrects_punch_id IS NOT NULL AS replaced
       FROM punches p
       -- The company's corrections are few (the partial index of corrections): joined, not probed per punch.
       LEFT JOIN (SELECT corrects_punch_id FROM punches WHERE tenant_id = $1 AND corrects_punch_id IS NOT NULL) c ON c.corrects_punch_id = p.id
       WHERE p.tenant_id = $1 AND p.member_id = ANY($2::bigint[]) AND p.punched_at >= $3 AND p.punched_at < $4
       ORDER BY p.member_id, p.punched_at, p.id`,
      [tenantId, ids, from, to],
    );
    const leave = await tx.query<ChunkRows['leave'][number]>(
      `SELECT member_id, leave_type, from_day::text AS from_day, to_day::text AS to_day FROM leave_requests
       WHERE tenant_id = $1 AND member_id = ANY($2::bigint[]) AND status = 'approved' AND from_day <= $4 AND to_day >= $3`,
      [tenantId, ids, first, last],
    );
    const violations = await tx.query<ChunkRows['violations'][number]>(
      `SELECT v.id, v.member_id, v.workday::text AS workday, v.kind, v.minutes, v.amount, v.free, x.violation_id IS NOT NULL AS voided
       FROM violations v LEFT JOIN violation_voids x ON x.violation_id = v.id
       WHERE v.tenant_id = $1 AND v.member_id = ANY($2::bigint[]) AND v.workday BETWEEN $3 AND $4 ORDER BY v.id`,
      [tenantId, ids, first, last],
    );
    // Set-based sums over the month's instants (index range scans, not a scan per member).
    const comp = await tx.query<ChunkRows['comp'][number]>(
      `SELECT member_id, count(*)::int AS n FROM comp_days
       WHERE tenant_id = $1 AND member_id = ANY($2::bigint[]) AND workday BETWEEN $3 AND $4 GROUP BY member_id`,
      [tenantId, ids, first, last],
    );
    const adjustments = await tx.query<ChunkRows['adjustments'][number]>(
      `SELECT member_id, coalesce(sum(amount) FILTER (WHERE kind = 'penalty'), 0) AS penalties, coalesce(sum(amount) FILTER (WHERE kind = 'bonus'), 0) AS bonuses
       FROM adjustments WHERE tenant_id = $1 AND member_id = ANY($2::bigint[]) AND created_at >= $3 AND created_at < $4 GROUP BY member_id`,
      [tenantId, ids, monthStart, monthEnd],
    );
    const advances = await tx.query<ChunkRows['advances'][number]>(
      `SELECT member_id, sum(amount) AS advances FROM advances
       WHERE tenant_id = $1 AND member_id = ANY($2::bigint[]) AND status = 'approved' AND decided_at >= $3 AND decided_at < $4 GROUP BY member_id`,
      [tenantId, ids, monthStart, monthEnd],
    );
    return { chunk, punches: punches.rows, leave: leave.rows, violations: violations.rows, comp: comp.rows, adjustments: adjustments.rows, advances: advances.rows };
  });
}

/** The chunk's members' months, from their rows; each punch also goes to the Clock-ins store. */
function summariseChunk(rows: ChunkRows, zone: string, month: string, ctx: Parameters<typeof summarizeMemberMonth>[1], sink?: PunchStore): MemberMonth[] {
  const { first, last } = monthWindow(month);
  const events = new Map<number, Map<string, ClockEvent[]>>();
  const workdayAt = workdayResolver(zone, ctx.rulesFor);
  for (const r of rows.punches) {
    const day = workdayAt(r.at_ms);
    if (day < first || day > last) continue;
    sink?.add(r, day);
    const action = actionOfPunch(r.kind, r.break_type);
    if (!action || r.replaced) continue;
    let byDay = events.get(r.member_id);
    if (!byDay) events.set(r.member_id, (byDay = new Map()));
    let list = byDay.get(day);
    if (!list) byDay.set(day, (list = []));
    const event = clockEventOf(action, new Date(r.at_ms).toISOString());
    event.ref = r.id;
    list.push(event);
  }
  const leave = new Map<number, Map<string, LeaveType>>();
  for (const r of rows.leave) {
    const byDay = leave.get(r.member_id) ?? new Map<string, LeaveType>();
    for (const day of ctx.dates) if (day >= r.from_day && day <= r.to_day) byDay.set(day, r.leave_type);
    leave.set(r.member_id, byDay);
  }
  const violations = new Map<number, StandingViolation[]>();
  for (const r of rows.violations) {
    let list = violations.get(r.member_id);
    if (!list) violations.set(r.member_id, (list = []));
    list.push({ id: r.id, day: r.workday, kind: r.kind, minutes: r.minutes, amount: Number(r.amount), free: r.free, voided: r.voided });
  }
  const compOf = new Map(rows.comp.map((r) => [r.member_id, r.n]));
  const adjustmentsOf = new Map(rows.adjustments.map((r) => [r.member_id, r]));
  const advancesOf = new Map(rows.advances.map((r) => [r.member_id, Number(r.advances)]));

  return rows.chunk.map((m): MemberMonth => {
    const adjusted = adjustmentsOf.get(m.id);
    const result = summarizeMemberMonth(
      {
        joinedOn: m.joined_on,
        leftOn: m.left_on,
        baseSalary: m.base_salary === null ? null : Number(m.base_salary),
        eventsByDay: events.get(m.id) ?? new Map(),
        leaveByDay: leave.get(m.id) ?? new Map(),
        violations: violations.get(m.id) ?? [],
        compEarned: compOf.get(m.id) ?? 0,
        adjustmentPenalties: Number(adjusted?.penalties ?? 0),
        bonuses: Number(adjusted?.bonuses ?? 0),
        advances: advancesOf.get(m.id) ?? 0,
      },
      ctx,
    );
    return {
      memberId: m.id, name: m.full_name, username: m.telegram_username, employeeCode: m.employee_code === null ? null : maskIinsIn(m.employee_code), joinedOn: m.joined_on, active: m.active, ...result,
    };
  });
}
