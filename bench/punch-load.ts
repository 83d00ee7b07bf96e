// The punch benchmark's load and its accounting, shared by `bench:punch` and `bench:temporal`:
// BioTime punches inserted on a fixed schedule, each tagged with a unique terminal name, and the
// fake Bot API's sendMessage calls matched back to them.
import type { Pool } from 'pg';
import { summarize } from './stats';

export const ZONE = 'Asia/Almaty';

/** Commit time of each tagged punch, and every time a message about it arrived. */
export interface Run {
  commits: Map<string, number>;
  received: Map<string, number[]>;
}

export function employeeCode(i: number) {
  return `B${String(i).padStart(5, '0')}`;
}

/** One member per employee, each with a private chat subscribed to their punches; inserted in bulk. */
export async function seedEmployees(appPool: Pool, biotimePool: Pool, count: number, tenantId: number) {
  // The SQL below writes employeeCode(i) itself.
  if (employeeCode(0) !== 'B00000') throw new Error('employee codes changed: update the bulk seed');
  for (let from = 0; from < count; from += 2000) {
    const to = Math.min(count, from + 2000) - 1;
    await biotimePool.query(
      `INSERT INTO personnel_employee (emp_code, first_name, last_name)
       SELECT 'B' || lpad(i::text, 5, '0'), 'Bench', 'Employee ' || i FROM generate_series($1::int, $2::int) AS i
       ON CONFLICT DO NOTHING`,
      [from, to],
    );
    await appPool.query(
      `INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, iin, employee_code, full_name)
       SELECT $1, 100000 + i, 100000 + i, NULL, 'B' || lpad(i::text, 5, '0'), 'Bench Employee ' || i FROM generate_series($2::int, $3::int) AS i`,
      [tenantId, from, to],
    );
  }
}

/** Inserts rate × duration punches on a fixed schedule; each tagged with a unique terminal name. */
export async function offerLoad(pool: Pool, label: string, o: { rate: number; duration: number; employees: number }, run: Run) {
  const total = Math.round(o.rate * o.duration);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const tag = `${label}-${i}`;
    inflight.push(
      pool
        .query(
          `INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_alias)
           VALUES ($1, (now() AT TIME ZONE '${ZONE}')::timestamp, '0', $2)`,
          [employeeCode(i % o.employees), tag],
        )
        .then(() => void run.commits.set(tag, Date.now())),
    );
  }
  await Promise.all(inflight);
  return { total, offeredSeconds: (performance.now() - started) / 1000 };
}

export function watchDeliveries(fake: { sent: ReadonlyArray<{ text: string; at: number }> }, run: Run) {
  let seen = 0;
  return setInterval(() => {
    for (; seen < fake.sent.length; seen++) {
      const s = fake.sent[seen]!;
      const tag = /Terminal: ([\w-]+)/.exec(s.text)?.[1];
      if (tag) run.received.set(tag, [...(run.received.get(tag) ?? []), s.at]);
    }
  }, 20);
}

/** Waits until every punch arrived, or nothing new arrived for `quietS` (what is missing then is lost). */
export async function waitForDrain(run: Run, total: number, quietS: number) {
  let lastCount = -1;
  let lastProgress = Date.now();
  while (run.received.size < total && Date.now() - lastProgress < quietS * 1000) {
    if (run.received.size !== lastCount) {
      lastCount = run.received.size;
      lastProgress = Date.now();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1000)); // late duplicates would show up here
}

export function report(run: Run, total: number, offeredSeconds: number) {
  const latencies: number[] = [];
  let duplicated = 0;
  let lastArrival = 0;
  let firstCommit = Infinity;
  for (const [tag, committed] of run.commits) {
    firstCommit = Math.min(firstCommit, committed);
    const arrivals = run.received.get(tag);
    if (!arrivals) continue;
    latencies.push(arrivals[0]! - committed);
    duplicated += arrivals.length - 1;
    lastArrival = Math.max(lastArrival, ...arrivals);
  }
  const delivered = latencies.length;
  return {
    punches: total,
    delivered,
    lost: total - delivered,
    duplicated,
    offeredSeconds: Math.round(offeredSeconds * 10) / 10,
    throughputPerSecond: Math.round((delivered / ((lastArrival - firstCommit) / 1000)) * 10) / 10,
    latencyMs: summarize(latencies),
  };
}
