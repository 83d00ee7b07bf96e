// The drills' production-like topology: Temporal v1.29.1 on PostgreSQL, the app database on a
// private PostgreSQL instance (so it can be restarted), BioTime's database on the shared server,
// Redis behind a TCP proxy (so it can be cut), the fake Bot API, and two workers, the listener
// and the bot as child processes. With `senders` > 0 the workers serve only `attendance` and that
// many senders only `telegram-outbound`, as docker-compose.yml runs them (WORKER_TASK_QUEUES).
// Everything it starts is undone by `dispose`, in reverse order.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { migrateUp } from '../../db/migrate';
import { createPool, ensureDatabase } from '../../db/pool';
import { prepareDemoBiotime } from '../../scripts/demo-biotime';
import { ServiceProcess, type ServiceName } from '../../scripts/service-process';
import { freeTemporalPortBlock, startPostgresTemporal, type PostgresTemporal } from '../../scripts/temporal-postgres';
import { FakeTelegram } from '../../test/support/fake-telegram/server';
import type { FakeChat, FakeUser } from '../../test/support/fake-telegram/types';
import { TcpProxy } from '../../test/support/tcp-proxy';
import { ZONE, seedEmployees } from '../punch-load';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';

const SHARED = 'postgres://postgres@127.0.0.1:5432';
const REDIS = { host: '127.0.0.1', port: 6379 };
const TOKEN = '555000558:DRILL-token-for-the-fake-bot-api';
const TOOLS = path.resolve(__dirname, '../../.tools/bin');

/** The product's processes by role; `worker-1` and `worker-2` share the task queues (the workflows only, when there are senders). */
export type Role = 'worker-1' | 'worker-2' | 'sender-1' | 'sender-2' | 'listener' | 'bot';
const SENDERS: Role[] = ['sender-1', 'sender-2'];
const serviceOf = (role: Role): ServiceName => (role.startsWith('worker') || role.startsWith('sender') ? 'worker' : (role as ServiceName));
/** With senders, a worker serves only the workflows and a sender only the sends (WORKER_TASK_QUEUES). */
const queuesOf = (role: Role, senders: number): Record<string, string> => {
  if (senders === 0) return {};
  if (role.startsWith('sender')) return { WORKER_TASK_QUEUES: 'telegram-outbound' };
  return role.startsWith('worker') ? { WORKER_TASK_QUEUES: 'attendance' } : {};
};

export interface Company {
  group: FakeChat;
  admin: FakeUser;
  tenantId: number;
  /** BioTime employees (members of the BioTime source's company): employeeCode(i) ↔ Telegram user 100_000 + i. */
  employees: number;
  /** Members who clock in in the group. */
  members: FakeUser[];
}

export interface Topology {
  suffix: string;
  workDir: string;
  fake: FakeTelegram;
  temporal: PostgresTemporal;
  appPostgres: PrivatePostgres;
  redisLink: TcpProxy;
  appPool: Pool;
  biotimePool: Pool;
  company: Company;
  /** The roles it runs (senders only with `senders` > 0). */
  roles: Role[];
  service(role: Role): ServiceProcess;
  /** Starts (again) a role's process and waits until it is ready. */
  start(role: Role): Promise<ServiceProcess>;
  /** A crash on purpose (SIGKILL); the supervisor leaves it down. */
  kill(role: Role): Promise<void>;
  /** Processes that exited on their own; the supervisor started each again a second later. */
  crashes: Crash[];
  dispose(): Promise<void>;
}

export interface Crash {
  role: Role;
  at: number;
  exitCode: number | null;
  lastLines: string[];
}

export interface TopologyOptions {
  employees: number;
  members: number;
  /** Workers serving only the Telegram sends (0: the two workers serve both queues). */
  senders: number;
  keep: boolean;
  log: (line: string) => void;
}

/** Undo steps, run last-in first-out; safe to call twice (SIGINT during a normal stop). */
class Undo {
  private steps: Array<[string, () => Promise<unknown>]> = [];
  push(what: string, step: () => Promise<unknown>): void {
    this.steps.push([what, step]);
  }
  async run(log: (line: string) => void): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      await step[1]().catch((err: Error) => log(`cleanup: ${step![0]}: ${err.message}`));
    }
  }
}

