// `[TELEGRAM_SEND_MARGIN_MS=20] npm run bench:rush -- [--punches 10000] [--arrival-seconds 60] [--limit 30] [--cap 30] [--listener-in-worker] [--sender-process] [--telegram-process] [--sample-cache]`
// The morning rush: every employee of a large company punches in within a minute, every one of
// them subscribed, and Telegram takes at most `--limit` messages a second from the bot (the fake
// Bot API answers 429 past it, counted in any sliding second: stricter than Telegram). The worker
// paces sends at `--cap` a second (TELEGRAM_MAX_MESSAGES_PER_SECOND, a rate limit on the
// telegram-outbound task queue for the whole fleet). Reports how long the notifications took to
// drain against punches ÷ limit, how many 429s Telegram gave and whose clock closed the gap (the
// worker stamps each send as it leaves: see floodRefusalCauses), the most sends seen in any second,
// and what was lost or doubled. Full stack: Temporal dev server (SQLite file), worker, listener
// (or the worker running it), fake Bot API; with --sender-process the sends run in a worker of their
// own (WORKER_TASK_QUEUES=telegram-outbound) and the first serves only `attendance`. Progress to
// stderr, one JSON document to stdout.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { createPool } from '../db/pool';
import { ServiceProcess, type ServiceName } from '../scripts/service-process';
import { startDevServer } from '../scripts/temporal-dev-server';
import { FakeTelegram, type BotLimitEntry } from '../test/support/fake-telegram/server';
import { RemoteFakeTelegram } from './remote-fake-telegram';
import { benchServiceEnv, createBenchWorkspace } from './bench-databases';
import { ZONE, employeeCode, report, seedEmployees, watchDeliveries, type Run } from './punch-load';
import { machineCpu, processCpuSeconds } from './process-cpu';
import { peakRssMb } from './stats';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { freePort } from '../test/support/free-port';

const TOKEN = '555000558:BENCH-token-for-the-fake-bot-api';
const log = (msg: string) => process.stderr.write(`[rush] ${msg}\n`);

function parse() {
  const { values } = parseArgs({
    options: {
      punches: { type: 'string', default: '10000' },
      'arrival-seconds': { type: 'string', default: '60' },
      limit: { type: 'string', default: '30' },
      cap: { type: 'string' },
      'listener-in-worker': { type: 'boolean', default: false },
      'sender-process': { type: 'boolean', default: false },
      'telegram-process': { type: 'boolean', default: false },
      'quiet-timeout': { type: 'string', default: '60' },
      'sample-cache': { type: 'boolean', default: false },
    },
  });
  const o = {
    punches: Number(values.punches),
    arrivalSeconds: Number(values['arrival-seconds']),
    limit: Number(values.limit),
    cap: Number(values.cap ?? values.limit),
    listenerInWorker: values['listener-in-worker'],
    senderProcess: values['sender-process'],
    telegramProcess: values['telegram-process'],
    quietTimeoutS: Number(values['quiet-timeout']),
    sampleCache: values['sample-cache'],
  };
  for (const [name, value] of Object.entries(o)) {
    if (typeof value === 'number' && !(value > 0)) throw new Error(`--${name} takes a positive number`);
  }
  return o;
}

/** The punches, spread evenly over the arrival window in batches of a tenth of a second. */
async function offerRush(pool: Pool, o: { punches: number; arrivalSeconds: number }, commits: Run['commits']) {
  const batches = Math.max(1, Math.round(o.arrivalSeconds * 10));
  const perBatch = Math.ceil(o.punches / batches);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let b = 0, next = 0; next < o.punches; b++) {
    const wait = started + b * 100 - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const tags: string[] = [];
    const codes: string[] = [];
    for (let k = 0; k < perBatch && next < o.punches; k++, next++) {
      tags.push(`rush-${next}`);
      codes.push(employeeCode(next));
    }
    inflight.push(
      pool
        .query(
          `INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_alias)
           SELECT code, (now() AT TIME ZONE '${ZONE}')::timestamp, '0', tag FROM unnest($1::text[], $2::text[]) AS t(code, tag)`,
          [codes, tags],
        )
        .then(() => {
          const at = Date.now();
          for (const tag of tags) commits.set(tag, at);
        }),
    );
  }
  await Promise.all(inflight);
  return (performance.now() - started) / 1000;
}

