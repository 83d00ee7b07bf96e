// `npm run bench:day-close [-- --sizes 500,1000,2500,5000]`: for companies of each size, a month
// of clock-ins is seeded (22 workdays, 4 clock-ins a day, ~8% of days late, ~3% early, ~2%
// no-shows, ~3% on leave, ~3% missing clock-outs), then measured on the real database:
//   close      closing one day (what the daily schedule runs: judge, price, store, audit)
//   report     the day's group report (read and rendered)
//   summaries  the month-end breakdowns of every member (pages of 100, as the workflow reads them)
//   workbook   the month's workbook built from the database (every sheet, every punch)
// Prints one JSON document; targets: close of 5,000 members ≤ 30 s.
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { DEFAULT_RULES, type AttendanceRules } from '../domain/attendance-rules';
import { datesOfMonth } from '../domain/month-summary';
import { createPool } from '../db/pool';
import { saveRules } from '../db/repositories/rules';
import { createTenantScopedPool } from '../db/tenant-scope';
import { closeDay } from '../services/day-close';
import { dayOverview, renderDayReport } from '../services/day-report';
import { loadMonthReport } from '../services/exports/month-data';
import { writeMonthWorkbook } from '../services/exports/month-workbook';
import { memberSummariesPage } from '../services/month-summary';
import { createBenchWorkspace } from './bench-databases';

const MONTH = '2026-10';
const ZONE = 'Asia/Almaty';
const RULES: AttendanceRules = {
  ...DEFAULT_RULES,
  timeZone: ZONE,
  penalties: {
    late: { mode: 'per-minute', amount: 10_000, freePerMonth: 2 },
    'early-leave': { mode: 'per-minute', amount: 10_000 },
    'no-show': { mode: 'fixed', amount: 1_000_000 },
    'missing-clock-out': { mode: 'fixed', amount: 200_000 },
  },
};

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
}

/** A company of `members` with a month of attendance; days of the month's last week are left to close. */
export async function seed(owner: Pool, members: number, index: number): Promise<{ tenantId: number; openDays: string[] }> {
  const { rows } = await owner.query<{ id: number }>(
    `INSERT INTO tenants (slug, name, time_zone, kind, telegram_chat_id, created_at) VALUES ($1, $2, $3, 'group', $4, '2026-09-01') RETURNING id`,
    [`bench-${index}-${members}`, `Bench ${members}`, ZONE, -1_000_000_000 - index],
  );
  const tenantId = rows[0]!.id;
  await saveRules(owner, tenantId, '2026-01-01', RULES, 'bench');
  await owner.query(
    `INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name, telegram_username, registered_at, base_salary)
     SELECT $1, $2 + g, $2 + g, 'Member ' || g, 'm' || $2 + g, '2026-09-01', 30000000 + g * 100 FROM generate_series(1, $3) g`,
    [tenantId, 10_000_000 * (index + 1), members],
  );
  await owner.query('INSERT INTO private_chats (telegram_user_id) SELECT telegram_user_id FROM members WHERE tenant_id = $1 ON CONFLICT DO NOTHING', [tenantId]);
  const workdays = datesOfMonth(MONTH).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
  // Deterministic variety: a member's day is picked by a hash of (member, day).
  await owner.query(
    `WITH days AS (SELECT d::date AS day FROM unnest($2::text[]) d),
          plan AS (
            SELECT m.id AS member_id, days.day, abs(hashtext(m.id::text || days.day::text)) % 100 AS roll
            FROM members m CROSS JOIN days WHERE m.tenant_id = $1
          ),
          worked AS (SELECT * FROM plan WHERE roll >= 5),
          moves AS (
            SELECT member_id, day, 'check-in' AS kind, CASE WHEN roll < 13 THEN time '09:25' ELSE time '08:55' END AS at, 1 AS n FROM worked
            UNION ALL SELECT member_id, day, 'break-out', time '13:00', 2 FROM worked
            UNION ALL SELECT member_id, day, 'break-in', time '13:50', 3 FROM worked
            UNION ALL SELECT member_id, day, 'check-out', CASE WHEN roll BETWEEN 13 AND 15 THEN time '17:20' ELSE time '18:05' END, 4 FROM worked WHERE roll NOT BETWEEN 95 AND 97
          )
     INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, break_type, workflow_id)
     SELECT $1, 'group', member_id || ':' || day || ':' || n, 'member:' || member_id, member_id, (day + at) AT TIME ZONE $3, kind,
            CASE WHEN kind = 'break-out' THEN 'lunch' END, 'bench'
     FROM moves`,
    [tenantId, workdays, ZONE],
  );
  // ~3% of member-days on approved leave (rolls 2–4 have no punches: they are on leave; 0–1 are no-shows).
  await owner.query(
    `INSERT INTO leave_requests (tenant_id, member_id, leave_type, from_day, to_day, days, status, expires_at, decided_at, workflow_id)
     SELECT $1, m.id, 'sick', d::date, d::date, 1, 'approved', now(), now(), 'bench'
     FROM members m CROSS JOIN unnest($2::text[]) d
     WHERE m.tenant_id = $1 AND abs(hashtext(m.id::text || d::date::text)) % 100 BETWEEN 2 AND 4`,
    [tenantId, workdays],
  );
  // Some adjustments and advances: one in ten members.
  await owner.query(
    `INSERT INTO adjustments (tenant_id, member_id, kind, amount, currency, reason, issued_by, source_key, workflow_id, created_at)
     SELECT $1, id, CASE WHEN id % 2 = 0 THEN 'bonus' ELSE 'penalty' END, 500000, 'KZT', 'bench', 'bench', 'bench:' || id, 'bench', '2026-10-15 12:00+05'
     FROM members WHERE tenant_id = $1 AND id % 10 = 0`,
    [tenantId],
  );
  await owner.query(
    `INSERT INTO advances (tenant_id, member_id, amount, currency, status, requested_at, expires_at, decided_at, workflow_id)
     SELECT $1, id, 5000000, 'KZT', 'approved', '2026-10-10 10:00+05', '2026-10-13 10:00+05', '2026-10-10 11:00+05', 'bench'
     FROM members WHERE tenant_id = $1 AND id % 10 = 3`,
    [tenantId],
  );
  return { tenantId, openDays: workdays.slice(-5) };
}

