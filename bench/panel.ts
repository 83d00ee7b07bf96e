// `npm run bench:panel [-- --members 5000 --days 365 --requests 300]`: a company of 5,000 members
// with a year of attendance (4 clock-ins a workday, ~8% of days late, ~3% on leave, a late
// violation for each late day) and a few hundred pending requests, then the panel's API measured
// over HTTP with a signed-in admin's cookie:
//   today      GET /api/today (every member's state today; the page polls it on each event)
//   inbox      GET /api/requests (the pending advances, leave and corrections)
//   charts     GET /api/today/charts (the month's lates, absences and penalties per day)
// each called sequentially and then 4 at a time. Also the panel's initial JavaScript, gzipped,
// from admin-ui/dist (npm run panel:build first). Prints one JSON document; targets: today and
// inbox p95 ≤ 100 ms, initial JavaScript ≤ 500 KB gzipped. `--keep` leaves the database for a closer look.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { createApp } from '../api/app';
import { listenForPanelEvents } from '../api/events';
import { createRateLimiter } from '../cache/rate-limit';
import { createRedis } from '../cache/redis';
import { createLogger } from '../config/logger';
import { DEFAULT_RULES, type AttendanceRules } from '../domain/attendance-rules';
import { createPool } from '../db/pool';
import { saveRules } from '../db/repositories/rules';
import { createTenantScopedPool } from '../db/tenant-scope';
import { createDecisions } from '../services/decisions';
import { issueSignInLink } from '../services/panel-links';
import { createBenchWorkspace } from './bench-databases';
import { summarize } from './stats';

const ZONE = 'Asia/Almaty';
const RULES: AttendanceRules = { ...DEFAULT_RULES, timeZone: ZONE, penalties: { late: { mode: 'per-minute', amount: 10_000, freePerMonth: 2 } } };
const CHAT_ID = -1_000_777_000;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
}