/** The most sends accepted in any `windowMs` (a sliding window over the arrival times). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/**
 * Why each 429 happened. For a refused send R, the send that filled the window is the earliest
 * accepted A checked less than a window before R. If the worker sent A and R less than a window
 * apart, the sender bunched them (its pacing is at fault); if it sent them a window or more apart
 * but they reached the fake's socket less than a window apart, the gap closed in transit (the
 * worker's event loop, the kernel, or the fake's event loop before the request was read); if they
 * arrived far enough apart but were checked too close, the fake's own request handling closed it.
 */
function floodRefusalCauses(checks: BotLimitEntry[], windowMs: number) {
  const sorted = [...checks].sort((a, b) => a.checkedAt - b.checkedAt);
  const accepted = sorted.filter((c) => !c.refused);
  const causes = { senderBunched: 0, closedInTransit: 0, closedInTheHandler: 0, unstamped: 0 };
  const refusals: Array<{ cause: string; senderGapMs: number | null; arrivalGapMs: number; checkGapMs: number; tightestStep: { ms: number; at: number } | null }> = [];
  for (const r of sorted.filter((c) => c.refused)) {
    const a = accepted.find((c) => r.checkedAt - c.checkedAt < windowMs && c.checkedAt <= r.checkedAt);
    if (!a) continue;
    const senderGap = a.sentAt !== null && r.sentAt !== null ? r.sentAt - a.sentAt : null;
    const arrivalGap = r.arrivedAt - a.arrivedAt;
    const cause = senderGap === null ? 'unstamped' : senderGap < windowMs ? 'senderBunched' : arrivalGap < windowMs ? 'closedInTransit' : 'closedInTheHandler';
    causes[cause as keyof typeof causes] += 1;
    const ms = (n: number) => Math.round(n * 10) / 10;
    // The closest two consecutive sends from A to R, by when the worker sent them, and where (0:
    // A and the next, so A went late; the last: R and the one before, so R went early).
    const sent = accepted
      .filter((c) => c.checkedAt >= a.checkedAt && c.checkedAt < r.checkedAt && c.sentAt !== null)
      .map((c) => c.sentAt!)
      .concat(r.sentAt ?? [])
      .sort((x, y) => x - y);
    let tightestStep: { ms: number; at: number } | null = null;
    for (let i = 1; i < sent.length; i++) {
      const step = sent[i]! - sent[i - 1]!;
      if (!tightestStep || step < tightestStep.ms) tightestStep = { ms: ms(step), at: i - 1 };
    }
    refusals.push({ cause, senderGapMs: senderGap === null ? null : ms(senderGap), arrivalGapMs: ms(arrivalGap), checkGapMs: ms(r.checkedAt - a.checkedAt), tightestStep });
  }
  return { ...causes, refusals: refusals.slice(0, 20) };
}