async function main() {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '500,1000,2500,5000' } } });
  const sizes = values.sizes.split(',').map(Number);
  const workspace = await createBenchWorkspace('day-close');
  const owner = createPool(workspace.appUrl, { max: 2 });
  const app = createTenantScopedPool(workspace.appUrl, { max: 4 });
  const results = [];
  try {
    for (const [index, members] of sizes.entries()) {
      const seeded = await timed(() => seed(owner, members, index));
      const { tenantId, openDays } = seeded.value;
      // The first days of the month close in bulk (the summary would do it); the measured day is fresh.
      for (const day of datesOfMonth(MONTH).filter((d) => d < openDays[0]!)) await closeDay(app, tenantId, day, 'bench');
      const day = openDays[0]!;
      const close = await timed(() => closeDay(app, tenantId, day, 'bench'));
      const again = await timed(() => closeDay(app, tenantId, day, 'bench'));
      const report = await timed(async () => {
        const o = await dayOverview(app, tenantId, day, { live: false });
        return renderDayReport(o, o.pair).length;
      });
      for (const d of openDays.slice(1)) await closeDay(app, tenantId, d, 'bench');
      const summaries = await timed(async () => {
        let after = 0;
        let sent = 0;
        for (;;) {
          const page = await memberSummariesPage(app, tenantId, MONTH, after, 100);
          sent += page.messages.length;
          if (page.next === null) return sent;
          after = page.next;
        }
      });
      const workbook = await timed(async () => {
        const report = await loadMonthReport(app, tenantId, MONTH, { now: new Date('2026-11-02T00:00:00Z') });
        let bytes = 0;
        const sink = new PassThrough();
        sink.on('data', (c: Buffer) => (bytes += c.length));
        const written = await writeMonthWorkbook(report, sink);
        return { bytes, rows: written.rows };
      });
      const counts = await owner.query<{ punches: number; violations: number }>(
        `SELECT (SELECT count(*)::int FROM punches WHERE tenant_id = $1) AS punches, (SELECT count(*)::int FROM violations WHERE tenant_id = $1) AS violations`,
        [tenantId],
      );
      results.push({
        members,
        punches: counts.rows[0]!.punches,
        violations: counts.rows[0]!.violations,
        seedMs: seeded.ms,
        closeDayMs: close.ms,
        recorded: close.value.recorded,
        closeAgainMs: again.ms,
        recordedAgain: again.value.recorded,
        dayReportMs: report.ms,
        summariesMs: summaries.ms,
        summaries: summaries.value,
        workbookFromDatabaseMs: workbook.ms,
        workbookMb: Math.round((workbook.value.bytes / 1024 / 1024) * 10) / 10,
        rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
        peakRssMbSoFar: Math.round(process.resourceUsage().maxRSS / 1024),
      });
    }
    console.log(JSON.stringify({ month: MONTH, targets: { closeDayMsFor5000: 30_000 }, results }, null, 1));
  } finally {
    await Promise.all([owner.end(), app.end()]);
    await workspace.dispose();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
