// docker-compose.yml as it ships, on a Docker engine: the Temporal server on PostgreSQL with its
// schemas and search attributes set up by the compose file's own one-shot services, the product's
// processes from the Dockerfile, a person registering with the bot and a BioTime punch reaching
// them, each process's /healthz, /readyz and /metrics, and the Temporal server's container
// restarted without losing or doubling a punch. The processes read .env.example as an operator
// fills it in.
// Telegram is the in-repo fake Bot API (test/compose/check.override.yml). Where Docker Hub cannot
// be reached, the images the file names are replaced through its variables by ones built here
// (scripts/local-images.sh), and the check says so.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createPool, ensureDatabase } from '../../db/pool';
import { prepareDemoBiotime } from '../../scripts/demo-biotime';
import { ROOT } from '../../scripts/service-process';
import { freePort } from '../support/free-port';
import { eventually, sleep } from '../support/stack';

const run = promisify(execFile);
const PASSWORD = `check-${Date.now().toString(36)}-pw`;
const BOT_TOKEN = '700700:compose-check-token-abcdefghij';
const AIDA = { id: 7001, first_name: 'Aida' };
const AIDA_IIN = '791028302728'; // one of the demo BioTime's employees (scripts/demo-biotime.ts)

const APP_SERVICES = ['worker', 'sender', 'biotime-listener', 'bot', 'api'];

let compose: string[] = [];
let env: NodeJS.ProcessEnv = {};
let dir = '';
let ports: Record<'postgres' | 'ui' | 'api' | 'fake', number>;
const project = `attendance-check-${process.pid}`;

