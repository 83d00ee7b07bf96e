// What was offered to the product during a drill and what the fake Bot API received for it, and
// the drill's record computed from the two. Each offered item has a key its message carries: a
// BioTime punch its unique terminal name ("Terminal: d3-p17"), a group clock-in the message id
// the bot's answer replies to, an approval the employee it tells.
import type { FakeTelegram } from '../../test/support/fake-telegram/server';
import type { SentRecord } from '../../test/support/fake-telegram/types';
import { summarize } from '../stats';

export type Kind = 'punches' | 'clockIns' | 'approvals';
const KINDS: Kind[] = ['punches', 'clockIns', 'approvals'];

export interface Offered {
  kind: Kind;
  /** When it reached the product (BioTime commit, update offered, button pressed). */
  at: number;
}

/** 'advance.approved' in every language a company may speak. */
const APPROVED = /was approved|одобрен|мақұлданды|已批准/;

type PerKind = Record<Kind | 'total', number>;

/** Watches every message the fake Bot API records and files it under the offered item it is about. */
export class DeliveryLedger {
  readonly offered = new Map<string, Offered>();
  readonly arrivals = new Map<string, SentRecord[]>();
  private seen = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly fake: FakeTelegram,
    private readonly groupId: number,
  ) {
    this.timer = setInterval(() => this.collect(), 50);
  }

  offer(key: string, kind: Kind, at = Date.now()): void {
    this.offered.set(key, { kind, at });
  }

  /** Keys this message is about: a punch's terminal, a clock-in's answer, an approval's outcome. */
  private keysOf(s: SentRecord): string[] {
    const keys: string[] = [];
    // Companies speak two languages; every language names the terminal.
    const terminal = /(?:Terminal|Терминал|终端)[:：] ?([\w-]+)/.exec(s.text)?.[1];
    if (terminal) keys.push(`punch:${terminal}`);
    if (s.chatId === this.groupId && s.replyTo !== null) keys.push(`clock-in:${s.replyTo}`);
    // The employee hearing the outcome (one request per employee and run).
    if (s.chatId > 0 && APPROVED.test(s.text)) keys.push(`approval:${s.chatId}`);
    return keys;
  }

  collect(): void {
    for (; this.seen < this.fake.sent.length; this.seen++) {
      const s = this.fake.sent[this.seen]!;
      for (const key of this.keysOf(s)) this.arrivals.set(key, [...(this.arrivals.get(key) ?? []), s]);
    }
  }

  /** Offered keys of this drill not delivered yet. */
  missing(keys: Iterable<string>): string[] {
    this.collect();
    return [...keys].filter((k) => !this.arrivals.has(k));
  }

  /** Resolves when every key arrived, or when none of them arrived for `quietMs` (the rest is lost). */
  async waitForAll(keys: string[], quietMs: number, log: (line: string) => void): Promise<void> {
    let left = this.missing(keys).length;
    let lastProgress = Date.now();
    let lastLog = 0;
    while (left > 0 && Date.now() - lastProgress < quietMs) {
      await new Promise((r) => setTimeout(r, 250));
      const now = this.missing(keys).length;
      if (now < left) lastProgress = Date.now();
      left = now;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        log(`  waiting for ${left} of ${keys.length} deliveries`);
      }
    }
    // Late duplicates show up here.
    await new Promise((r) => setTimeout(r, 3_000));
    this.collect();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export interface DrillWindow {
  keys: string[];
  /** Injection and healing, in ms since the epoch. */
  injectedAt: number;
  healedAt: number;
}

const zero = (): PerKind => ({ punches: 0, clockIns: 0, approvals: 0, total: 0 });

/** The drill's figures: expected, delivered, lost, duplicated, recovery and latency. */
export function drillFigures(ledger: DeliveryLedger, fake: FakeTelegram, w: DrillWindow) {
  const expected = zero();
  const delivered = zero();
  const lost = zero();
  const duplicated = zero();
  const duplicatedAtLeastOnce = zero();
  const lostKeys: string[] = [];
  const duplicatedKeys: string[] = [];
  const latency: Record<Kind, number[]> = { punches: [], clockIns: [], approvals: [] };
  let firstAfterHeal: Record<Kind, number | null> = { punches: null, clockIns: null, approvals: null };
  let backlogDrained: number | null = 0;

  for (const key of w.keys) {
    const item = ledger.offered.get(key)!;
    const bump = (figure: PerKind, by = 1) => {
      figure[item.kind] += by;
      figure.total += by;
    };
    bump(expected);
    const arrivals = ledger.arrivals.get(key) ?? [];
    if (arrivals.length === 0) {
      bump(lost);
      lostKeys.push(key);
      if (item.at < w.healedAt) backlogDrained = null;
      continue;
    }
    bump(delivered);
    const first = arrivals[0]!.at;
    if (item.at >= w.injectedAt && item.at < w.healedAt) latency[item.kind].push(first - item.at);
    if (item.at >= w.healedAt) {
      const current = firstAfterHeal[item.kind];
      firstAfterHeal = { ...firstAfterHeal, [item.kind]: current === null ? first : Math.min(current, first) };
    } else if (backlogDrained !== null) {
      backlogDrained = Math.max(backlogDrained, first - w.healedAt);
    }
    if (arrivals.length > 1) {
      duplicatedKeys.push(key);
      bump(duplicated, arrivals.length - 1);
      // A duplicate Telegram's own at-least-once answer explains: an earlier copy was delivered
      // but answered with an error, so our side sent it again.
      const explained = arrivals.slice(0, -1).filter((s) => fake.deliveredButFailed.has(s)).length;
      bump(duplicatedAtLeastOnce, Math.min(explained, arrivals.length - 1));
    }
  }

  const percentiles = (values: number[]) => {
    const s = summarize(values);
    return s.count === 0 ? null : { count: s.count, p50: s.p50, p95: s.p95, max: s.max };
  };
  const sinceHeal = (t: number | null) => (t === null ? null : t - w.healedAt);
  return {
    expected,
    delivered,
    lost,
    duplicated,
    duplicatedAtLeastOnce,
    timeToRecoverMs: {
      firstPunchOfferedAfterHeal: sinceHeal(firstAfterHeal.punches),
      firstClockInOfferedAfterHeal: sinceHeal(firstAfterHeal.clockIns),
      // Every item offered before the heal delivered (null when some never were).
      backlogDrained: backlogDrained === null ? null : Math.max(0, backlogDrained),
    },
    latencyOfItemsOfferedDuringDrillMs: Object.fromEntries(KINDS.map((k) => [k, percentiles(latency[k])])),
    lostKeys: lostKeys.slice(0, 20),
    duplicatedKeys: duplicatedKeys.slice(0, 20),
  };
}
