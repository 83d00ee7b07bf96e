// `npm run drills -- [--scale 1] [--only listener,worker,redis,telegram,postgres,temporal,sender] [--senders 0|1|2] [--keep]`
// Fault drills on the PostgreSQL-backed topology (see topology.ts): under a steady load of BioTime
// punches and group clock-ins, each drill injects one fault, keeps it for its length × scale, heals
// it and waits until every expected message arrived (or nothing arrived for --quiet seconds).
// Prints one JSON array, one record per drill, on stdout; progress goes to stderr. `--senders N`
// runs the Telegram sends in N workers of their own, as docker-compose.yml does (the sender drill
// needs one).
import { parseArgs } from 'node:util';
import { DeliveryLedger, drillFigures } from './deliveries';
import { DRILLS, type Drill, type DrillOutcome } from './drills';
import { SteadyLoad, type LoadRates } from './steady-load';
import { startTopology, type Topology } from './topology';

const log = (line: string) => process.stderr.write(`[drills] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LEAD_MS = 5_000;
const afterHealMs = (scale: number) => Math.max(10_000, Math.round(30_000 * scale));

function parse() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      quiet: { type: 'string', default: '60' },
      'punch-rate': { type: 'string', default: '5' },
      'clock-in-rate': { type: 'string', default: '1' },
      senders: { type: 'string', default: '0' },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale takes a positive number, not "${values.scale}"`);
  const senders = Number(values.senders);
  if (![0, 1, 2].includes(senders)) throw new Error(`--senders takes 0, 1 or 2, not "${values.senders}"`);
  const names = values.only ? values.only.split(',').map((s) => s.trim()) : DRILLS.filter((d) => senders > 0 || !d.needsSender).map((d) => d.name);
  const unknown = names.filter((n) => !DRILLS.some((d) => d.name === n));
  if (unknown.length > 0) throw new Error(`--only takes ${DRILLS.map((d) => d.name).join(', ')}; not ${unknown.join(', ')}`);
  const needing = DRILLS.filter((d) => d.needsSender && names.includes(d.name)).map((d) => d.name);
  if (senders === 0 && needing.length > 0) throw new Error(`${needing.join(', ')} needs --senders 1 or 2`);
  const quietMs = Number(values.quiet) * 1000;
  if (!(quietMs > 0)) throw new Error(`--quiet takes seconds, not "${values.quiet}"`);
  const rates: LoadRates = { punchesPerSecond: Number(values['punch-rate']), clockInsPerSecond: Number(values['clock-in-rate']) };
  return { scale, senders, drills: DRILLS.filter((d) => names.includes(d.name)), keep: values.keep, quietMs, rates };
}

async function runDrill(drill: Drill, index: number, t: Topology, ledger: DeliveryLedger, load: SteadyLoad, o: ReturnType<typeof parse>) {
  log(`drill ${drill.name}: load on`);
  const started = Date.now();
  load.start(`d${index}`);
  await sleep(LEAD_MS);
  let outcome: DrillOutcome;
  try {
    outcome = await drill.run({ t, ledger, scale: o.scale, log });
  } catch (err) {
    await load.stop();
    throw err;
  }
  // The load goes on after the heal, so the first delivery of a punch offered after it can be timed.
  await sleep(afterHealMs(o.scale));
  const keys = await load.stop();
  const offeredFor = Date.now() - started;
  const all = [...keys, ...(outcome.extraKeys ?? [])];
  log(`drill ${drill.name}: healed; load off after ${Math.round(offeredFor / 1000)} s; waiting for ${all.length} deliveries`);
  await ledger.waitForAll(all, o.quietMs, log);
  const figures = drillFigures(ledger, t.fake, { keys: all, injectedAt: outcome.injectedAt, healedAt: outcome.healedAt });
  const count = (kind: string) => keys.filter((k) => ledger.offered.get(k)?.kind === kind).length;
  const record = {
    drill: drill.name,
    injected: outcome.injected,
    load: {
      punches: count('punches'),
      clockIns: count('clockIns'),
      offeredForMs: offeredFor,
      rates: o.rates,
      // The load ran LEAD_MS before the injection and on after the heal; all of it is counted below.
      note: `offered from ${LEAD_MS} ms before the injection until ${afterHealMs(o.scale)} ms after the heal`,
    },
    ...figures,
    // Processes that died by themselves during this drill (the supervisor restarted them).
    crashes: t.crashes.filter((c) => c.at >= started).map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
    ...(outcome.notes ? { notes: outcome.notes } : {}),
    ...(outcome.explain ? { explained: await outcome.explain().catch((err: Error) => `could not be read: ${err.message}`) } : {}),
  };
  log(`drill ${drill.name}: expected ${figures.expected.total}, delivered ${figures.delivered.total}, lost ${figures.lost.total}, duplicated ${figures.duplicated.total} (${figures.duplicatedAtLeastOnce.total} at-least-once)`);
  return record;
}

async function main() {
  const o = parse();
  let topology: Topology | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('cleaning up');
    await topology?.dispose();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(130));

  const records = [];
  try {
    topology = await startTopology({ employees: 20, members: 20, senders: o.senders, keep: o.keep, log });
    const ledger = new DeliveryLedger(topology.fake, topology.company.group.id);
    const load = new SteadyLoad(topology, ledger, o.rates, log);
    for (const [i, drill] of o.drills.entries()) {
      if (stopping) break;
      records.push(await runDrill(drill, i + 1, topology, ledger, load, o));
    }
    ledger.stop();
  } catch (err) {
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    if (records.length > 0) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
    await shutdown(1);
    return;
  }
  process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  await shutdown(0);
}

void main();