export async function startTopology(o: TopologyOptions): Promise<Topology> {
  const undo = new Undo();
  const dispose = () => undo.run(o.log);
  try {
    return await build(o, undo, dispose);
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function build(o: TopologyOptions, undo: Undo, dispose: () => Promise<void>): Promise<Topology> {
  const suffix = Date.now().toString(36);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'drills-'));
  undo.push('work directory', async () => (o.keep ? o.log(`kept logs in ${workDir}`) : rmSync(workDir, { recursive: true, force: true })));
  o.log(`run ${suffix}, logs in ${workDir}`);

  const admin = createPool(`${SHARED}/postgres`, { max: 1 });
  undo.push('admin pool', () => admin.end());
  const sharedDatabases = [`drill_temporal_${suffix}`, `drill_temporal_${suffix}_visibility`, `drill_${suffix}_bt`];
  undo.push('shared databases', async () => {
    if (o.keep) return o.log(`kept databases ${sharedDatabases.join(', ')}`);
    for (const db of sharedDatabases) await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  });

  const appPostgres = await startPrivatePostgres(o.log);
  undo.push('private PostgreSQL', () => appPostgres.dispose(o.keep));

  o.log('starting Temporal on PostgreSQL');
  const temporal = await startPostgresTemporal({
    binDir: process.env.TEMPORAL_SERVER_BIN_DIR ?? TOOLS,
    stateDir: path.join(workDir, 'temporal'),
    postgresUrl: SHARED,
    database: sharedDatabases[0],
    visibilityDatabase: sharedDatabases[1],
    port: await freeTemporalPortBlock(),
    namespaces: ['default'],
    onLog: appendTo(path.join(workDir, 'temporal-server.log')),
  });
  undo.push('Temporal server', () => temporal.stop());

  const appUrl = `${appPostgres.serverUrl}/attendance`;
  const biotimeUrl = `${SHARED}/${sharedDatabases[2]}`;
  await ensureDatabase(appUrl);
  await migrateUp(appUrl);
  await ensureDatabase(biotimeUrl);
  const appPool = createPool(appUrl, { max: 2 });
  const biotimePool = createPool(biotimeUrl, { max: 8 });
  undo.push('pools', () => Promise.all([appPool.end(), biotimePool.end()]));
  await prepareDemoBiotime(biotimePool, 'iclock_transaction');

  const redisLink = new TcpProxy(REDIS.host, REDIS.port);
  await redisLink.start();
  undo.push('Redis link', () => redisLink.stop());
  const redisPrefix = `drill:${suffix}:`;
  undo.push('Redis keys', () => deleteKeys(redisPrefix));

  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  undo.push('fake Bot API', () => fake.stop());

  o.log('bundling the workflows once for every worker start');
  const bundlePath = path.join(workDir, 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  writeFileSync(bundlePath, code);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: appUrl,
    BIOTIME_DATABASE_URL: biotimeUrl,
    BIOTIME_TABLE: 'iclock_transaction',
    BIOTIME_TIMEZONE: ZONE,
    TENANT_TIMEZONE: ZONE,
    BIOTIME_SWEEP_INTERVAL_MS: '5000',
    REDIS_URL: `redis://127.0.0.1:${redisLink.port}`,
    REDIS_KEY_PREFIX: redisPrefix,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    // Above the offered load, as in the benchmarks: the drills inject Telegram's refusals themselves.
    TELEGRAM_MAX_MESSAGES_PER_SECOND: '1000',
    TELEGRAM_GROUP_MESSAGES: '1000',
    TELEGRAM_GROUP_WINDOW_SECONDS: '1',
    TELEGRAM_PRIVATE_MESSAGES: '1000',
    TELEGRAM_PRIVATE_WINDOW_SECONDS: '1',
    REPORT_SCHEDULES: 'paused',
    WORKFLOW_BUNDLE_PATH: bundlePath,
    LOG_LEVEL: 'info',
  };

  const services = new Map<Role, ServiceProcess>();
  const crashes: Crash[] = [];
  // Exits the drills caused themselves (kills, the final stop); any other exit is a crash.
  const meant = new Set<ServiceProcess>();
  let disposing = false;
  let starts = 0;
  undo.push('services', () => {
    disposing = true;
    return Promise.all([...services.values()].map((s) => s.stop()));
  });
  const start = async (role: Role) => {
    const current = services.get(role)?.child;
    if (current && current.exitCode === null && current.signalCode === null) throw new Error(`${role} is already running`);
    const s = new ServiceProcess(serviceOf(role), { env: { ...env, ...queuesOf(role, o.senders) }, logFile: path.join(workDir, `${role}-${++starts}.log`), readyTimeoutMs: 120_000 });
    services.set(role, s);
    // As a supervisor (systemd, `restart: always`) would: a process that dies is started again.
    void s.exited.then((exitCode) => {
      if (meant.has(s) || disposing) return;
      crashes.push({ role, at: Date.now(), exitCode, lastLines: s.tail(12).split('\n').filter((l) => !l.startsWith('{')).slice(0, 4) });
      o.log(`  ${role} exited on its own (code ${exitCode}); the supervisor starts it again in 1 s`);
      setTimeout(() => void (disposing ? undefined : start(role).catch((err: Error) => o.log(`  restarting ${role}: ${err.message}`))), 1_000);
    });
    await s.ready;
    return s;
  };
  const kill = async (role: Role) => {
    const s = services.get(role)!;
    meant.add(s);
    await s.kill();
  };
  const roles: Role[] = ['worker-1', 'worker-2', ...SENDERS.slice(0, o.senders), 'listener', 'bot'];
  o.log(`starting ${roles.join(', ')}`);
  for (const role of roles) await start(role);

  const company = await setUpCompany(fake, appPool, biotimePool, o);
  return {
    suffix,
    workDir,
    fake,
    temporal,
    appPostgres,
    redisLink,
    appPool,
    biotimePool,
    company,
    roles,
    service: (role) => services.get(role)!,
    start,
    kill,
    crashes,
    dispose,
  };
}

