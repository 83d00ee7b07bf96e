// `npm run dev`: the whole product on one machine. Embedded Temporal dev server (state in
// .data/, Web UI on :8233), the app database migrated, a demo BioTime database when none is
// configured, the fake Bot API when no token is configured, then worker, listener, bot and the
// API serving the built web panel (with the fake Bot API: a demo company and its admin's sign-in link).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createConfig } from '../config';
import { maskSecrets } from '../config/logger';
import { migrateUp } from '../db/migrate';
import { createPool, ensureDatabase } from '../db/pool';
import { issueSignInLink } from '../services/panel-links';
import { prepareDemoBiotime } from './demo-biotime';
import { ROOT, ServiceProcess, type ServiceName } from './service-process';
import { startDevServer, type DevServer } from './temporal-dev-server';
import { devTemporalKind, startPostgresTemporal, temporalPostgresUrl } from './temporal-postgres';

const COLORS: Record<string, string> = { temporal: '35', worker: '36', listener: '33', bot: '32', api: '96', 'fake-telegram': '34', dev: '37' };
const LOCAL_FAKE_TOKEN = '1000000001:LOCAL-FAKE-TOKEN-not-a-real-bot';
/**
 * Each process's own /metrics, /healthz and /readyz port, and the worker's Temporal SDK metrics:
 * METRICS_PORT (9464 unless set) and the four ports after it, so four processes never collide.
 */
function metricsEnv(name: ServiceName, base: number): Record<string, string> {
  const offsets: Partial<Record<ServiceName, number>> = { worker: 0, listener: 1, bot: 2, api: 3 };
  const offset = offsets[name];
  if (offset === undefined) return {};
  return { METRICS_PORT: String(base + offset), ...(name === 'worker' ? { TEMPORAL_METRICS_PORT: String(base + 4) } : {}) };
}

function say(source: string, line: string) {
  const tag = `[${source}]`.padEnd(16);
  const color = process.stdout.isTTY ? (s: string) => `\x1b[${COLORS[source] ?? '37'}m${s}\x1b[0m` : (s: string) => s;
  process.stdout.write(`${color(tag)} ${pretty(line)}\n`);
}

/** JSON log lines become "level message {fields}" for people; anything else passes through. */
function pretty(line: string): string {
  if (!line.startsWith('{')) return maskSecrets(line);
  try {
    const { level, msg, time: _t, process: _p, name: _n, pid: _pid, hostname: _h, ...rest } = JSON.parse(line);
    const levelName = typeof level === 'number' ? ({ 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' } as Record<number, string>)[level] : level;
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return maskSecrets(`${String(levelName ?? '').padEnd(5)} ${msg ?? ''}${extra}`);
  } catch {
    return maskSecrets(line);
  }
}

/** What this run has started, so that any way out (Ctrl-C, a crash, a failed step) stops all of it. */
const started: { services: ServiceProcess[]; temporal: DevServer | null; stopping: boolean } = { services: [], temporal: null, stopping: false };

let stopping: Promise<void> | null = null;

/** Stops everything once; a second caller (a crash while starting fails two ways) waits for the same stop. */
async function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    started.stopping = true;
    say('dev', 'stopping everything...');
    for (const s of [...started.services].reverse()) await s.stop().catch(() => undefined);
    await started.temporal?.stop().catch(() => undefined);
    say('dev', 'stopped');
  })();
  await stopping;
  process.exit(code);
}

