// `npm run dev`: the whole product on one machine. Embedded Temporal dev server (state in
// .data/, Web UI on :8233), the app database migrated, a demo BioTime database when none is
// configured, the fake Bot API when no token is configured, then worker, listener and bot.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createConfig } from '../config';
import { maskSecrets } from '../config/logger';
import { migrateUp } from '../db/migrate';
import { createPool, ensureDatabase } from '../db/pool';
import { prepareDemoBiotime } from './demo-biotime';
import { ROOT, ServiceProcess, type ServiceName } from './service-process';
import { startDevServer, type DevServer } from './temporal-dev-server';

const COLORS: Record<string, string> = { temporal: '35', worker: '36', listener: '33', bot: '32', 'fake-telegram': '34', dev: '37' };
const LOCAL_FAKE_TOKEN = '1000000001:LOCAL-FAKE-TOKEN-not-a-real-bot';

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

async function main() {
  if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  const services: ServiceProcess[] = [];
  let temporal: DevServer | null = null;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('dev', 'stopping everything...');
    for (const s of [...services].reverse()) await s.stop();
    await temporal?.stop();
    say('dev', 'stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  // Temporal: embedded unless an address is configured.
  if (!env.TEMPORAL_ADDRESS) {
    const bin = env.TEMPORAL_BIN ?? path.join(ROOT, '.tools/bin/temporal');
    mkdirSync(path.join(ROOT, '.data'), { recursive: true });
    const uiPort = Number(env.TEMPORAL_UI_PORT ?? 8233);
    say('dev', 'starting the Temporal dev server...');
    temporal = await startDevServer({
      bin,
      port: Number(env.TEMPORAL_PORT ?? 7233),
      uiPort,
      dbFile: path.join(ROOT, '.data/temporal.sqlite'),
      // The server's own shutdown chatter is noise once we are stopping.
      onLog: (line) => !stopping && say('temporal', line),
    });
    env.TEMPORAL_ADDRESS = temporal.address;
    say('dev', `Temporal UI: http://localhost:${uiPort}  (gRPC ${temporal.address})`);
  }

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

  const config = createConfig(env);
  if (await ensureDatabase(config.DATABASE_URL)) say('dev', 'created the app database');
  const applied = await migrateUp(config.DATABASE_URL);
  say('dev', applied.length ? `applied migrations: ${applied.join(', ')}` : 'app database schema is up to date');

  if (usingDemoBiotime) {
    await ensureDatabase(config.BIOTIME_DATABASE_URL);
    const pool = createPool(config.BIOTIME_DATABASE_URL, { max: 1 });
    await prepareDemoBiotime(pool, config.BIOTIME_TABLE);
    await pool.end();
    say('dev', `no BioTime database configured: using the local demo one (${config.BIOTIME_TABLE}); insert punches with "npm run biotime:simulate"`);
  }

  const start = async (name: ServiceName) => {
    const service = new ServiceProcess(name, { env, onLine: (line) => say(name, line) });
    services.push(service);
    void service.exited.then((code) => {
      if (!stopping) {
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
  await Promise.all([start('worker'), start('listener'), start('bot')]);
  say('dev', 'everything is running; Ctrl-C stops it');
  if (temporal) say('dev', `Temporal UI: http://localhost:${env.TEMPORAL_UI_PORT ?? 8233}`);
}

main().catch((err) => {
  say('dev', `failed to start: ${maskSecrets(err instanceof Error ? err.message : String(err))}`);
  process.exit(1);
});
