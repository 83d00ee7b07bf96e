// The product's punch path against a given Temporal server, for `npm run bench:temporal`: its own
// databases, the fake Bot API, the worker and the listener as child processes (as bench/punch.ts
// runs them), and one step of punches at a fixed rate with the CPU each process spent on it.
import path from 'node:path';
import type { Pool } from 'pg';
import { createPool } from '../db/pool';
import { ServiceProcess, type ServiceName } from '../scripts/service-process';
import { FakeTelegram } from '../test/support/fake-telegram/server';
import { benchServiceEnv, createBenchWorkspace, type BenchWorkspace } from './bench-databases';
import { postgresBackendsCpuSeconds, processCpuSeconds } from './process-cpu';
import { ZONE, offerLoad, report, seedEmployees, waitForDrain, watchDeliveries, type Run } from './punch-load';
import { SUSTAINED_FRACTION, TARGET_P99_MS } from './trivial-load';

const TOKEN = '555000557:BENCH-token-for-the-fake-bot-api';
const EMPLOYEES = 50;
const QUIET_SECONDS = 30;

export interface PunchPipeline {
  workspace: BenchWorkspace;
  fake: FakeTelegram;
  biotimePool: Pool;
  services: Map<ServiceName, ServiceProcess>;
  stop(): Promise<void>;
}

export async function startPunchPipeline(name: string, temporalAddress: string, maxRate: number, o: { listenerInWorker?: boolean } = {}): Promise<PunchPipeline> {
  const workspace = await createBenchWorkspace(name);
  const appPool = createPool(workspace.appUrl, { max: 2 });
  const biotimePool = createPool(workspace.biotimeUrl, { max: 8 });
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  const env = benchServiceEnv(
    workspace,
    { temporalAddress, apiRoot: fake.apiRoot, token: TOKEN },
    {
      BIOTIME_TIMEZONE: ZONE,
      TELEGRAM_MAX_MESSAGES_PER_SECOND: String(Math.max(1000, maxRate * 4)),
      WORKER_RUNS_LISTENER: String(o.listenerInWorker ?? false),
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WORKER_'))),
    },
  );
  const services = new Map<ServiceName, ServiceProcess>();
  const stop = async () => {
    for (const s of [...services.values()].reverse()) await s.stop();
    await fake.stop();
    await Promise.all([appPool.end(), biotimePool.end()]);
    await workspace.dispose();
  };
  try {
    for (const name of o.listenerInWorker ? (['worker'] as const) : (['worker', 'listener'] as const)) {
      const s = new ServiceProcess(name, { env, logFile: path.join(workspace.workDir, `${name}.log`) });
      services.set(name, s);
      await s.ready;
    }
    const tenantId = (await appPool.query<{ id: number }>('SELECT id FROM tenants LIMIT 1')).rows[0]!.id;
    await seedEmployees(appPool, biotimePool, EMPLOYEES, tenantId);
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { workspace, fake, biotimePool, services, stop };
}

/** Offers rate × seconds punches and waits until each is delivered (or lost); reports the step. */
export async function punchStep(
  pipeline: PunchPipeline,
  o: { label: string; rate: number; seconds: number; serverPid: number | undefined; temporalDatabases: string[] },
) {
  const run: Run = { commits: new Map(), received: new Map() };
  pipeline.fake.sent.splice(0, pipeline.fake.sent.length);
  const pids = {
    worker: pipeline.services.get('worker')?.child.pid,
    listener: pipeline.services.get('listener')?.child.pid,
    temporalServer: o.serverPid,
  };
  const cpu = () => ({
    worker: processCpuSeconds(pids.worker),
    listener: processCpuSeconds(pids.listener),
    temporalServer: processCpuSeconds(pids.temporalServer),
    temporalDatabaseBackends: o.temporalDatabases.length > 0 ? postgresBackendsCpuSeconds(o.temporalDatabases) : null,
  });
  const before = cpu();
  const watch = watchDeliveries(pipeline.fake, run);
  const load = await offerLoad(pipeline.biotimePool, o.label, { rate: o.rate, duration: o.seconds, employees: EMPLOYEES }, run);
  await waitForDrain(run, load.total, QUIET_SECONDS);
  clearInterval(watch);
  const after = cpu();

  const r = report(run, load.total, load.offeredSeconds);
  const perPunch = (key: keyof typeof before) => {
    const [a, b] = [after[key], before[key]];
    return a === null || b === null || r.delivered === 0 ? null : Math.round(((a - b) / r.delivered) * 1e5) / 1e5;
  };
  const sustained = r.lost === 0 && r.duplicated === 0 && r.throughputPerSecond >= SUSTAINED_FRACTION * o.rate;
  return {
    offeredPerSecond: o.rate,
    punches: r.punches,
    delivered: r.delivered,
    lost: r.lost,
    duplicated: r.duplicated,
    achievedPerSecond: r.throughputPerSecond,
    latencyMs: r.latencyMs,
    withinTarget: sustained && r.latencyMs.p99 <= TARGET_P99_MS,
    cpuSecondsPerPunch: {
      worker: perPunch('worker'),
      listener: perPunch('listener'),
      temporalServer: perPunch('temporalServer'),
      // Only the PostgreSQL server's Temporal state; the dev server keeps it in its own process.
      temporalDatabaseBackends: perPunch('temporalDatabaseBackends'),
    },
  };
}