/** The company, its members and a year of attendance up to today, month by month. */
async function seed(owner: Pool, members: number, days: number, pending: number): Promise<{ tenantId: number; punches: number }> {
  const { rows } = await owner.query<{ id: number }>(
    `INSERT INTO tenants (slug, name, time_zone, kind, telegram_chat_id, created_at) VALUES ('bench-panel', 'Bench Panel', $1, 'group', $2, now() - make_interval(days => $3 + 30)) RETURNING id`,
    [ZONE, CHAT_ID, days],
  );
  const tenantId = rows[0]!.id;
  const today = DateTime.now().setZone(ZONE).toISODate()!;
  const first = DateTime.fromISO(today).minus({ days }).toISODate()!;
  await saveRules(owner, tenantId, first, RULES, 'bench');
  await owner.query(
    `INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name, telegram_username, registered_at, base_salary)
     SELECT $1, 70000000 + g, 70000000 + g, 'Member ' || g, 'member' || g, $3::date - 30, 30000000 FROM generate_series(1, $2) g`,
    [tenantId, members, first],
  );
  // The live events trigger is off while seeding: a year of rows in one go is not a clock-in.
  await owner.query('ALTER TABLE punches DISABLE TRIGGER punches_panel_event');
  let cursor = DateTime.fromISO(first);
  const end = DateTime.fromISO(today);
  while (cursor <= end) {
    const chunkEnd = DateTime.min(cursor.plus({ days: 29 }), end);
    const workdays: string[] = [];
    for (let d = cursor; d <= chunkEnd; d = d.plus({ days: 1 })) if (d.weekday <= 5) workdays.push(d.toISODate()!);
    await owner.query(
      `WITH plan AS (
         SELECT m.id AS member_id, d::date AS day, abs(hashtext(m.id::text || d)) % 100 AS roll
         FROM members m CROSS JOIN unnest($2::text[]) d WHERE m.tenant_id = $1
       ),
       worked AS (SELECT * FROM plan WHERE roll >= 3 AND (day < $4::date OR roll >= 20)),
       moves AS (
         SELECT member_id, day, 'check-in' AS kind, CASE WHEN roll < 11 THEN time '09:25' ELSE time '08:55' END AS at, 1 AS n FROM worked
         UNION ALL SELECT member_id, day, 'break-out', time '13:00', 2 FROM worked WHERE day < $4::date OR roll % 3 = 0
         UNION ALL SELECT member_id, day, 'break-in', time '13:50', 3 FROM worked WHERE day < $4::date
         UNION ALL SELECT member_id, day, 'check-out', time '18:05', 4 FROM worked WHERE day < $4::date
       )
       INSERT INTO punches (tenant_id, source, source_id, employee_code, member_id, punched_at, kind, break_type, workflow_id)
       SELECT $1, 'group', member_id || ':' || day || ':' || n, 'member:' || member_id, member_id, (day + at) AT TIME ZONE $3, kind,
              CASE WHEN kind = 'break-out' THEN 'lunch' END, 'bench'
       FROM moves`,
      [tenantId, workdays, ZONE, today],
    );
    await owner.query(
      `INSERT INTO violations (tenant_id, member_id, punch_id, workday, kind, minutes, amount, currency, free)
       SELECT p.tenant_id, p.member_id, p.id, (p.punched_at AT TIME ZONE $2)::date, 'late', 25, 250000, 'KZT', false
       FROM punches p WHERE p.tenant_id = $1 AND p.kind = 'check-in' AND (p.punched_at AT TIME ZONE $2)::time = time '09:25'
         AND (p.punched_at AT TIME ZONE $2)::date BETWEEN $3::date AND $4::date`,
      [tenantId, ZONE, cursor.toISODate(), chunkEnd.toISODate()],
    );
    cursor = chunkEnd.plus({ days: 1 });
  }
  await owner.query('ALTER TABLE punches ENABLE TRIGGER punches_panel_event');
  await owner.query(
    `INSERT INTO leave_requests (tenant_id, member_id, leave_type, from_day, to_day, days, status, expires_at, decided_at, workflow_id)
     SELECT $1, m.id, 'sick', $2::date, $2::date, 1, 'approved', now(), now(), 'bench-leave-' || m.id
     FROM members m WHERE m.tenant_id = $1 AND abs(hashtext(m.id::text || $2)) % 100 BETWEEN 0 AND 2`,
    [tenantId, today],
  );
  // Pending requests in the inbox: advances, leave and corrections in turn.
  await owner.query(
    `INSERT INTO advances (tenant_id, member_id, amount, currency, status, requested_at, expires_at, reason, workflow_id)
     SELECT $1, m.id, 5000000, 'KZT', 'pending', now() - interval '1 hour', now() + interval '2 days', 'rent', 'bench-advance-' || m.id
     FROM members m WHERE m.tenant_id = $1 ORDER BY m.id LIMIT $2 / 3`,
    [tenantId, pending],
  );
  await owner.query(
    `INSERT INTO leave_requests (tenant_id, member_id, leave_type, from_day, to_day, days, status, expires_at, reason, workflow_id)
     SELECT $1, m.id, 'personal', $3::date + 7, $3::date + 8, 2, 'pending', now() + interval '2 days', 'family', 'bench-pending-leave-' || m.id
     FROM members m WHERE m.tenant_id = $1 ORDER BY m.id OFFSET $2 / 3 LIMIT $2 / 3`,
    [tenantId, pending, today],
  );
  await owner.query(
    `INSERT INTO corrections (tenant_id, member_id, workday, action, punched_at, status, expires_at, reason, workflow_id)
     SELECT $1, m.id, $3::date - 1, 'in', ($3::date - 1 + time '09:00') AT TIME ZONE 'Asia/Almaty', 'pending', now() + interval '2 days', 'forgot', 'bench-correction-' || m.id
     FROM members m WHERE m.tenant_id = $1 ORDER BY m.id OFFSET 2 * ($2 / 3) LIMIT $2 / 3`,
    [tenantId, pending, today],
  );
  await owner.query('ANALYZE');
  const count = await owner.query<{ n: number }>('SELECT count(*)::int AS n FROM punches WHERE tenant_id = $1', [tenantId]);
  return { tenantId, punches: count.rows[0]!.n };
}

