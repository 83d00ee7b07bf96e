// Each process's small HTTP endpoint for operators: /metrics (Prometheus), /healthz (the process
// is alive) and /readyz (its dependencies answer). It listens on METRICS_HOST:METRICS_PORT, away
// from anything users reach; with METRICS_PORT unset there is none.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger';
import { describeError } from './logger';
import { registry } from './metrics';

/** Resolves when the dependency answers; rejects (a NotReadyError names why) when it does not. */
export type ReadyCheck = () => Promise<void>;

/**
 * The only words a failed check reports. Readiness answers may be seen by anyone who can reach
 * the port, so they never carry an error's text (it can hold a connection string or a token).
 */
export type NotReadyReason = 'unreachable' | 'timeout' | 'starting' | 'not-serving';

export class NotReadyError extends Error {
  constructor(readonly reason: NotReadyReason) {
    super(reason);
    this.name = 'NotReadyError';
  }
}

export const READY_CHECK_TIMEOUT_MS = 2_000;

export interface ObservabilityOptions {
  /** undefined: no endpoint. 0: any free port (tests). */
  port: number | undefined;
  host: string;
  checks: Record<string, ReadyCheck>;
  /**
   * Reported, but never making the process unready: a dependency it works without (Redis is a
   * cache with PostgreSQL behind it; pulling every replica out of a load balancer during a Redis
   * outage would turn a slower service into none). The answer then says 'degraded'.
   */
  softChecks?: Record<string, ReadyCheck>;
  log: Logger;
  timeoutMs?: number;
}

export interface ObservabilityServer {
  port: number;
  close(): Promise<void>;
}

/** `SELECT 1` on one of the pool's connections. */
export function pgCheck(pool: { query(sql: string): Promise<unknown> }): ReadyCheck {
  return async () => {
    await pool.query('SELECT 1');
  };
}

/** Redis answers PING. */
export function redisCheck(redis: { ping(): Promise<unknown> }): ReadyCheck {
  return async () => {
    await redis.ping();
  };
}

/** What both the client's Connection and the worker's NativeConnection offer. */
export interface TemporalHealth {
  healthService: { check(request: { service?: string }): Promise<{ status?: number | null }> };
}

const SERVING = 1; // grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING

/**
 * The Temporal frontend says it serves workflows. `connection` may be a getter: a process that
 * is still connecting at start reports 'starting' until it has a connection.
 */
export function temporalCheck(connection: TemporalHealth | (() => TemporalHealth | undefined)): ReadyCheck {
  return async () => {
    const current = typeof connection === 'function' ? connection() : connection;
    if (!current) throw new NotReadyError('starting');
    const { status } = await current.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' });
    if (status !== SERVING) throw new NotReadyError('not-serving');
  };
}

/** One check's verdict: 'ok' or a word from the fixed vocabulary, never the error's own text. */
async function runCheck(check: ReadyCheck, timeoutMs: number): Promise<'ok' | NotReadyReason> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<NotReadyReason>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const verdict = check().then(
    () => 'ok' as const,
    (err: unknown) => (err instanceof NotReadyError ? err.reason : 'unreachable'),
  );
  try {
    return await Promise.race([verdict, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every check at once, each within its timeout. */
export async function readiness(checks: Record<string, ReadyCheck>, timeoutMs = READY_CHECK_TIMEOUT_MS): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const names = Object.keys(checks);
  const verdicts = await Promise.all(names.map((name) => runCheck(checks[name]!, timeoutMs)));
  return {
    ready: verdicts.every((v) => v === 'ok'),
    checks: Object.fromEntries(names.map((name, i) => [name, verdicts[i]!])),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function route(req: IncomingMessage, res: ServerResponse, options: ObservabilityOptions): Promise<void> {
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/metrics') {
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
    return;
  }
  // Alive as long as the event loop gets round to answering.
  if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (path === '/readyz') {
    const [hard, soft] = await Promise.all([readiness(options.checks, options.timeoutMs), readiness(options.softChecks ?? {}, options.timeoutMs)]);
    const status = !hard.ready ? 'not-ready' : soft.ready ? 'ready' : 'degraded';
    return sendJson(res, hard.ready ? 200 : 503, { status, checks: { ...hard.checks, ...soft.checks } });
  }
  sendJson(res, 404, { error: 'not found' });
}

/** Starts the endpoint, or nothing when no port is configured. */
export async function startObservabilityServer(options: ObservabilityOptions): Promise<ObservabilityServer | undefined> {
  if (options.port === undefined) return undefined;
  const { log } = options;
  const server = createServer((req, res) => {
    route(req, res, options).catch((err) => {
      log.warn({ err: describeError(err), path: req.url }, 'observability request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  // A scrape must never keep the process from stopping.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: options.host, port, checks: Object.keys(options.checks) }, 'metrics and health endpoint listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
