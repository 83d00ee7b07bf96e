// A Temporal cluster on PostgreSQL, the way production runs one, started on this machine from the
// binaries scripts/ensure-temporal-server.sh builds: creates the two databases, brings their
// schemas up to date with the schema tool (safe to repeat), writes the server's configuration,
// starts the server and waits for it, registers the namespaces and the search attributes, and
// starts the Web UI. Used by `npm run dev -- --temporal postgres`, by the durability tests' second
// run and by the drills and benchmarks. Returns the same handle as the dev server.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_NAMES } from '../domain/temporal';
import type { DevServer } from './temporal-dev-server';

const run = promisify(execFile);

export interface PostgresTemporalOptions {
  /** Directory holding temporal-server, temporal-sql-tool and temporal-ui-server. */
  binDir: string;
  /** Where its configuration and logs go. */
  stateDir: string;
  /** PostgreSQL that keeps Temporal's state: postgres://user[:password]@host:port (no database). */
  postgresUrl: string;
  /** Database names; `temporal` and `temporal_visibility` unless given. */
  database?: string;
  visibilityDatabase?: string;
  /** The frontend's gRPC port; the other services take the next ports (see portsFrom). */
  port: number;
  /** The Web UI's port; no UI when absent. */
  uiPort?: number;
  namespaces: string[];
  /** History shards: fixed for the life of the database. */
  shards?: number;
  /**
   * Connections to the main store per service (the server runs four services, each with its own
   * pool; visibility takes 2 each). A shared PostgreSQL with 100 connections fits two servers and
   * a test run at the default; a benchmark of the server itself may want more.
   */
  maxConns?: number;
  onLog?: (line: string) => void;
}

export interface PostgresTemporal extends DevServer {
  /** The server's own Prometheus metrics. */
  metricsUrl: string;
  uiUrl: string | null;
  /** Stops the server process only (the UI stays), for restart drills. */
  stopServer(signal?: NodeJS.Signals): Promise<void>;
  startServer(): Promise<void>;
}

/** Every port the four services and their membership ring use, derived from the frontend's. */
export function portsFrom(frontend: number): Record<string, number> {
  return {
    frontend,
    frontendHttp: frontend + 10,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    frontendMembership: frontend - 300,
    historyMembership: frontend - 299,
    matchingMembership: frontend - 298,
    workerMembership: frontend - 294,
    metrics: frontend + 767,
  };
}

interface Pg {
  host: string;
  port: number;
  user: string;
  password: string;
}

function parsePostgresUrl(url: string): Pg {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username || 'postgres'), password: decodeURIComponent(u.password) };
}

