// `npm run bench:temporal -- [--servers dev,postgres] [--rates 10,20,40,80,160] [--resolution 5] [--step-seconds 20]
//    [--punch-topology in-worker,separate] [--keep] [--skip-punch]`
// The embedded dev server (the CLI's start-dev on its SQLite file, with the pragmas `npm run dev`
// uses) against the production server on PostgreSQL, in one run on this machine: the ceiling of a
// one-activity workflow and of the product's punch path (BioTime INSERT -> sendMessage received),
// each the highest rate kept up with at p99 <= 1 s, and what a punch costs in CPU. Progress goes
// to stderr; one JSON document to stdout.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createPool } from '../db/pool';
import { startDevServer, type DevServer } from '../scripts/temporal-dev-server';
import { freeTemporalPortBlock, startPostgresTemporal, temporalPostgresUrl } from '../scripts/temporal-postgres';
import { punchStep, startPunchPipeline } from './punch-steps';
import { SUSTAINED_FRACTION, TARGET_P99_MS, latencySplit, startTrivialWorker, trivialStep } from './trivial-load';

const TOOLS = path.resolve(__dirname, '../.tools/bin');
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

type ServerKind = 'dev' | 'postgres';
type PunchTopology = 'in-worker' | 'separate';

function parse() {
  const { values } = parseArgs({
    options: {
      servers: { type: 'string', default: 'dev,postgres' },
      rates: { type: 'string', default: '10,20,40,80,160' },
      // After the first rate that misses the target, rates halfway between are tried until the
      // last kept and the first missed are this close.
      resolution: { type: 'string', default: '5' },
      // in-worker: the worker runs the listener and starts punches eagerly; separate: its own process.
      'punch-topology': { type: 'string', default: 'in-worker,separate' },
      'step-seconds': { type: 'string', default: '20' },
      keep: { type: 'boolean', default: false },
      'skip-punch': { type: 'boolean', default: false },
    },
  });
  const servers = values.servers.split(',').map((s) => s.trim());
  for (const s of servers) if (s !== 'dev' && s !== 'postgres') throw new Error(`--servers takes dev and/or postgres, not "${s}"`);
  const rates = values.rates.split(',').map(Number);
  if (rates.some((r) => !(r > 0))) throw new Error(`--rates takes positive numbers, not "${values.rates}"`);
  const resolution = Number(values.resolution);
  if (!(resolution > 0)) throw new Error(`--resolution takes a positive number, not "${values.resolution}"`);
  const topologies = values['punch-topology'].split(',').map((s) => s.trim());
  for (const t of topologies) if (t !== 'in-worker' && t !== 'separate') throw new Error(`--punch-topology takes in-worker and/or separate, not "${t}"`);
  const stepSeconds = Number(values['step-seconds']);
  if (!(stepSeconds > 0)) throw new Error(`--step-seconds takes a positive number, not "${values['step-seconds']}"`);
  return {
    servers: servers as ServerKind[],
    rates: [...rates].sort((a, b) => a - b),
    resolution,
    topologies: topologies as PunchTopology[],
    stepSeconds,
    keep: values.keep,
    skipPunch: values['skip-punch'],
  };
}
type Options = ReturnType<typeof parse>;

/** Set on SIGINT/SIGTERM: the current step ends, nothing new starts, everything is cleaned up. */
const interrupted = { now: false };

/**
 * Runs steps at rising rates until one misses the target, then halves the interval between the last
 * rate kept and the first missed until they are `resolution` apart; the ceiling is the highest kept.
 */
async function rampUp<S extends { offeredPerSecond: number; withinTarget: boolean }>(
  rates: number[],
  resolution: number,
  step: (rate: number, index: number) => Promise<S>,
) {
  const steps: S[] = [];
  const run = async (rate: number) => {
    const s = await step(rate, steps.length);
    steps.push(s);
    log(`  ${rate}/s: ${JSON.stringify(s)}`);
    return s.withinTarget;
  };
  let kept = 0;
  let missed: number | null = null;
  for (const rate of rates) {
    if (interrupted.now) break;
    if (!(await run(rate))) {
      missed = rate;
      break;
    }
    kept = rate;
  }
  while (missed !== null && !interrupted.now) {
    const middle = Math.round((kept + missed) / 2 / resolution) * resolution;
    if (missed - kept <= resolution || middle <= kept || middle >= missed) break;
    if (await run(middle)) kept = middle;
    else missed = middle;
  }
  const ceilingStep = steps.filter((s) => s.withinTarget && s.offeredPerSecond === kept).at(-1) ?? null;
  // When every rate met the target, the ceiling is only a lower bound: offer higher --rates.
  const ceilingReached = missed !== null;
  return { steps, ceilingPerSecond: ceilingStep?.offeredPerSecond ?? null, ceilingReached, firstMissedPerSecond: missed, ceilingStep };
}

