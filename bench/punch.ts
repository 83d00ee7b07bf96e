// `npm run bench:punch -- [--rate 100] [--duration 60] [--employees 50] [--quiet-timeout 30] [--temporal-store file|memory] [--listener-in-worker]`
// Full stack (Temporal dev server with its SQLite file, worker, listener, fake Bot API): inserts
// punches into BioTime's table at a fixed rate and measures INSERT commit -> sendMessage received.
// Then runs a minimal direct pipeline (NOTIFY -> sendMessage, no Temporal) on the same load, so
// the ratio shows what durability costs. Prints one JSON document.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Api } from 'grammy';
import createSubscriber from 'pg-listen';
import { BIOTIME_CHANNEL } from '../db/biotime-source';
import { createPool } from '../db/pool';
import { renderPunchNotice } from '../domain/notifications';
import { normalizeBiotimeRow } from '../domain/biotime';
import { ServiceProcess, type ServiceName } from '../scripts/service-process';
import { startDevServer } from '../scripts/temporal-dev-server';
import { FakeTelegram } from '../test/support/fake-telegram/server';
import { benchServiceEnv, createBenchWorkspace } from './bench-databases';
import { ZONE, employeeCode, offerLoad, report, seedEmployees, waitForDrain, watchDeliveries, type Run } from './punch-load';
import { processCpuSeconds } from './process-cpu';
import { peakRssMb, summarize } from './stats';

const TOKEN = '555000555:BENCH-token-for-the-fake-bot-api';

function parse() {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '100' },
      duration: { type: 'string', default: '60' },
      employees: { type: 'string', default: '50' },
      'quiet-timeout': { type: 'string', default: '30' },
      // "file" is what `npm run dev` runs (SQLite file, state survives restarts); "memory" for comparison.
      'temporal-store': { type: 'string', default: 'file' },
      // The worker runs the listener (WORKER_RUNS_LISTENER): punch workflows start eagerly.
      'listener-in-worker': { type: 'boolean', default: false },
    },
  });
  return {
    rate: Number(values.rate),
    duration: Number(values.duration),
    employees: Number(values.employees),
    quietTimeoutS: Number(values['quiet-timeout']),
    temporalStore: values['temporal-store'] === 'memory' ? ('memory' as const) : ('file' as const),
    listenerInWorker: values['listener-in-worker'],
  };
}