/** The server's configuration: the module's development-postgres12.yaml, without archival and pprof. */
export function serverConfig(pg: Pg, o: { database: string; visibilityDatabase: string; port: number; shards: number; dynamicConfigFile: string; maxConns: number }): string {
  const p = portsFrom(o.port);
  const store = (database: string, conns: number, idle: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: ${JSON.stringify(database)}
        connectAddr: ${JSON.stringify(`${pg.host}:${pg.port}`)}
        connectProtocol: "tcp"
        user: ${JSON.stringify(pg.user)}
        password: ${JSON.stringify(pg.password)}
        maxConns: ${conns}
        maxIdleConns: ${idle}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, extra = '') => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${extra}`;
  return `# Written by scripts/temporal-postgres.ts; edits are overwritten at the next start.
log:
  stdout: true
  level: warn
  format: json

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${o.shards}
  datastores:
    postgres-default:${store(o.database, o.maxConns, Math.max(1, Math.ceil(o.maxConns / 2)))}
    postgres-visibility:${store(o.visibilityDatabase, 2, 1)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${p.metrics}"

services:
  frontend:${service(p.frontend!, p.frontendMembership!, `\n      httpPort: ${p.frontendHttp}`)}
  history:${service(p.history!, p.historyMembership!)}
  matching:${service(p.matching!, p.matchingMembership!)}
  worker:${service(p.worker!, p.workerMembership!)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${p.frontend}"
      httpAddress: "127.0.0.1:${p.frontendHttp}"

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: ${JSON.stringify(o.dynamicConfigFile)}
  pollInterval: "10s"
`;
}

/** Dynamic configuration, shared with docker-compose.yml's `temporal` service. */
export const DYNAMIC_CONFIG = readFileSync(path.resolve(__dirname, '../deploy/temporal-dynamic-config.yaml'), 'utf8');

async function ensureDatabases(binDir: string, pg: Pg, databases: Array<{ name: string; schema: string }>, log: (line: string) => void): Promise<void> {
  const tool = path.join(binDir, 'temporal-sql-tool');
  const admin = new PgClient({ host: pg.host, port: pg.port, user: pg.user, password: pg.password || undefined, database: 'postgres' });
  await admin.connect();
  try {
    for (const db of databases) {
      const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name])).rowCount === 1;
      const common = ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--db', db.name];
      const env = { ...process.env, SQL_PASSWORD: pg.password };
      if (!exists) {
        log(`creating database ${db.name}`);
        await admin.query(`CREATE DATABASE "${db.name.replace(/"/g, '""')}"`);
      }
      // Creates the version tables on a new database; on one that has them it changes nothing.
      await run(tool, [...common, 'setup-schema', '-v', '0.0'], { env });
      // Applies only the versions the database does not have yet; a no-op when it is current.
      await run(tool, [...common, 'update-schema', '--schema-name', db.schema], { env });
    }
  } finally {
    await admin.end();
  }
}