/**
 * A company the way a customer makes one: the creator sends /setup in the group, each member
 * opens the bot and joins by clocking in. The BioTime employees are seeded as registered members.
 */
async function setUpCompany(fake: FakeTelegram, appPool: Pool, biotimePool: Pool, o: TopologyOptions): Promise<Company> {
  const group: FakeChat = { id: -1005559001, type: 'supergroup', title: 'Drill Co' };
  const admin: FakeUser = { id: 9001, first_name: 'Admin' };
  fake.setChatMember(group.id, admin, 'creator');
  const setup = fake.userSends(admin, '/setup', group);
  await fake.waitForSent((s) => s.chatId === group.id && s.replyTo === setup.message_id, 30_000, 'the answer to /setup');
  const tenantId = (await appPool.query<{ id: number }>('SELECT id FROM tenants WHERE telegram_chat_id = $1', [group.id])).rows[0]!.id;

  const members: FakeUser[] = Array.from({ length: o.members }, (_, i) => ({ id: 200_000 + i, first_name: `Member${i}` }));
  for (const member of members) {
    fake.setChatMember(group.id, member, 'member');
    fake.userSends(member, '/start');
    await fake.waitForSent((s) => s.chatId === member.id, 30_000, 'the answer to /start');
    const joined = fake.userSends(member, '/in', group);
    await fake.waitForSent((s) => s.chatId === group.id && s.replyTo === joined.message_id, 30_000, 'the answer to joining');
  }
  // Terminal punches belong to the BioTime source's own company, whose members are told of them.
  const biotimeTenantId = (await appPool.query<{ tenant_id: number }>("SELECT tenant_id FROM biotime_sources WHERE source_key = 'default'")).rows[0]!.tenant_id;
  await seedEmployees(appPool, biotimePool, o.employees, biotimeTenantId);
  o.log(`group company ${tenantId}: ${o.members} members clocking in; BioTime company ${biotimeTenantId}: ${o.employees} employees`);
  return { group, admin, tenantId, employees: o.employees, members };
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis({ ...REDIS, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function appendTo(file: string): (line: string) => void {
  return (line) => writeFileSync(file, `${line}\n`, { flag: 'a' });
}

const quietLogger = { trace() {}, debug() {}, info() {}, log() {}, warn: console.warn, error: console.error };