interface ServerUnderTest {
  handle: DevServer;
  description: string;
  temporalDatabases: string[];
  dispose(): Promise<void>;
}

async function startServer(kind: ServerKind, o: Options, workDir: string, runId: string): Promise<ServerUnderTest> {
  const logTo = (file: string) => {
    const out = createWriteStream(path.join(workDir, file), { flags: 'a' });
    return (line: string) => out.write(`${line}\n`);
  };
  if (kind === 'dev') {
    const handle = await startDevServer({
      bin: process.env.TEMPORAL_BIN ?? path.join(TOOLS, 'temporal'),
      port: 17_233 + Math.floor(Math.random() * 1000),
      headless: true,
      dbFile: path.join(workDir, 'temporal.sqlite'),
      onLog: logTo('temporal-dev.log'),
    });
    return { handle, description: 'Temporal CLI start-dev, SQLite file with the pragmas of scripts/temporal-dev-server.ts', temporalDatabases: [], dispose: () => handle.stop() };
  }
  const postgresUrl = temporalPostgresUrl(process.env);
  const database = `bench_temporal_${runId}`;
  const visibilityDatabase = `${database}_visibility`;
  const drop = async () => {
    if (o.keep) return log(`kept databases ${database} and ${visibilityDatabase}`);
    const admin = createPool(`${postgresUrl}/postgres`, { max: 1 });
    try {
      for (const db of [database, visibilityDatabase]) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  try {
    const handle = await startPostgresTemporal({
      binDir: process.env.TEMPORAL_SERVER_BIN_DIR ?? TOOLS,
      stateDir: path.join(workDir, 'temporal-postgres'),
      postgresUrl,
      database,
      visibilityDatabase,
      port: await freeTemporalPortBlock(),
      namespaces: ['default'],
      onLog: logTo('temporal-postgres.log'),
      // The server alone on the machine: the pool size of the module's development config.
      maxConns: 20,
    });
    return {
      handle,
      description: `temporal-server v1.29.1 on PostgreSQL (databases ${database}, ${visibilityDatabase}; 4 history shards, 20 connections per service)`,
      temporalDatabases: [database, visibilityDatabase],
      async dispose() {
        await handle.stop();
        await drop();
      },
    };
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
}

async function measureTrivial(server: ServerUnderTest, bundle: WorkflowBundleWithSourceMap, o: Options, label: string) {
  const taskQueue = `bench-trivial-${label}`;
  const worker = await startTrivialWorker(server.handle.address, taskQueue, bundle);
  const connection = await Connection.connect({ address: server.handle.address });
  const client = new Client({ connection });
  try {
    const serverPid = server.handle.process.pid;
    const step = (rate: number, seconds: number, name: string) =>
      trivialStep(client, { taskQueue, label: `${label}-${name}`, rate, seconds, graceSeconds: seconds * 2 + 30, serverPid });
    log('  warm-up: 10/s for 2 s');
    await step(10, 2, 'warm');
    log('  latency split: 20 workflows at 2/s');
    const split = await latencySplit(client, { taskQueue, label: `${label}-split`, count: 20, rate: 2 });
    const ramp = await rampUp(o.rates, o.resolution, (rate, i) => step(rate, o.stepSeconds, `step${i}`));
    return {
      workflow: 'one activity that returns at once',
      steps: ramp.steps,
      ceilingPerSecond: ramp.ceilingPerSecond,
      ceilingReached: ramp.ceilingReached,
      firstMissedPerSecond: ramp.firstMissedPerSecond,
      latencySplit: split,
    };
  } finally {
    await worker.stop();
    await connection.close();
  }
}

async function measurePunch(server: ServerUnderTest, kind: ServerKind, topology: PunchTopology, o: Options, label: string) {
  const pipeline = await startPunchPipeline(`temporal-${kind}`, server.handle.address, Math.max(...o.rates), { listenerInWorker: topology === 'in-worker' });
  try {
    const step = (rate: number, seconds: number, name: string) =>
      punchStep(pipeline, { label: `${label}-${name}`, rate, seconds, serverPid: server.handle.process.pid, temporalDatabases: server.temporalDatabases });
    log('  warm-up: 10/s for 2 s');
    await step(10, 2, 'warm');
    const ramp = await rampUp(o.rates, o.resolution, (rate, i) => step(rate, o.stepSeconds, `step${i}`));
    return {
      topology: topology === 'in-worker' ? 'the worker runs the listener (WORKER_RUNS_LISTENER): eager starts' : 'the listener in its own process',
      path: 'BioTime INSERT commit -> listener -> punch workflow -> fake Bot API sendMessage received',
      steps: ramp.steps,
      ceilingPerSecond: ramp.ceilingPerSecond,
      ceilingReached: ramp.ceilingReached,
      firstMissedPerSecond: ramp.firstMissedPerSecond,
      lost: ramp.steps.reduce((n, s) => n + s.lost, 0),
      duplicated: ramp.steps.reduce((n, s) => n + s.duplicated, 0),
      cpuSecondsPerPunchAtCeiling: ramp.ceilingStep ? { atRatePerSecond: ramp.ceilingStep.offeredPerSecond, ...ramp.ceilingStep.cpuSecondsPerPunch } : null,
    };
  } finally {
    await pipeline.stop();
  }
}

async function measureServer(kind: ServerKind, bundle: WorkflowBundleWithSourceMap, o: Options, workDir: string, runId: string) {
  log(`${kind}: starting the server`);
  const server = await startServer(kind, o, workDir, runId);
  try {
    log(`${kind}: trivial workflow`);
    const trivial = await measureTrivial(server, bundle, o, `${runId}-${kind}`);
    const punch: Record<string, unknown> = {};
    for (const topology of o.skipPunch ? [] : o.topologies) {
      if (interrupted.now) break;
      log(`${kind}: punch pipeline, listener ${topology}`);
      const measured = await measurePunch(server, kind, topology, o, `${kind}${topology === 'in-worker' ? 'w' : 's'}${runId}`);
      const ratio = measured.ceilingPerSecond && trivial.ceilingPerSecond ? Math.round((measured.ceilingPerSecond / trivial.ceilingPerSecond) * 100) / 100 : null;
      // Exact only when both ramps found their ceiling; otherwise one side is a lower bound.
      const ratioFromReachedCeilings = trivial.ceilingReached && measured.ceilingReached;
      punch[topology] = { ...measured, punchToTrivialCeilingRatio: ratio, ratioFromReachedCeilings };
    }
    return { server: server.description, trivial, punch };
  } finally {
    log(`${kind}: stopping the server`);
    await server.dispose();
  }
}

async function main() {
  const o = parse();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: finishing the current step, then cleaning up`);
      interrupted.now = true;
    });
  }
  // This process handles the signals (above); the SDK logs warnings and errors to stderr only.
  const logger = new DefaultLogger('WARN', (entry) => process.stderr.write(`[temporal] ${entry.level} ${entry.message}\n`));
  Runtime.install({ logger, shutdownSignals: [] });
  const runId = Date.now().toString(36);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'bench-temporal-servers-'));
  log(`work directory ${workDir}`);
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./trivial-workflow'), logger });

  const servers: Record<string, unknown> = {};
  try {
    for (const kind of o.servers) {
      if (interrupted.now) break;
      servers[kind] = await measureServer(kind, bundle, o, workDir, runId);
    }
  } finally {
    if (o.keep) log(`kept ${workDir} (server logs and state)`);
    else rmSync(workDir, { recursive: true, force: true });
  }
  const result = {
    benchmark: 'Temporal servers: embedded dev server (SQLite) vs production server on PostgreSQL',
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    options: { rates: o.rates, resolution: o.resolution, stepSeconds: o.stepSeconds, punchTopologies: o.topologies, skipPunch: o.skipPunch },
    target: { p99Ms: TARGET_P99_MS, achievedAtLeast: `${SUSTAINED_FRACTION} x offered`, lost: 0, duplicated: 0 },
    notes: [
      'Latency: trivial = client start call -> result held; punch = INSERT commit -> sendMessage received.',
      'The trivial worker and its client share this process (cpuMsPerWorkflow.benchProcess); the punch worker and listener are child processes.',
      'CPU per punch covers the step from its first INSERT to its last delivery plus 1 s; temporalDatabaseBackends counts the PostgreSQL backends of the Temporal databases (none for the dev server).',
    ],
    servers,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