async function waitForFrontend(address: string, isGone: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = isGone();
    if (gone) throw new Error(gone);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.healthService.check({});
        // The frontend answers health before the namespace registry is ready; this call needs both.
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`the Temporal server did not answer on ${address}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Registers each namespace (one day of retention) and the search attributes; skips what exists. */
export async function registerNamespaces(address: string, namespaces: string[]): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    for (const namespace of namespaces) {
      try {
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      } catch (err) {
        if (!/already exists|already registered/i.test((err as Error).message)) throw err;
      }
      // A new namespace reaches every frontend's cache within seconds.
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
          const missing = SEARCH_ATTRIBUTE_NAMES.filter((name) => !customAttributes?.[name]);
          if (missing.length > 0) {
            await connection.operatorService.addSearchAttributes({
              namespace,
              searchAttributes: Object.fromEntries(missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
            });
          }
          break;
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  } finally {
    await connection.close();
  }
}

function spawnLogged(bin: string, args: string[], cwd: string, onLog?: (line: string) => void): ChildProcess {
  const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) onLog?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

async function stopChild(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(timer);
}

export async function startPostgresTemporal(o: PostgresTemporalOptions): Promise<PostgresTemporal> {
  const pg = parsePostgresUrl(o.postgresUrl);
  const database = o.database ?? 'temporal';
  const visibilityDatabase = o.visibilityDatabase ?? 'temporal_visibility';
  const log = (line: string) => o.onLog?.(line);
  const configDir = path.join(o.stateDir, 'config');
  mkdirSync(configDir, { recursive: true });

  await ensureDatabases(
    o.binDir,
    pg,
    [
      { name: database, schema: 'postgresql/v12/temporal' },
      { name: visibilityDatabase, schema: 'postgresql/v12/visibility' },
    ],
    log,
  );

  const dynamicConfigFile = path.join(configDir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG);
  writeFileSync(
    path.join(configDir, 'production.yaml'),
    serverConfig(pg, { database, visibilityDatabase, port: o.port, shards: o.shards ?? 4, dynamicConfigFile, maxConns: o.maxConns ?? 6 }),
    { mode: 0o600 },
  );

  const address = `127.0.0.1:${o.port}`;
  const ports = portsFrom(o.port);
  // The cluster's membership table keeps ports as smallint: a higher one stops the server at start.
  if (Object.values(ports).some((p) => p > 32_767 || p < 1)) throw new Error(`Temporal ports derived from ${o.port} must lie within 1..32767`);
  let server: ChildProcess | null = null;
  let exited: string | null = null;

  // The last lines it logged, to say why when it does not start.
  const recent: string[] = [];
  const onLog = (line: string) => {
    recent.push(line);
    if (recent.length > 10) recent.shift();
    o.onLog?.(line);
  };
  const startServer = async () => {
    exited = null;
    recent.length = 0;
    const child = spawnLogged(path.join(o.binDir, 'temporal-server'), ['--root', o.stateDir, '--config', 'config', '--env', 'production', '--allow-no-auth', 'start'], o.stateDir, onLog);
    server = child;
    child.on('exit', (code, signal) => {
      if (server === child) exited = `the Temporal server exited (${signal ?? code}) while starting; its last lines:\n${recent.join('\n')}`;
    });
    await waitForFrontend(address, () => exited, 120_000);
  };

  await startServer();
  await registerNamespaces(address, o.namespaces);

  let ui: ChildProcess | null = null;
  if (o.uiPort) {
    const uiConfigDir = path.join(o.stateDir, 'ui-config');
    mkdirSync(uiConfigDir, { recursive: true });
    writeFileSync(
      path.join(uiConfigDir, 'production.yaml'),
      `temporalGrpcAddress: ${address}\nhost: 127.0.0.1\nport: ${o.uiPort}\nenableUi: true\ndefaultNamespace: ${o.namespaces[0] ?? 'default'}\ncors:\n  allowOrigins: []\n`,
    );
    ui = spawnLogged(path.join(o.binDir, 'temporal-ui-server'), ['--root', o.stateDir, '--config', 'ui-config', '--env', 'production', 'start'], o.stateDir, o.onLog);
  }

  return {
    address,
    get process() {
      return server!;
    },
    metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
    uiUrl: o.uiPort ? `http://127.0.0.1:${o.uiPort}` : null,
    stopServer: (signal) => stopChild(server, signal),
    startServer,
    async stop() {
      await stopChild(ui);
      await stopChild(server);
    },
  };
}

/** `--temporal dev|postgres` on the command line, else DEV_TEMPORAL, else the dev server. */
export function devTemporalKind(args: string[], fromEnv: string | undefined): 'dev' | 'postgres' {
  const at = args.findIndex((a) => a === '--temporal' || a.startsWith('--temporal='));
  const value = at < 0 ? fromEnv : args[at]!.includes('=') ? args[at]!.split('=')[1] : args[at + 1];
  if (value === undefined || value === 'dev') return 'dev';
  if (value === 'postgres') return 'postgres';
  throw new Error(`--temporal takes dev or postgres, not "${value}"`);
}

/** Temporal's PostgreSQL: TEMPORAL_POSTGRES_URL, else the server of DATABASE_URL (without its database). */
export function temporalPostgresUrl(env: NodeJS.ProcessEnv): string {
  if (env.TEMPORAL_POSTGRES_URL) return env.TEMPORAL_POSTGRES_URL;
  const url = new URL(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/attendance');
  url.pathname = '';
  return url.toString().replace(/\/$/, '');
}

/** Whether a TCP port on 127.0.0.1 was free a moment ago. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A frontend port whose whole block (the other services, membership, metrics) is free. The server
 * stores membership ports as a smallint, so every port stays under 32768 (which also keeps clear
 * of Linux's ephemeral range, where the clients' own ports come from).
 */
export async function freeTemporalPortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10_300 + Math.floor(Math.random() * (32_767 - 767 - 10_300));
    const ports = Object.values(portsFrom(base));
    const free = await Promise.all(ports.map(portFree));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free block of ports for a Temporal server');
}