async function main() {
  const o = parse();
  const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
  const workspace = await createBenchWorkspace('punch');
  const { appUrl, biotimeUrl, workDir: work } = workspace;
  const appPool = createPool(appUrl, { max: 4 });
  const biotimePool = createPool(biotimeUrl, { max: 8 });

  const temporalPort = 17_233 + Math.floor(Math.random() * 1000);
  const temporal = await startDevServer({
    bin: process.env.TEMPORAL_BIN ?? path.resolve(__dirname, '../.tools/bin/temporal'),
    port: temporalPort,
    headless: true,
    ...(o.temporalStore === 'file' ? { dbFile: path.join(work, 'temporal.sqlite') } : {}),
  });
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();

  const env = benchServiceEnv(
    workspace,
    { temporalAddress: temporal.address, apiRoot: fake.apiRoot, token: TOKEN },
    {
      BIOTIME_TIMEZONE: ZONE,
      TELEGRAM_MAX_MESSAGES_PER_SECOND: String(Math.max(1000, o.rate * 4)),
      WORKER_RUNS_LISTENER: String(o.listenerInWorker),
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WORKER_'))),
    },
  );
  const services = new Map<ServiceName, ServiceProcess>();
  const start = async (name: ServiceName) => {
    const s = new ServiceProcess(name, { env: { ...env, LOG_LEVEL: 'info' }, logFile: path.join(work, `${name}.log`) });
    services.set(name, s);
    await s.ready;
  };
  await start('worker');
  if (!o.listenerInWorker) await start('listener');
  const tenantId = (await appPool.query<{ id: number }>('SELECT id FROM tenants LIMIT 1')).rows[0]!.id;
  await seedEmployees(appPool, biotimePool, o.employees, tenantId);

  // Warm-up: the first workflows pay for caches and connections.
  const warm: Run = { commits: new Map(), received: new Map() };
  const watchWarm = watchDeliveries(fake, warm);
  const warmLoad = await offerLoad(biotimePool, 'warm', { ...o, rate: 20, duration: 2 }, warm);
  await waitForDrain(warm, warmLoad.total, o.quietTimeoutS);
  clearInterval(watchWarm);

  log(`temporal pipeline: ${o.rate}/s for ${o.duration}s`);
  const durable: Run = { commits: new Map(), received: new Map() };
  const sentBefore = fake.sent.length;
  fake.sent.splice(0, sentBefore);
  const watchDurable = watchDeliveries(fake, durable);
  const cpuOf = () => ({ worker: processCpuSeconds(services.get('worker')!.child.pid), server: processCpuSeconds(temporal.process.pid) });
  const cpuBefore = cpuOf();
  const durableLoad = await offerLoad(biotimePool, 'durable', o, durable);
  await waitForDrain(durable, durableLoad.total, o.quietTimeoutS);
  const cpuAfter = cpuOf();
  // CPU each punch cost the worker (the listener too when it runs there) and the Temporal server.
  const cpuMsPerPunch = (key: 'worker' | 'server') =>
    Math.round((((cpuAfter[key] ?? NaN) - (cpuBefore[key] ?? NaN)) * 1000 * 10) / Math.max(1, durableLoad.total)) / 10;
  clearInterval(watchDurable);
  const workerRss = await peakRssMb(services.get('worker')!.child.pid!);
  const listenerRss = o.listenerInWorker ? null : await peakRssMb(services.get('listener')!.child.pid!);
  // Where the time goes: commit -> punch row written by the workflow's first activity, and the rest.
  const recorded = await appPool.query<{ tag: string; at: Date }>(
    `SELECT raw->>'terminal_alias' AS tag, recorded_at AS at FROM punches WHERE raw->>'terminal_alias' LIKE 'durable-%'`,
  );
  const toRecorded: number[] = [];
  const recordedToSent: number[] = [];
  for (const r of recorded.rows) {
    const committed = durable.commits.get(r.tag);
    const sent = durable.received.get(r.tag)?.[0];
    if (committed !== undefined) toRecorded.push(r.at.getTime() - committed);
    if (sent !== undefined) recordedToSent.push(sent - r.at.getTime());
  }
  for (const s of [...services.values()].reverse()) await s.stop();

  // The same load through a minimal direct pipeline: NOTIFY -> sendMessage.
  log('direct pipeline (no Temporal)');
  const direct: Run = { commits: new Map(), received: new Map() };
  fake.sent.splice(0, fake.sent.length);
  const api = new Api(TOKEN, { apiRoot: fake.apiRoot });
  const chats = new Map<string, number>();
  for (let i = 0; i < o.employees; i++) chats.set(employeeCode(i), 100_000 + i);
  const subscriber = createSubscriber({ connectionString: biotimeUrl });
  subscriber.notifications.on(BIOTIME_CHANNEL, (row: Record<string, unknown> & { id: number }) => {
    const n = normalizeBiotimeRow('iclock_transaction', row, ZONE, { tenantId, uid: 'bench-direct' });
    if (!n.ok) return;
    const chatId = chats.get(n.punch.employeeCode);
    if (!chatId) return;
    const text = renderPunchNotice(
      { kind: n.punch.kind, punchedAt: n.punch.punchedAt, employeeName: 'Bench', terminal: n.punch.terminal, timeZone: ZONE },
      ['zh', 'en'],
    );
    void api.sendMessage(chatId, text).catch(() => undefined);
  });
  await subscriber.connect();
  await subscriber.listenTo(BIOTIME_CHANNEL);
  const watchDirect = watchDeliveries(fake, direct);
  const directLoad = await offerLoad(biotimePool, 'direct', o, direct);
  await waitForDrain(direct, directLoad.total, o.quietTimeoutS);
  clearInterval(watchDirect);
  await subscriber.close();

  const durableReport = report(durable, durableLoad.total, durableLoad.offeredSeconds);
  const directReport = report(direct, directLoad.total, directLoad.offeredSeconds);
  const result = {
    benchmark: 'punch: BioTime INSERT commit -> Telegram sendMessage received',
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    offered: { ratePerSecond: o.rate, durationSeconds: o.duration, employees: o.employees },
    temporalStore: o.temporalStore,
    cpuMsPerPunch: { worker: cpuMsPerPunch('worker'), temporalServer: cpuMsPerPunch('server') },
    temporal: {
      ...durableReport,
      workerPeakRssMb: workerRss,
      listenerPeakRssMb: listenerRss,
      stagesMs: {
        commitToPunchRecorded: summarize(toRecorded),
        punchRecordedToMessageReceived: summarize(recordedToSent),
      },
    },
    direct: directReport,
    durabilityCost: {
      p50Ratio: Math.round((durableReport.latencyMs.p50 / directReport.latencyMs.p50) * 10) / 10,
      p99Ratio: Math.round((durableReport.latencyMs.p99 / directReport.latencyMs.p99) * 10) / 10,
    },
    targets: { lost: 0, duplicated: 0, ratePerSecond: 100, p99Ms: 300 },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  await fake.stop();
  await temporal.stop();
  await Promise.all([appPool.end(), biotimePool.end()]);
  await workspace.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
