// The product's Prometheus metrics, all in one place. One registry per process (each process is
// its own Node program), labelled with the process's name; the metric objects are created once
// here so that recording one is a label lookup and an addition, never an allocation of a metric.
// Workflow code must not import this: it is not deterministic (see docs/OPERATIONS.md for
// where each metric is recorded instead).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { VIOLATION_KINDS } from '../domain/attendance-rules';
import type { RequestKind } from '../domain/requests';

export type ProcessName = 'worker' | 'listener' | 'bot' | 'api';

/** Every metric of this process, served at /metrics. */
export const registry = new Registry();

let defaultMetricsCollected = false;

/**
 * Names the process on every series (`process="worker"`, ...) and adds Node's own metrics
 * (CPU, memory, event loop lag, GC). Called once by each entry point.
 */
export function initProcessMetrics(processName: ProcessName): void {
  registry.setDefaultLabels({ process: processName });
  if (defaultMetricsCollected) return;
  defaultMetricsCollected = true;
  collectDefaultMetrics({ register: registry });
}

// Seconds, from "at once" to "a BioTime or Temporal outage": punches are expected within seconds.
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];
// Telegram's retry_after: usually 1-60 s, larger after a flood.
const RETRY_WAIT_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300];

const punchesRelayed = new Counter({
  name: 'attendance_punches_relayed_total',
  help: 'BioTime punches the listener handed to Temporal (one punch workflow started each), by BioTime source.',
  labelNames: ['source'] as const,
  registers: [registry],
});

const punchesStartedEagerly = new Counter({
  name: 'attendance_punches_started_eagerly_total',
  help: 'Of the punches relayed, those whose first workflow task the server handed straight to this process (a worker running the listener, WORKER_RUNS_LISTENER).',
  labelNames: ['source'] as const,
  registers: [registry],
});

const punchRelayLag = new Histogram({
  name: 'attendance_punch_relay_lag_seconds',
  help: 'Seconds from a punch reaching BioTime (its upload_time, or punch_time when later or the only time) to its punch workflow being started.',
  labelNames: ['source'] as const,
  buckets: LAG_BUCKETS,
  registers: [registry],
});

const cursorLagRows = new Gauge({
  name: 'attendance_biotime_cursor_lag_rows',
  help: "BioTime row ids after the listener's cursor (newest id minus cursor), as of the last drain; 0 when caught up.",
  labelNames: ['source'] as const,
  registers: [registry],
});

const cursorLagSeconds = new Gauge({
  name: 'attendance_biotime_cursor_lag_seconds',
  help: 'How long the oldest BioTime row after the cursor has been waiting, as of the last drain; 0 when caught up.',
  labelNames: ['source'] as const,
  registers: [registry],
});

export type NotificationOutcome = 'sent' | 'failed' | 'blocked';
const notifications = new Counter({
  name: 'attendance_notifications_total',
  help: 'Telegram messages the worker tried to send, by outcome: sent, blocked (the chat blocked the bot), failed (refused for good, or a transient error Temporal retries). 429s are counted in attendance_telegram_rate_limited_total instead.',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

// `process` comes from the registry's default label: the worker's sends and the bot's replies are told apart by it.
const telegramRateLimited = new Counter({
  name: 'attendance_telegram_rate_limited_total',
  help: 'Telegram answers of 429 (Too Many Requests), by process.',
  registers: [registry],
});

const telegramRetryWait = new Histogram({
  name: 'attendance_telegram_retry_wait_seconds',
  help: 'The retry_after Telegram asked for with each 429, in seconds.',
  buckets: RETRY_WAIT_BUCKETS,
  registers: [registry],
});

export type ClockInOutcome = 'accepted' | 'refused';
const clockIns = new Counter({
  name: 'attendance_clock_ins_total',
  help: 'Group clock-ins (buttons, commands, keywords) the bot accepted or refused (group not set up, trial over, out of order, ...). Re-delivered updates are not counted.',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

const sendSlotsMissed = new Counter({
  name: 'attendance_telegram_send_slots_missed_total',
  help: 'Telegram sends that woke too late for their slot on the fleet-wide send schedule (a busy or paused worker) and took a later one instead of bunching with the next send.',
  registers: [registry],
});

export function recordSendSlotMissed(): void {
  sendSlotsMissed.inc();
}

const sendsDeferred = new Counter({
  name: 'attendance_telegram_sends_deferred_total',
  help: "Telegram sends handed back to Temporal for a later retry instead of going: their turn on the fleet's send schedule came after the time their activity attempt had to send by (such an attempt could time out and send beside its retry), or they kept waking too late for their slot (sending then would bunch with the next send).",
  registers: [registry],
});

export function recordSendDeferred(): void {
  sendsDeferred.inc();
}

const botUpdateRetries = new Counter({
  name: 'attendance_bot_update_retries_total',
  help: 'Bot updates handled again because the database was briefly unreachable (restarting, a dropped connection), by outcome: retried (another try follows) or gave_up (it stayed unreachable past the retry budget).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export function recordBotUpdateRetry(outcome: 'retried' | 'gave_up'): void {
  botUpdateRetries.inc({ outcome });
}

const violations = new Counter({
  name: 'attendance_violations_total',
  help: 'Violations newly stored by the rules engine (late, early-leave, break-overrun, ...), by kind.',
  labelNames: ['kind'] as const,
  registers: [registry],
});

/** approved and rejected, or why nothing changed. */
export type DecisionOutcome = 'approved' | 'rejected' | 'withdrawn' | 'refused' | 'not-admin' | 'not-requester' | 'already-decided' | 'not-found' | 'not-ready' | 'error';
const decisions = new Counter({
  name: 'attendance_decisions_total',
  help: 'Decisions on requests (advance, leave, correction) from Telegram or the panel, by kind and outcome: approved, rejected, withdrawn (by the employee), refused (the re-check at deciding refused an approval), not-admin, not-requester, already-decided, not-found, not-ready (its workflow not started yet), error.',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

// Series with a known, small set of labels start at 0, so rate() and ratios work from the first scrape.
for (const outcome of ['sent', 'failed', 'blocked'] as const) notifications.inc({ outcome }, 0);
for (const outcome of ['accepted', 'refused'] as const) clockIns.inc({ outcome }, 0);
for (const kind of VIOLATION_KINDS) violations.inc({ kind }, 0);
telegramRateLimited.inc(0);

/** One BioTime punch handed to Temporal, `lagSeconds` after it reached BioTime (null: unknown). */
export function recordPunchRelayed(source: string, lagSeconds: number | null, eagerly = false): void {
  punchesRelayed.inc({ source });
  if (eagerly) punchesStartedEagerly.inc({ source });
  if (lagSeconds !== null) punchRelayLag.observe({ source }, Math.max(0, lagSeconds));
}

export function recordCursorLag(source: string, rows: number, seconds: number): void {
  cursorLagRows.set({ source }, Math.max(0, rows));
  cursorLagSeconds.set({ source }, Math.max(0, seconds));
}

export function recordNotification(outcome: NotificationOutcome): void {
  notifications.inc({ outcome });
}

export function recordTelegramRateLimit(retryAfterSeconds: number): void {
  telegramRateLimited.inc();
  telegramRetryWait.observe(retryAfterSeconds);
}

export function recordClockIn(outcome: ClockInOutcome): void {
  clockIns.inc({ outcome });
}

export function recordViolationStored(kind: string): void {
  violations.inc({ kind });
}

export function recordDecision(kind: RequestKind, outcome: DecisionOutcome): void {
  decisions.inc({ kind, outcome });
}

