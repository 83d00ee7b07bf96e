// The six fault drills. Each injects its fault while the steady load runs, keeps it for its
// length, heals it, and says what it did; the runner measures what the load got through.
import type { FakeUser, SentRecord } from '../../test/support/fake-telegram/types';
import type { DeliveryLedger } from './deliveries';
import { timelines } from './timeline';
import type { Topology } from './topology';

export interface DrillContext {
  t: Topology;
  ledger: DeliveryLedger;
  scale: number;
  log: (line: string) => void;
}

export interface DrillOutcome {
  injectedAt: number;
  healedAt: number;
  injected: Record<string, unknown>;
  /** Items the drill offered itself (approvals), beside the steady load's. */
  extraKeys?: string[];
  notes?: string[];
  /** Asked once everything expected arrived: where the drill's own items spent their time. */
  explain?: () => Promise<unknown>;
}

export interface Drill {
  name: string;
  /** Runs only where the sends have workers of their own (`--senders`). */
  needsSender?: boolean;
  run(ctx: DrillContext): Promise<DrillOutcome>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (base: number, scale: number) => Math.max(2_000, Math.round(base * 1000 * scale));

const listener: Drill = {
  name: 'listener',
  async run({ t, scale, log }) {
    const downMs = seconds(300, scale);
    const injectedAt = Date.now();
    await t.kill('listener');
    log(`  listener killed (SIGKILL); down for ${downMs} ms`);
    await sleep(downMs);
    const healedAt = Date.now();
    await t.start('listener');
    return { injectedAt, healedAt, injected: { what: 'BioTime listener SIGKILL, then started again', downMs: healedAt - injectedAt, restartReadyMs: Date.now() - healedAt } };
  },
};

/** Each member asks for an advance; returns the admin's copy of each request, once it has arrived. */
async function askForAdvances(t: Topology, askers: FakeUser[], tag: string): Promise<SentRecord[]> {
  const copies: SentRecord[] = [];
  for (const [i, member] of askers.entries()) {
    const reason = `${tag}-${i}`;
    t.fake.userSends(member, `/advance 1000 ${reason}`);
    copies.push(await t.fake.waitForSent((s) => s.chatId === t.company.admin.id && s.text.includes(`${reason}\n`), 60_000, `the admin's copy of ${reason}`));
  }
  return copies;
}

/** The admin presses Approve on each copy; each outcome the employee is to be told is offered to the ledger. */
function approveAll(t: Topology, ledger: DeliveryLedger, askers: FakeUser[], copies: SentRecord[]): Array<{ key: string; callbackId: string }> {
  return copies.map((copy, i) => {
    const markup = copy.replyMarkup as { inline_keyboard: Array<Array<{ callback_data: string }>> };
    const key = `approval:${askers[i]!.id}`;
    ledger.offer(key, 'approvals');
    return { key, callbackId: t.fake.userPresses(t.company.admin, copy, markup.inline_keyboard[0]![0]!.callback_data) };
  });
}

/** Employees ask for advances, then a worker is killed and the admin approves while it is down. */
const worker: Drill = {
  name: 'worker',
  async run({ t, ledger, scale, log }) {
    const { fake } = t;
    const askers = t.company.members.slice(0, 3);
    const copies = await askForAdvances(t, askers, 'drill-advance');
    const downMs = seconds(60, scale);
    // Worker identities are pid@host: the timelines below name the worker by its role.
    const roles = new Map<number, string>();
    for (const role of t.roles.filter((r) => r.startsWith('worker') || r.startsWith('sender'))) roles.set(t.service(role).child.pid!, role);
    const injectedAt = Date.now();
    await t.kill('worker-1');
    log(`  worker-1 killed (SIGKILL) with ${askers.length} advance requests waiting; down for ${downMs} ms`);
    const pressed = approveAll(t, ledger, askers, copies);
    await sleep(downMs);
    const healedAt = Date.now();
    roles.set((await t.start('worker-1')).child.pid!, 'worker-1 (started again)');
    const answers = pressed.map(({ callbackId }) => fake.callbackAnswers.find((a) => a.callbackQueryId === callbackId)?.text ?? null);
    return {
      injectedAt,
      healedAt,
      injected: { what: 'worker-1 of 2 SIGKILL while advance requests waited and punches flowed; Approve pressed after the kill; started again', downMs: healedAt - injectedAt, approvalsPressed: pressed.length },
      extraKeys: pressed.map((p) => p.key),
      notes: [`button answers when worker-1 came back: ${JSON.stringify(answers)}`],
      // Each request workflow's history from the kill on (ms after it): which task waited for what.
      explain: () => timelines(t.temporal.address, 'default', "WorkflowType = 'advanceRequest'", injectedAt, roles),
    };
  },
};

/** The sender (a worker serving only the Telegram sends) killed while punches flow and approvals wait, then started again. */
const sender: Drill = {
  name: 'sender',
  needsSender: true,
  async run({ t, ledger, scale, log }) {
    const askers = t.company.members.slice(3, 5);
    const copies = await askForAdvances(t, askers, 'drill-sender-advance');
    const downMs = seconds(60, scale);
    const injectedAt = Date.now();
    await t.kill('sender-1');
    log(`  sender-1 killed (SIGKILL)${t.roles.includes('sender-2') ? ', sender-2 goes on' : ', the only sender'}; down for ${downMs} ms`);
    const pressed = approveAll(t, ledger, askers, copies);
    await sleep(downMs);
    const healedAt = Date.now();
    await t.start('sender-1');
    return {
      injectedAt,
      healedAt,
      injected: { what: `sender-1 of ${t.roles.filter((r) => r.startsWith('sender')).length} SIGKILL while punches flowed; Approve pressed on ${pressed.length} advance requests after the kill; started again`, downMs: healedAt - injectedAt, approvalsPressed: pressed.length },
      extraKeys: pressed.map((p) => p.key),
    };
  },
};

const redis: Drill = {
  name: 'redis',
  async run({ t, scale, log }) {
    const downMs = seconds(120, scale);
    const injectedAt = Date.now();
    await t.redisLink.cut();
    log(`  Redis link cut for ${downMs} ms`);
    await sleep(downMs);
    await t.redisLink.restore();
    return { injectedAt, healedAt: Date.now(), injected: { what: 'TCP link between every product process and Redis cut (connections dropped, new ones refused)', downMs: Date.now() - injectedAt } };
  },
};

const telegram: Drill = {
  name: 'telegram',
  async run({ t, scale, log }) {
    const phaseMs = seconds(60, scale);
    const injectedAt = Date.now();
    t.fake.setSendOutage({ errorCode: 429, retryAfter: () => 1 + Math.floor(Math.random() * 5) });
    log(`  Telegram answers every send 429 (retry_after 1..5) for ${phaseMs} ms`);
    await sleep(phaseMs);
    // Half of the 502s come after Telegram delivered: the at-least-once window.
    t.fake.setSendOutage({ errorCode: 502, deliverFirst: () => Math.random() < 0.5 });
    log(`  then 502 (half of them after delivering) for ${phaseMs} ms`);
    await sleep(phaseMs);
    t.fake.setSendOutage(null);
    return {
      injectedAt,
      healedAt: Date.now(),
      injected: {
        what: 'sendMessage/sendDocument/editMessageText answered 429 (retry_after 1..5 s), then 502 (half of them after the message was delivered)',
        tooManyRequestsMs: phaseMs,
        badGatewayMs: phaseMs,
        deliveredThen502: t.fake.deliveredButFailed.size,
      },
    };
  },
};

const postgres: Drill = {
  name: 'postgres',
  async run({ t, log }) {
    const injectedAt = Date.now();
    log('  app PostgreSQL: pg_ctl restart -m fast');
    await t.appPostgres.restart();
    const healedAt = Date.now();
    return { injectedAt, healedAt, injected: { what: "the app database's private PostgreSQL restarted (pg_ctl restart -m fast)", restartMs: healedAt - injectedAt } };
  },
};

const temporal: Drill = {
  name: 'temporal',
  async run({ t, log }) {
    const injectedAt = Date.now();
    log('  Temporal server: stop (SIGTERM), then start');
    await t.temporal.stopServer();
    const stoppedMs = Date.now() - injectedAt;
    await t.temporal.startServer();
    const healedAt = Date.now();
    return { injectedAt, healedAt, injected: { what: 'Temporal server (v1.29.1 on PostgreSQL) stopped and started again', stopMs: stoppedMs, downMs: healedAt - injectedAt } };
  },
};

export const DRILLS: Drill[] = [listener, worker, redis, telegram, postgres, temporal, sender];