/** Workflows in the worker's cache, from the SDK's metrics; null when they cannot be read. */
async function cachedWorkflows(sdkMetricsPort: number): Promise<number | null> {
  const text = await fetch(`http://127.0.0.1:${sdkMetricsPort}/metrics`)
    .then((res) => res.text())
    .catch(() => '');
  if (!text) return null;
  return [...text.matchAll(/^temporal_sticky_cache_size(?:\{[^}]*\})? (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

type MemorySample = { at: number; thread: number; heapTotal: number; heapUsed: number; external: number; rss?: number };

/** The sample of `list` taken nearest `at`. */
const nearest = (list: MemorySample[], at: number) => list.reduce((best, s) => (Math.abs(s.at - at) < Math.abs(best.at - at) ? s : best));

/**
 * Where the worker's memory was when its resident set was largest, from the samples every thread
 * wrote (bench/sample-memory.cjs): the main thread's V8 heap, the workflow threads' heaps (one V8
 * context each, shared by the workflows cached there), memory V8 reports
 * as external to its heaps (buffers), and the rest (outside V8: the SDK's Core, native code,
 * stacks, the allocator's slack).
 */
async function memoryBreakdown(dir: string, progress: Array<{ at: number; cached: number | null; notified: number }>, rushStarted: number) {
  const samples: MemorySample[] = [];
  for (const file of await readdir(dir).catch(() => [] as string[])) {
    if (!file.endsWith('.jsonl')) continue;
    const text = await readFile(path.join(dir, file), 'utf8').catch(() => '');
    // The last line may be cut short: the process was stopped while writing it.
    for (const line of text.split('\n')) {
      try {
        if (line) samples.push(JSON.parse(line) as MemorySample);
      } catch {
        // skipped
      }
    }
  }
  const mainThread = samples.filter((s) => s.thread === 0 && s.rss !== undefined);
  if (mainThread.length === 0) return null;
  const others = [...new Set(samples.filter((s) => s.thread !== 0).map((s) => s.thread))].map((t) => samples.filter((s) => s.thread === t));
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const at = (m: MemorySample) => {
    // Each workflow thread's sample nearest this one of the main thread (they are a second apart).
    const near = others.map((list) => nearest(list, m.at)).filter((s) => Math.abs(s.at - m.at) <= 1500);
    const threadsHeap = near.reduce((sum, s) => sum + s.heapTotal, 0);
    const external = m.external + near.reduce((sum, s) => sum + s.external, 0);
    return {
      rssMb: mb(m.rss!),
      mainHeapMb: { total: mb(m.heapTotal), used: mb(m.heapUsed) },
      workflowThreads: near.length,
      workflowThreadsHeapMb: { total: mb(threadsHeap), used: mb(near.reduce((sum, s) => sum + s.heapUsed, 0)) },
      externalMb: mb(external),
      outsideV8Mb: mb(m.rss! - m.heapTotal - threadsHeap - external),
    };
  };
  const peak = mainThread.reduce((best, s) => (s.rss! > best.rss! ? s : best));
  const last = mainThread.at(-1)!;
  return {
    atPeak: { secondsIntoRush: Math.round((peak.at - rushStarted) / 1000), ...at(peak) },
    atEnd: at(last),
    // Seconds into the rush, workflows in the worker's cache, notified so far, and the memory then.
    everyTenSeconds: progress.map((p) => {
      const m = at(nearest(mainThread, p.at));
      return { s: Math.round((p.at - rushStarted) / 1000), cached: p.cached, notified: p.notified, rssMb: m.rssMb, mainHeapMb: m.mainHeapMb.total, threadsHeapMb: m.workflowThreadsHeapMb.total, outsideV8Mb: m.outsideV8Mb };
    }),
  };
}

/** NODE_OPTIONS that also preload these files of bench/. */
const preloading = (env: NodeJS.ProcessEnv, ...files: string[]) => [env.NODE_OPTIONS, ...files.map((f) => `--require ${path.join(__dirname, f)}`)].filter(Boolean).join(' ');

async function main() {
  const o = parse();
  const workspace = await createBenchWorkspace('rush');
  const appPool = createPool(workspace.appUrl, { max: 4 });
  const biotimePool = createPool(workspace.biotimeUrl, { max: 8 });
  const temporal = await startDevServer({
    bin: process.env.TEMPORAL_BIN ?? path.resolve(__dirname, '../.tools/bin/temporal'),
    port: 17_233 + Math.floor(Math.random() * 1000),
    headless: true,
    dbFile: path.join(workspace.workDir, 'temporal.sqlite'),
  });
  // --telegram-process: the fake in a process of its own, so this one's stalls do not bunch what it receives.
  const fake = o.telegramProcess ? new RemoteFakeTelegram(TOKEN) : new FakeTelegram({ token: TOKEN });
  await fake.start();
  const services = new Map<ServiceName, ServiceProcess>();
  const workerMetricsPort = await freePort();
  const senderMetricsPort = await freePort();
  let sender: ServiceProcess | null = null;
  const sdkMetricsPort = await freePort();
  const memoryDir = path.join(workspace.workDir, 'memory');
  await mkdir(memoryDir, { recursive: true });
  try {
    const env = benchServiceEnv(
      workspace,
      { temporalAddress: temporal.address, apiRoot: fake.apiRoot, token: TOKEN },
      {
        BIOTIME_TIMEZONE: ZONE,
        TELEGRAM_MAX_MESSAGES_PER_SECOND: String(o.cap),
        WORKER_RUNS_LISTENER: String(o.listenerInWorker),
        ...(process.env.TELEGRAM_SEND_MARGIN_MS ? { TELEGRAM_SEND_MARGIN_MS: process.env.TELEGRAM_SEND_MARGIN_MS } : {}),
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WORKER_'))),
      },
    );
    for (const name of o.listenerInWorker ? (['worker'] as const) : (['worker', 'listener'] as const)) {
      // The worker stamps each send with when it left (bench/stamp-sends.cjs), so a 429 can be laid at the sender's door or the receiver's.
      // And every thread of it writes its heap each second (bench/sample-memory.cjs), to say where its memory goes.
      const workerEnv = {
        ...env,
        METRICS_PORT: String(workerMetricsPort),
        TEMPORAL_METRICS_PORT: String(sdkMetricsPort),
        MEMORY_SAMPLES_DIR: memoryDir,
        NODE_OPTIONS: preloading(env, 'stamp-sends.cjs', 'sample-memory.cjs'),
        ...(o.senderProcess ? { WORKER_TASK_QUEUES: 'attendance' } : {}),
      };
      const s = new ServiceProcess(name, { env: name === 'worker' ? workerEnv : env, logFile: path.join(workspace.workDir, `${name}.log`) });
      services.set(name, s);
      await s.ready;
    }
    if (o.senderProcess) {
      // The sends' own worker: it stamps them as they leave; its counters are the pacer's.
      sender = new ServiceProcess('worker', {
        env: {
          ...env,
          WORKER_TASK_QUEUES: 'telegram-outbound',
          WORKER_RUNS_LISTENER: 'false',
          METRICS_PORT: String(senderMetricsPort),
          NODE_OPTIONS: preloading(env, 'stamp-sends.cjs'),
        },
        logFile: path.join(workspace.workDir, 'sender.log'),
      });
      await sender.ready;
    }
    const tenantId = (await appPool.query<{ id: number }>('SELECT id FROM tenants LIMIT 1')).rows[0]!.id;
    log(`seeding ${o.punches} subscribed employees`);
    await seedEmployees(appPool, biotimePool, o.punches, tenantId);

    // Telegram's limit on from here: the rush starts with the bot idle, its pacing budget full.
    if (fake instanceof RemoteFakeTelegram) await fake.reset();
    else fake.sent.splice(0, fake.sent.length);
    fake.limitBot({ messages: o.limit, windowMs: 1000 });
    const cpuBefore = { worker: processCpuSeconds(services.get('worker')!.child.pid), sender: processCpuSeconds(sender?.child.pid), server: processCpuSeconds(temporal.process.pid) };
    log(`rush: ${o.punches} punches over ${o.arrivalSeconds} s; Telegram takes ${o.limit}/s, the worker paces at ${o.cap}/s`);
    const run: Run = { commits: new Map(), received: new Map() };
    const watch = watchDeliveries(fake, run);
    // Every 10 s: how many were notified, how busy the machine's CPUs were (all processes: the
    // server, the worker, PostgreSQL, this one) and, with --sample-cache, how many workflows the
    // worker holds in its cache.
    const rushStarted = Date.now();
    const progress: Array<{ at: number; cached: number | null; notified: number }> = [];
    const machineBusy: number[] = [];
    let lastCpu = await machineCpu();
    const sampleProgress = async () => {
      const cpu = await machineCpu();
      machineBusy.push(Math.round(((cpu.busy - lastCpu.busy) / Math.max(1, cpu.total - lastCpu.total)) * 100) / 100);
      lastCpu = cpu;
      // Only when asked: reading the SDK's metrics here, in the fake's process, coincided with one
      // 429 in transit in each of four runs (none in a run without it).
      progress.push({ at: Date.now(), cached: o.sampleCache ? await cachedWorkflows(sdkMetricsPort) : null, notified: run.received.size });
    };
    const progressTimer = setInterval(() => void sampleProgress(), 10_000);
    // This process is Telegram here: its own stalls bunch the sends it receives, so they are reported.
    const fakeLag = monitorEventLoopDelay({ resolution: 5 });
    fakeLag.enable();
    const offeredSeconds = await offerRush(biotimePool, o, run.commits);

    // Until every punch is notified, or nothing new for quiet-timeout seconds.
    let lastCount = -1;
    let lastProgress = Date.now();
    let lastLog = Date.now();
    while (run.received.size < o.punches && Date.now() - lastProgress <= o.quietTimeoutS * 1000) {
      if (run.received.size !== lastCount) [lastCount, lastProgress] = [run.received.size, Date.now()];
      if (Date.now() - lastLog > 30_000) {
        log(`  ${run.received.size} of ${o.punches} notified; Telegram refused ${fake.floodRefusals}`);
        lastLog = Date.now();
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 3000)); // late duplicates would show up here
    clearInterval(watch);
    clearInterval(progressTimer);
    fakeLag.disable();
    const workerMetrics = await fetch(`http://127.0.0.1:${sender ? senderMetricsPort : workerMetricsPort}/metrics`)
      .then((res) => res.text())
      .catch(() => '');
    const counter = (name: string) => (workerMetrics ? Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(workerMetrics)?.[1] ?? NaN) : null);

    const r = report(run, o.punches, offeredSeconds);
    const sendTimes = [...run.received.values()].flat().sort((a, b) => a - b);
    const firstCommit = Math.min(...run.commits.values());
    const drainSeconds = sendTimes.length > 0 ? (sendTimes.at(-1)! - firstCommit) / 1000 : null;
    const expectedDrainS = o.punches / o.limit;
    const perTenSeconds: number[] = [];
    for (const t of sendTimes) {
      const window = Math.floor((t - sendTimes[0]!) / 10_000);
      perTenSeconds[window] = (perTenSeconds[window] ?? 0) + 1;
    }
    const round = (n: number) => Math.round(n * 10) / 10;
    const result = {
      benchmark: 'morning rush: every employee punches in within a minute, every one subscribed, Telegram limited',
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      options: { ...o, sendMarginMs: Number(process.env.TELEGRAM_SEND_MARGIN_MS ?? 20) },
      topology: [
        o.listenerInWorker ? 'the worker runs the listener (eager starts)' : 'worker and listener in their own processes',
        ...(o.senderProcess ? ['the sends in a worker of their own'] : []),
      ].join('; '),
      punches: o.punches,
      offeredSeconds: r.offeredSeconds,
      notified: r.delivered,
      lost: r.lost,
      duplicated: r.duplicated,
      // How far apart a doubled notification's copies arrived: a few ms is an attempt and its retry sending together.
      duplicateGapsMs: [...run.received.values()].filter((at) => at.length > 1).map((at) => Math.max(...at) - Math.min(...at)),
      telegram429s: fake.floodRefusals,
      telegram429Causes: floodRefusalCauses(fake.botLimitLog, 1000),
      sendSlotsMissed: counter('attendance_telegram_send_slots_missed_total'),
      sendsDeferred: counter('attendance_telegram_sends_deferred_total'),
      fakeTelegramEventLoopDelayMs: o.telegramProcess ? null : { p99: Math.round(fakeLag.percentile(99) / 1e4) / 100, max: Math.round(fakeLag.max / 1e4) / 100 },
      busiestSecond: busiestWindow(sendTimes, 1000),
      drainSeconds: drainSeconds === null ? null : round(drainSeconds),
      drainAtTheLimitSeconds: round(expectedDrainS),
      drainToLimitRatio: drainSeconds === null ? null : Math.round((drainSeconds / expectedDrainS) * 1000) / 1000,
      sendsPerSecondByTenSecondWindow: Array.from(perTenSeconds, (n) => round((n ?? 0) / 10)),
      // From the first punch: the share of the machine's CPU time in use (1: every core busy).
      machineCpuBusyByTenSecondWindow: machineBusy,
      latencyMs: r.latencyMs,
      cpuSeconds: {
        worker: round((processCpuSeconds(services.get('worker')!.child.pid) ?? NaN) - (cpuBefore.worker ?? NaN)),
        ...(sender ? { sender: round((processCpuSeconds(sender.child.pid) ?? NaN) - (cpuBefore.sender ?? NaN)) } : {}),
        temporalServer: round((processCpuSeconds(temporal.process.pid) ?? NaN) - (cpuBefore.server ?? NaN)),
      },
      workerPeakRssMb: await peakRssMb(services.get('worker')!.child.pid!),
      workerMemory: await memoryBreakdown(memoryDir, progress, rushStarted),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await sender?.stop();
    for (const s of [...services.values()].reverse()) await s.stop();
    await fake.stop();
    await temporal.stop();
    await Promise.all([appPool.end(), biotimePool.end()]);
    await workspace.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