/** Runs `docker compose` on the shipped file plus the check's override. */
async function dc(...args: string[]): Promise<string> {
  const [cmd, ...pre] = compose;
  const files = ['-p', project, '-f', path.join(ROOT, 'docker-compose.yml'), '-f', path.join(ROOT, 'test/compose/check.override.yml'), '--env-file', path.join(dir, 'compose.env')];
  const { stdout } = await run(cmd!, [...pre, ...files, ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The last line a script printed on stdout (its progress goes to stderr, shown). */
function scriptOutput(script: string): string {
  return execFileSync('bash', [path.join(ROOT, script)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
}

/** The variables that point the compose file at images built here, when Docker Hub cannot be reached. */
function imageVariables(): string {
  const mode = process.env.COMPOSE_IMAGES ?? 'auto';
  if (mode === 'official') return '';
  if (mode === 'auto') {
    try {
      execFileSync('docker', ['pull', '-q', 'postgres:15'], { stdio: 'ignore', timeout: 60_000 });
      return '';
    } catch {
      console.warn('[compose check] Docker Hub cannot be reached: the images docker-compose.yml names are replaced by ones built here (scripts/local-images.sh)');
    }
  }
  return scriptOutput('scripts/local-images.sh');
}

interface Sent {
  chatId: number;
  text: string;
}
async function fake(pathAndQuery: string, form?: Record<string, string | number>): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${ports.fake}${pathAndQuery}`, form ? { method: 'POST', body: new URLSearchParams(Object.entries(form).map(([k, v]): [string, string] => [k, String(v)])) } : undefined);
  if (!res.ok) throw new Error(`fake Bot API ${pathAndQuery}: ${res.status}`);
  return ((await res.json()) as { result: unknown }).result;
}
const sentTo = async (chatId: number) => (await fake(`/control/sent?chat_id=${chatId}`)) as Sent[];
const say = (text: string) => fake('/control/message', { user_id: AIDA.id, first_name: AIDA.first_name, text });

/** The compose file's PostgreSQL, through the port the check published. */
const databaseUrl = (name: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${ports.postgres}/${name}`;
let biotime: ReturnType<typeof createPool> | undefined;
async function punch(terminal: string): Promise<void> {
  await biotime!.query(`INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_alias) VALUES ($1, now() AT TIME ZONE 'Asia/Almaty', '0', $2)`, [AIDA_IIN, terminal]);
}
const noticesAt = async (terminal: string) => (await sentTo(AIDA.id)).filter((s) => s.text.includes('Punch recorded') && s.text.includes(`Terminal: ${terminal}`));

async function services(): Promise<Map<string, { State: string; ExitCode: number; Health: string }>> {
  const out = await dc('ps', '-a', '--format', 'json');
  const rows = out.trim().startsWith('[') ? JSON.parse(out) : out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return new Map(rows.map((r: { Service: string; State: string; ExitCode: number; Health: string }) => [r.Service, r]));
}

beforeAll(async () => {
  compose = scriptOutput('scripts/ensure-docker.sh').trim().split('\n').at(-1)!.split(' ');
  const images = imageVariables();
  dir = mkdtempSync(path.join(os.tmpdir(), 'compose-check-'));
  ports = { postgres: await freePort(), ui: await freePort(), api: await freePort(), fake: await freePort() };
  // The processes' settings as an operator writes them: .env.example with what they must fill in.
  const settings: Record<string, string> = {
    BOT_TOKEN,
    TELEGRAM_API_ROOT: 'http://fake-telegram:8081',
    BIOTIME_DATABASE_URL: `postgres://postgres:${PASSWORD}@postgres:5432/biotime`,
    BIOTIME_START_FROM: 'beginning',
  };
  const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');
  const filled = example.map((line) => {
    const name = /^([A-Z0-9_]+)=/.exec(line)?.[1];
    return name && name in settings ? `${name}=${settings[name]}` : line;
  });
  expect(Object.keys(settings).filter((name) => !filled.includes(`${name}=${settings[name]}`))).toEqual([]);
  writeFileSync(path.join(dir, 'app.env'), filled.join('\n'));
  writeFileSync(
    path.join(dir, 'compose.env'),
    [
      images.trim(),
      `POSTGRES_PASSWORD=${PASSWORD}`,
      `APP_ENV_FILE=${path.join(dir, 'app.env')}`,
      'APP_IMAGE=attendance-app:compose-check',
      `CHECK_BOT_TOKEN=${BOT_TOKEN}`,
      `CHECK_POSTGRES_PORT=${ports.postgres}`,
      `CHECK_UI_PORT=${ports.ui}`,
      `CHECK_API_PORT=${ports.api}`,
      `CHECK_FAKE_PORT=${ports.fake}`,
      '',
    ].join('\n'),
  );
  env = { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_HOST: process.env.DOCKER_HOST };

  await dc('build');
  // BioTime is there before the product: its database and table in the compose file's PostgreSQL.
  await dc('up', '-d', '--wait', 'postgres');
  await ensureDatabase(databaseUrl('biotime'));
  biotime = createPool(databaseUrl('biotime'), { max: 1 });
  await prepareDemoBiotime(biotime, 'iclock_transaction');
  await dc('up', '-d');
  await eventually(
    async () => {
      const state = await services();
      return APP_SERVICES.every((name) => state.get(name)?.Health === 'healthy');
    },
    240_000,
    'the worker, the sender, the listener, the bot and the API to be healthy (their /readyz)',
  );
}, 1_500_000);

afterAll(async () => {
  await biotime?.end();
  if (!dir) return;
  try {
    await dc('down', '-v', '--remove-orphans', '--timeout', '10');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

test('When docker-compose.yml is brought up, then its one-shot services set up the schemas, the namespace and the search attributes and exit 0, and every other service runs', async () => {
  // Act
  const state = await services();

  // Assert
  for (const oneShot of ['temporal-schema', 'temporal-setup', 'migrate']) expect({ oneShot, ...state.get(oneShot) }).toMatchObject({ oneShot, State: 'exited', ExitCode: 0 });
  for (const running of ['postgres', 'redis', 'temporal', 'temporal-ui', ...APP_SERVICES]) expect({ running, State: state.get(running)?.State }).toEqual({ running, State: 'running' });
  expect(state.get('temporal')?.Health).toBe('healthy');
  const attributes = await dc('exec', '-T', 'temporal', 'temporal', 'operator', 'search-attribute', 'list', '--address', 'temporal:7233', '--namespace', 'default');
  for (const name of ['TenantId', 'MemberId', 'RequestKind']) expect(attributes).toMatch(new RegExp(`${name}\\s+Keyword`));
  const temporalDb = createPool(databaseUrl('temporal'), { max: 1 });
  try {
    expect((await temporalDb.query<{ name: string }>('SELECT name FROM namespaces')).rows.map((r) => r.name)).toContain('default');
  } finally {
    await temporalDb.end();
  }
});

test('When a person registers with the bot and a terminal records their punch, then they are told once, through the worker and the sender on the PostgreSQL-backed server, and the panel and the Temporal UI answer', async () => {
  // Arrange
  await say('/start');
  await say(AIDA_IIN);
  await eventually(async () => (await sentTo(AIDA.id)).some((s) => s.text.includes('Aida Nurlanova')), 30_000, 'the registration to be confirmed');

  // Act
  await punch('Compose-gate');

  // Assert
  await eventually(async () => (await noticesAt('Compose-gate')).length > 0, 60_000, 'the punch notification');
  await sleep(2_000); // a moment for any duplicate to show up
  expect(await noticesAt('Compose-gate')).toHaveLength(1);
  const workflows = (await (await fetch(`http://127.0.0.1:${ports.ui}/api/v1/namespaces/default/workflows?query=${encodeURIComponent("WorkflowType='punch'")}`)).json()) as { executions: unknown[] };
  expect(workflows.executions.length).toBeGreaterThan(0);
  const panel = await fetch(`http://127.0.0.1:${ports.api}/`);
  expect(panel.status).toBe(200);
  expect(await panel.text()).toContain('<title>Attendance</title>');
});

/** An operator's endpoint of a process, read from inside its container (the port is not published). */
async function endpoint(service: string, port: number, urlPath: string): Promise<{ status: number; body: string }> {
  const script = `fetch('http://127.0.0.1:${port}${urlPath}').then(async (r) => console.log(JSON.stringify({ status: r.status, body: await r.text() })))`;
  return JSON.parse(await dc('exec', '-T', service, 'node', '-e', script));
}

test("When an operator reads each process's endpoints, then /healthz and /readyz answer, /metrics counts the punch that went through (sent by the sender, not the worker), and the workers export the Temporal SDK's metrics", async () => {
  for (const service of APP_SERVICES) {
    expect({ service, status: (await endpoint(service, 9464, '/healthz')).status }).toEqual({ service, status: 200 });
    expect({ service, status: (await endpoint(service, 9464, '/readyz')).status }).toEqual({ service, status: 200 });
  }
  expect((await endpoint('biotime-listener', 9464, '/metrics')).body).toMatch(/^attendance_punches_relayed_total\{[^}]*\} [1-9]/m);
  expect((await endpoint('sender', 9464, '/metrics')).body).toMatch(/^attendance_notifications_total\{[^}]*outcome="sent"[^}]*\} [1-9]/m);
  expect((await endpoint('worker', 9464, '/metrics')).body).not.toMatch(/^attendance_notifications_total\{[^}]*outcome="sent"[^}]*\} [1-9]/m);
  for (const service of ['worker', 'sender']) expect({ service, sdk: /^temporal_/m.test((await endpoint(service, 9465, '/metrics')).body) }).toEqual({ service, sdk: true });
});

test('When the Temporal server container is stopped while a punch is recorded and started again, then the punch is told once', async () => {
  // Arrange
  await dc('stop', 'temporal');

  // Act
  await punch('While-temporal-down');
  await sleep(5_000);
  await dc('start', 'temporal');

  // Assert
  await eventually(async () => (await noticesAt('While-temporal-down')).length > 0, 120_000, 'the punch recorded while Temporal was down');
  await punch('After-temporal-back');
  await eventually(async () => (await noticesAt('After-temporal-back')).length > 0, 60_000, 'the punch after Temporal came back');
  await sleep(2_000);
  expect(await noticesAt('While-temporal-down')).toHaveLength(1);
  expect(await noticesAt('After-temporal-back')).toHaveLength(1);
});

test('When the sender dies in its container, then Docker starts it again and a punch recorded meanwhile is told once', async () => {
  // Arrange: the sender's process killed from outside, as the kernel's OOM killer would.
  const container = (await dc('ps', '-q', 'sender')).trim();
  const pid = Number((await run('docker', ['inspect', '-f', '{{.State.Pid}}', container], { env })).stdout.trim());
  expect(pid).toBeGreaterThan(0);

  // Act
  process.kill(pid, 'SIGKILL');
  await punch('While-sender-down');

  // Assert
  await eventually(async () => (await noticesAt('While-sender-down')).length > 0, 120_000, 'the punch recorded while the sender was down');
  await sleep(2_000);
  expect(await noticesAt('While-sender-down')).toHaveLength(1);
  const restarts = Number((await run('docker', ['inspect', '-f', '{{.RestartCount}}', container], { env })).stdout.trim());
  expect(restarts).toBeGreaterThanOrEqual(1);
});

test('When the worker starts in its container, then it runs the workflow bundle built into the image rather than bundling again, and each worker serves its own task queue', async () => {
  // .env.example leaves WORKFLOW_BUNDLE_PATH empty; the compose file's own setting must win.
  const logs = await dc('logs', 'worker');
  expect(logs).toContain('worker ready');
  expect(logs).not.toContain('Workflow bundle created');
  expect(logs).toContain('"taskQueues":["attendance"]');
  expect(await dc('logs', 'sender')).toContain('"taskQueues":["telegram-outbound"]');
});

test("The product's processes never log the database password or the bot token", async () => {
  const logs = await dc('logs', 'migrate', ...APP_SERVICES);
  expect(logs.length).toBeGreaterThan(1_000);
  expect(logs).not.toContain(PASSWORD);
  expect(logs).not.toContain(BOT_TOKEN.split(':')[1]);
});