async function main() {
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  // BioTime: a local demo database unless one is configured.
  const usingDemoBiotime = !env.BIOTIME_DATABASE_URL && !env.DATABASE_ATTENDANCE_URL;
  if (usingDemoBiotime) {
    const appUrl = new URL(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/attendance');
    appUrl.pathname = '/biotime_demo';
    env.BIOTIME_DATABASE_URL = appUrl.toString();
  }

  // Telegram: the fake Bot API unless a token is configured.
  const usingFakeTelegram = !env.BOT_TOKEN && !env.TOKEN;
  if (usingFakeTelegram) {
    env.BOT_TOKEN = LOCAL_FAKE_TOKEN;
    env.TELEGRAM_API_ROOT = `http://127.0.0.1:${env.FAKE_TELEGRAM_PORT ?? 8081}`;
  }

  // Registered BioTime sources are sealed with SOURCE_SECRETS_KEY: locally, one kept in the data directory.
  if (!env.SOURCE_SECRETS_KEY) {
    const keyFile = path.resolve(ROOT, env.DEV_DATA_DIR ?? '.data', 'source-secrets.key');
    mkdirSync(path.dirname(keyFile), { recursive: true });
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    env.SOURCE_SECRETS_KEY = readFileSync(keyFile, 'utf8').trim();
  }

  // A bad variable stops the run before anything is started.
  createConfig({ ...env, TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS || '127.0.0.1:7233' });

  // Temporal: embedded unless an address is configured. `--temporal postgres` (or
  // DEV_TEMPORAL=postgres) runs the production server on PostgreSQL instead of the dev server.
  const temporalKind = devTemporalKind(process.argv.slice(2), env.DEV_TEMPORAL);
  if (!env.TEMPORAL_ADDRESS) {
    const dataDir = path.resolve(ROOT, env.DEV_DATA_DIR ?? '.data');
    mkdirSync(dataDir, { recursive: true });
    const uiPort = Number(env.TEMPORAL_UI_PORT ?? 8233);
    const port = Number(env.TEMPORAL_PORT ?? 7233);
    // The server's own shutdown chatter is noise once we are stopping.
    const onLog = (line: string) => !started.stopping && say('temporal', line);
    if (temporalKind === 'postgres') {
      const postgresUrl = temporalPostgresUrl(env);
      const database = env.TEMPORAL_POSTGRES_DATABASE ?? 'temporal';
      say('dev', `starting the Temporal server on PostgreSQL (databases ${database}, ${database}_visibility at ${new URL(postgresUrl).host})...`);
      started.temporal = await startPostgresTemporal({
        binDir: env.TEMPORAL_SERVER_BIN_DIR ?? path.join(ROOT, '.tools/bin'),
        stateDir: path.join(dataDir, 'temporal-postgres'),
        postgresUrl,
        database,
        visibilityDatabase: `${database}_visibility`,
        port,
        uiPort,
        namespaces: [env.TEMPORAL_NAMESPACE ?? 'default'],
        // Its config logs at warn and above; warnings of a cluster starting up are noise here.
        onLog: (line) => void (!line.includes('"level":"warn"') && onLog(line)),
      });
    } else {
      say('dev', 'starting the Temporal dev server...');
      started.temporal = await startDevServer({ bin: env.TEMPORAL_BIN ?? path.join(ROOT, '.tools/bin/temporal'), port, uiPort, dbFile: path.join(dataDir, 'temporal.sqlite'), onLog });
    }
    env.TEMPORAL_ADDRESS = started.temporal.address;
    say('dev', `Temporal UI: http://localhost:${uiPort}  (gRPC ${started.temporal.address})`);
  }

  const config = createConfig(env);
  if (await ensureDatabase(config.DATABASE_URL)) say('dev', 'created the app database');
  const applied = await migrateUp(config.DATABASE_URL);
  say('dev', applied.length ? `applied migrations: ${applied.join(', ')}` : 'app database schema is up to date');

  if (usingDemoBiotime) {
    await ensureDatabase(config.BIOTIME_DATABASE_URL);
    const pool = createPool(config.BIOTIME_DATABASE_URL, { max: 1 });
    await prepareDemoBiotime(pool, config.BIOTIME_TABLE).finally(() => pool.end());
    say('dev', `no BioTime database configured: using the local demo one (${config.BIOTIME_TABLE}); insert punches with "npm run biotime:simulate"`);
  }

  const metricsBase = config.METRICS_PORT || 9464;
  const start = async (name: ServiceName) => {
    const service = new ServiceProcess(name, { env: { ...env, ...metricsEnv(name, metricsBase) }, onLine: (line) => say(name, line) });
    started.services.push(service);
    void service.exited.then((code) => {
      if (!started.stopping) {
        say('dev', `${name} exited unexpectedly (code ${code})`);
        void shutdown(1);
      }
    });
    await service.ready;
  };

  if (usingFakeTelegram) {
    await start('fake-telegram');
    say('dev', 'no BOT_TOKEN configured: the bot talks to the local fake Bot API (see the curl lines above)');
  }
  say('dev', `metrics and health (/metrics, /healthz, /readyz) on ${config.METRICS_HOST}: worker ${metricsBase}, listener ${metricsBase + 1}, bot ${metricsBase + 2}, api ${metricsBase + 3}; Temporal SDK /metrics ${metricsBase + 4}`);
  await Promise.all([start('worker'), start('listener'), start('bot'), start('api')]);
  say('dev', `web panel: ${config.PANEL_PUBLIC_URL}  (a group admin sends /panel to the bot for a sign-in link; npm run panel:link -- --super <telegram id>)`);
  if (usingFakeTelegram) {
    const link = await demoAdminLink(String(env.TELEGRAM_API_ROOT), config.DATABASE_URL, config.PANEL_PUBLIC_URL);
    say('dev', `demo company "${DEMO_GROUP.title}" set up by its admin (Telegram user ${DEMO_ADMIN.id}); sign in to the panel as that admin (10 minutes, once):`);
    say('dev', `  ${link}`);
  }
  say('dev', 'everything is running; Ctrl-C stops it');
  if (started.temporal) say('dev', `Temporal UI: http://localhost:${env.TEMPORAL_UI_PORT ?? 8233}`);
}

const DEMO_GROUP = { id: -1000000000001, title: 'Demo company' };
const DEMO_ADMIN = { id: 1001, firstName: 'Demo' };

/**
 * With the fake Bot API: the demo admin creates the demo company's group and runs /setup there
 * (as a person would in Telegram), then a one-time panel link is issued for them.
 */
async function demoAdminLink(apiRoot: string, databaseUrl: string, publicUrl: string): Promise<string> {
  const control = async (endpoint: string, params: Record<string, string | number>) => {
    const res = await fetch(`${apiRoot}/control/${endpoint}`, { method: 'POST', body: new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])) });
    if (!res.ok) throw new Error(`fake Bot API /control/${endpoint} answered ${res.status}`);
  };
  const user = { user_id: DEMO_ADMIN.id, first_name: DEMO_ADMIN.firstName };
  await control('admin', { ...user, chat_id: DEMO_GROUP.id, status: 'creator' });
  await control('message', { ...user, text: '/start' });
  await control('message', { ...user, chat_id: DEMO_GROUP.id, chat_title: DEMO_GROUP.title, text: '/setup' });
  const pool = createPool(databaseUrl, { max: 1 });
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const { rows } = await pool.query<{ id: number }>('SELECT id FROM tenants WHERE telegram_chat_id = $1', [DEMO_GROUP.id]);
      if (rows[0]) return await issueSignInLink(pool, { telegramUserId: DEMO_ADMIN.id, tenantId: rows[0].id, role: 'admin', publicUrl });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the demo company was not set up within 20 s');
  } finally {
    await pool.end();
  }
}

main().catch(async (err) => {
  say('dev', `failed to start: ${maskSecrets(err instanceof Error ? err.message : String(err))}`);
  // Whatever had started already (the Temporal server, some processes) is stopped before exiting.
  await shutdown(1);
});