async function measure(url: string, cookie: string, calls: number, concurrency: number): Promise<ReturnType<typeof summarize>> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        const started = performance.now();
        const res = await fetch(url, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        times.push(performance.now() - started);
      }
    }),
  );
  return summarize(times);
}

function bundleSize(): unknown {
  const ui = path.resolve(__dirname, '..', 'admin-ui');
  if (!existsSync(path.join(ui, 'dist', '.vite', 'manifest.json'))) return { error: 'admin-ui is not built: npm run panel:build' };
  return JSON.parse(execFileSync(process.execPath, [path.join(ui, 'scripts', 'bundle-size.mjs')], { cwd: ui, encoding: 'utf8' })) as unknown;
}

async function main() {
  const { values } = parseArgs({ options: { members: { type: 'string', default: '5000' }, days: { type: 'string', default: '365' }, requests: { type: 'string', default: '300' }, calls: { type: 'string', default: '200' }, keep: { type: 'boolean', default: false } } });
  const workspace = await createBenchWorkspace('panel');
  const owner = createPool(workspace.appUrl, { max: 2 });
  const pool = createTenantScopedPool(workspace.appUrl, { max: 10 });
  const platformPool = createPool(workspace.appUrl, { max: 5 });
  const redis = createRedis('redis://127.0.0.1:6379', `bench:${workspace.suffix}:`);
  const log = createLogger('api', 'warn', new Writable({ write: (_c, _e, done) => done() }));
  const events = await listenForPanelEvents(workspace.appUrl, log);
  try {
    const seeded = await timed(() => seed(owner, Number(values.members), Number(values.days), Number(values.requests)));
    // Telegram is not part of what is measured: the admin check answers at once (and is cached anyway).
    const telegram = {
      getChatMember: async () => ({ status: 'administrator', user: { first_name: 'Bench' } }),
      getChatAdministrators: async () => [],
    };
    // Today and the inbox never reach Temporal; the client connects lazily and is never used here.
    const temporal = new Client();
    const app = createApp({
      pool, platformPool, temporal, decisions: createDecisions({ pool, temporal }), telegram, events,
      subscriberCache: { invalidate: async () => undefined }, adminCache: redis, rateLimiter: createRateLimiter({ redis }), log,
      botToken: 'bench:token', publicUrl: 'http://127.0.0.1', superAdminIds: [], reportSchedules: 'paused',
      temporalUi: { url: 'http://localhost:8233', namespace: 'default' },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const link = await issueSignInLink(platformPool, { telegramUserId: 1, tenantId: seeded.value.tenantId, role: 'admin', publicUrl: base });
    const signIn = await fetch(link, { redirect: 'manual' });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const calls = Number(values.calls);
    const routes = { today: '/api/today', inbox: '/api/requests', charts: '/api/today/charts' };
    const results: Record<string, unknown> = {};
    for (const [name, route] of Object.entries(routes)) {
      await measure(`${base}${route}`, cookie, 10, 1); // warm-up
      results[name] = { sequential: await measure(`${base}${route}`, cookie, calls, 1), fourAtATime: await measure(`${base}${route}`, cookie, calls, 4) };
    }
    const sizes = await fetch(`${base}/api/today`, { headers: { cookie } }).then(async (r) => ((await r.json()) as { people: unknown[] }).people.length);
    const inbox = await fetch(`${base}/api/requests`, { headers: { cookie } }).then(async (r) => ((await r.json()) as { requests: unknown[] }).requests.length);
    server.close();
    console.log(
      JSON.stringify(
        {
          targets: { todayP95Ms: 100, inboxP95Ms: 100, initialJsGzipKb: 500 },
          company: { members: Number(values.members), days: Number(values.days), punches: seeded.value.punches, todayPeople: sizes, pendingRequests: inbox, seedMs: seeded.ms },
          http: results,
          bundle: bundleSize(),
        },
        null,
        1,
      ),
    );
  } finally {
    await events.close();
    redis.disconnect();
    await Promise.all([owner.end(), pool.end(), platformPool.end()]);
    if (values.keep) console.error(`kept the database: ${workspace.appUrl}`);
    else await workspace.dispose();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
