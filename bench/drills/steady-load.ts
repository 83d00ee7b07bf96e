// The steady load kept up through every drill: BioTime punches of the registered employees (each
// with its own terminal name) and group clock-ins by the members (/out and /in in turn), each at a
// fixed rate, every item entered in the delivery ledger when it reaches the product.
import { ZONE, employeeCode } from '../punch-load';
import type { DeliveryLedger } from './deliveries';
import type { Topology } from './topology';

export interface LoadRates {
  punchesPerSecond: number;
  clockInsPerSecond: number;
}

export class SteadyLoad {
  /** Clock-ins each member sent so far (joining was the first, an /in). */
  private readonly clockIns = new Map<number, number>();
  private running: { stop: boolean; loops: Promise<void>[]; keys: string[]; inflight: Promise<unknown>[] } | null = null;
  private nextPunch = 0;

  constructor(
    private readonly t: Topology,
    private readonly ledger: DeliveryLedger,
    private readonly rates: LoadRates,
    private readonly log: (line: string) => void,
  ) {}

  start(label: string): void {
    if (this.running) throw new Error('the load is running already');
    const run = { stop: false, loops: [] as Promise<void>[], keys: [] as string[], inflight: [] as Promise<unknown>[] };
    this.running = run;
    run.loops.push(
      paced(this.rates.punchesPerSecond, () => run.stop, (i) => run.inflight.push(this.punch(`${label}-p${i}`, run.keys))),
      paced(this.rates.clockInsPerSecond, () => run.stop, (i) => this.clockIn(i, run.keys)),
    );
  }

  /** Stops offering; resolves with every key offered since start, once each offer has landed. */
  async stop(): Promise<string[]> {
    const run = this.running;
    if (!run) return [];
    run.stop = true;
    await Promise.all(run.loops);
    await Promise.all(run.inflight);
    this.running = null;
    return run.keys;
  }

  private async punch(terminal: string, keys: string[]): Promise<void> {
    const employee = this.nextPunch++ % this.t.company.employees;
    try {
      await this.t.biotimePool.query(
        `INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_alias)
         VALUES ($1, (now() AT TIME ZONE '${ZONE}')::timestamp, '0', $2)`,
        [employeeCode(employee), terminal],
      );
      const key = `punch:${terminal}`;
      this.ledger.offer(key, 'punches');
      keys.push(key);
    } catch (err) {
      this.log(`  BioTime insert ${terminal} failed (not counted): ${(err as Error).message}`);
    }
  }

  private clockIn(i: number, keys: string[]): void {
    const { members, group } = this.t.company;
    const member = members[i % members.length]!;
    const sent = this.clockIns.get(member.id) ?? 1;
    this.clockIns.set(member.id, sent + 1);
    const message = this.t.fake.userSends(member, sent % 2 === 1 ? '/out' : '/in', group);
    const key = `clock-in:${message.message_id}`;
    this.ledger.offer(key, 'clockIns');
    keys.push(key);
  }
}

/** Calls `each(i)` at `rate` per second on a fixed schedule until `stopped()`. */
async function paced(rate: number, stopped: () => boolean, each: (i: number) => unknown): Promise<void> {
  if (!(rate > 0)) return;
  const started = performance.now();
  for (let i = 0; !stopped(); i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (stopped()) return;
    each(i);
  }
}
