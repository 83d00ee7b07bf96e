// A whole product for one test file: fresh databases, its own Temporal namespace and Redis key
// prefix, the fake Bot API in this process, and the real worker, listener and bot as child
// processes (so tests can stop, kill and restart them like an operator or a crash would).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal as temporalProto } from '@temporalio/proto';
import type { Pool } from 'pg';
import { createPool, ensureDatabase } from '../../db/pool';
import type { BiotimeTable } from '../../domain/biotime';
import { prepareDemoBiotime } from '../../scripts/demo-biotime';
import { ROOT, ServiceProcess, type ServiceName } from '../../scripts/service-process';
import { FakeTelegram } from './fake-telegram/server';
import type { FakeChat, FakeUser, SentRecord } from './fake-telegram/types';
import { DEFAULT_RULES, type AttendanceRules } from '../../domain/attendance-rules';
import { saveRules } from '../../db/repositories/rules';
import { TEST_NAMESPACE_COUNT, testRunEnv } from './env';
import { TcpProxy } from './tcp-proxy';
import { biotimeSourceId } from '../../domain/biotime';
import { punchWorkflowId } from '../../domain/punch';
import { decisionButtonData, type RequestKind } from '../../domain/requests';
import { requestAdvance, type Advance } from '../../db/repositories/advances';
import { createTenantScopedPool, withTenant } from '../../db/tenant-scope';
import { triggerSchedule } from '../../services/schedules';

const REQUEST_TABLES: Record<RequestKind, string> = { advance: 'advances', leave: 'leave_requests', correction: 'corrections' };

export const TEST_BOT_TOKEN = '123456789:TEST-token-for-the-fake-bot-api';
export const BIOTIME_ZONE = 'Asia/Almaty';

export interface StackOptions {
  table?: BiotimeTable;
  /** BioTime's zone and the zone new companies start in (Asia/Almaty unless a test needs another). */
  zone?: string;
  /** Started by startStack; the rest can be started later by the test. */
  services?: ServiceName[];
  env?: Record<string, string>;
}

function claimNamespace(stateDir: string): { index: number; namespace: string } {
  for (let i = 1; i <= TEST_NAMESPACE_COUNT; i++) {
    try {
      mkdirSync(path.join(stateDir, 'claims', `ns-${i}`));
      return { index: i, namespace: `test-${i}` };
    } catch {
      // taken by another test file
    }
  }
  throw new Error(`all ${TEST_NAMESPACE_COUNT} test namespaces are taken; raise TEST_NAMESPACE_COUNT`);
}

/** The settings naming a server a process can be cut off from (see Stack.linkTo). */
type LinkedVariable = 'DATABASE_URL' | 'BIOTIME_DATABASE_URL' | 'REDIS_URL';

export class Stack {
  readonly services = new Map<ServiceName, ServiceProcess>();
  private starts = 0;

  constructor(
    readonly fake: FakeTelegram,
    readonly appPool: Pool,
    readonly biotimePool: Pool,
    readonly temporal: Client,
    readonly env: NodeJS.ProcessEnv,
    readonly table: BiotimeTable,
    readonly logDir: string,
    private readonly label: string,
    /** BioTime's zone and new companies' zone. */
    readonly zone: string = BIOTIME_ZONE,
  ) {}

  async start(name: ServiceName, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const current = this.services.get(name)?.child;
    if (current && current.exitCode === null && current.signalCode === null) throw new Error(`${name} is already running`);
    const service = new ServiceProcess(name, {
      env: { ...this.env, ...extraEnv },
      logFile: path.join(this.logDir, `${this.label}-${name}-${++this.starts}.log`),
    });
    this.services.set(name, service);
    await service.ready;
    return service;
  }

  /** Everything this stack's processes have logged so far. */
  logs(): string {
    return readdirSync(this.logDir)
      .filter((f) => f.startsWith(`${this.label}-`))
      .map((f) => readFileSync(path.join(this.logDir, f), 'utf8'))
      .join('\n');
  }

  async stop(name: ServiceName): Promise<void> {
    await this.services.get(name)?.stop();
  }

  async kill(name: ServiceName): Promise<void> {
    await this.services.get(name)?.kill();
  }

  /**
   * Restarts a process so that it reaches one server (the one `variable` names) through a link the
   * test can cut; the other processes keep reaching it directly. `restoreDirect` undoes it.
   */
  async restartBehindLink(name: ServiceName, variable: LinkedVariable): Promise<TcpProxy> {
    const { link, url } = await this.linkTo(variable);
    await this.stop(name);
    await this.start(name, { [variable]: url });
    return link;
  }

  /** A link the test can cut to the server `variable` names, and that variable's URL through it. */
  async linkTo(variable: LinkedVariable): Promise<{ link: TcpProxy; url: string }> {
    const direct = new URL(String(this.env[variable]));
    const link = new TcpProxy(direct.hostname, Number(direct.port || (variable === 'REDIS_URL' ? 6379 : 5432)));
    const linked = new URL(direct.toString());
    linked.port = String(await link.start());
    return { link, url: linked.toString() };
  }

  async restoreDirect(name: ServiceName, link: TcpProxy): Promise<void> {
    await this.stop(name);
    await link.stop();
    await this.start(name);
  }

  /** A company group set up by its creator, with these admins and members known to the group. */
  async company(group: FakeChat, people: { creator: FakeUser; admins?: FakeUser[]; members?: FakeUser[] }): Promise<{ tenantId: number; timeZone: string }> {
    this.fake.setChatMember(group.id, people.creator, 'creator');
    for (const a of people.admins ?? []) this.fake.setChatMember(group.id, a, 'administrator');
    for (const m of people.members ?? []) this.fake.setChatMember(group.id, m, 'member');
    return this.setUpGroup(group, people.creator);
  }

  /**
   * The member opens the bot privately and joins the group by clocking in there; resolves once
   * that clock-in has been judged (any notice about it sent), so it cannot cross a later answer.
   */
  async openBotAndJoin(member: FakeUser, group: FakeChat): Promise<void> {
    await this.say(member, '/start');
    await this.clockIn(member, group);
  }

  /** The member clocks in (or out, ...) in the group; resolves with the answer once the clock-in has been judged. */
  async clockIn(member: FakeUser, group: FakeChat, command = '/in'): Promise<SentRecord> {
    const sent = this.fake.userSends(member, command, group);
    const answer = await this.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === sent.message_id, 20_000, `the answer to ${command}`);
    const handle = this.temporal.workflow.getHandle(punchWorkflowId('group', `${group.id}:m${sent.message_id}`));
    await eventually(() => handle.result().then(() => true), 20_000, `${command} judged`);
    return answer;
  }

  /** A terminal records a punch: one row in the BioTime table, in BioTime's local time. */
  async insertPunch(p: { employee: string; localTime?: string; state?: number; terminal?: string }): Promise<number> {
    const localTime = p.localTime ?? localNow(this.zone);
    if (this.table === 'iclock_transaction') {
      const { rows } = await this.biotimePool.query<{ id: number }>(
        `INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_sn, terminal_alias, area_alias)
         VALUES ($1, $2, $3, 'CQZ7232460001', $4, 'HQ') RETURNING id`,
        [p.employee, localTime, String(p.state ?? 0), p.terminal ?? 'Main entrance'],
      );
      return rows[0]!.id;
    }
    const { rows } = await this.biotimePool.query<{ id: number }>(
      'INSERT INTO attendance_log (emp_id, punch_time, terminal_alias) VALUES ($1, $2, $3) RETURNING id',
      [p.employee, localTime, p.terminal ?? 'Main entrance'],
    );
    return rows[0]!.id;
  }

  /** A user presses an inline button; resolves with the bot's answer to that press. */
  async press(user: FakeUser, record: SentRecord, data: string, timeoutMs = 30_000): Promise<{ text?: string; showAlert: boolean }> {
    const id = this.fake.userPresses(user, record, data);
    const answered = () => this.fake.callbackAnswers.find((a) => a.callbackQueryId === id);
    await this.fake.waitForSent(() => !!answered(), timeoutMs, `the answer to pressing ${data}`);
    return answered()!;
  }

  /**
   * Runs a Temporal Schedule now, as an operator does from the UI (services/schedules.ts), and
   * waits until that run has finished.
   */
  async runSchedule(scheduleId: string): Promise<void> {
    const handle = this.temporal.schedule.getHandle(scheduleId);
    const before = (await handle.describe()).info.recentActions.length;
    await triggerSchedule(this.temporal, scheduleId);
    const action = await eventually(async () => {
      const recent = (await handle.describe()).info.recentActions;
      return recent.length > before ? recent.at(-1) : null;
    }, 20_000, `the run of ${scheduleId}`);
    await this.temporal.workflow.getHandle(action.action.workflow.workflowId).result();
  }

  /** The group's creator sends /setup; resolves with the new company's id and time zone. */
  async setUpGroup(group: FakeChat, creator: FakeUser): Promise<{ tenantId: number; timeZone: string }> {
    const setup = this.fake.userSends(creator, '/setup', group);
    await this.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === setup.message_id);
    const { rows } = await this.appPool.query('SELECT id, time_zone FROM tenants WHERE telegram_chat_id = $1', [group.id]);
    return { tenantId: rows[0].id, timeZone: rows[0].time_zone };
  }

  /** Replaces the company's rules with the defaults plus these changes, in force since 2000. */
  async setRules(tenantId: number, changes: Partial<AttendanceRules>): Promise<void> {
    await this.appPool.query('DELETE FROM tenant_rules WHERE tenant_id = $1', [tenantId]);
    const { rows } = await this.appPool.query('SELECT time_zone FROM tenants WHERE id = $1', [tenantId]);
    await saveRules(this.appPool, tenantId, '2000-01-01', { ...DEFAULT_RULES, timeZone: rows[0].time_zone, ...changes }, 'test');
  }

  /** The user opens the bot and sends an IIN; resolves with the bot's answer to it. */
  async register(user: FakeUser, iin: string): Promise<SentRecord> {
    await this.say(user, '/start');
    const answer = await this.say(user, iin);
    // A successful registration is followed by the menu; wait for it so later counts are exact.
    if (answer.text.includes('✅')) await this.fake.waitForSent((s) => s.chatId === user.id && s.messageId > answer.messageId);
    return answer;
  }

  /** The user sends text in their private chat; resolves with the bot's first answer. */
  async say(user: FakeUser, text: string): Promise<SentRecord> {
    const before = this.fake.sentTo(user.id).length;
    this.fake.userSends(user, text);
    const all = await this.fake.waitForCount(user.id, before + 1);
    return all[before]!;
  }

  /**
   * Says something privately and resolves with the first later message that contains `expected`:
   * for answers that a notice still on its way (a decision, a reminder) could arrive before.
   */
  async sayAndWaitFor(user: FakeUser, text: string, expected: string, timeoutMs = 20_000): Promise<SentRecord> {
    const before = this.fake.sentTo(user.id).length;
    this.fake.userSends(user, text);
    return this.fake.waitForSent((s) => s.chatId === user.id && s.text.includes(expected) && this.fake.sentTo(user.id).indexOf(s) >= before, timeoutMs, `an answer to "${text}" containing "${expected}"`);
  }

  /** The punch workflow id of a BioTime row of this stack's source (named by the source's UUID). */
  async biotimePunchWorkflowId(rowId: number, sourceKey = 'default'): Promise<string> {
    const { rows } = await this.appPool.query<{ uid: string }>('SELECT uid FROM biotime_sources WHERE source_key = $1', [sourceKey]);
    if (!rows[0]) throw new Error(`no BioTime source ${sourceKey} yet`);
    return punchWorkflowId('biotime', biotimeSourceId(rows[0].uid, rowId));
  }

  /** The workflow id stored with a request (advance, leave or correction). */
  async requestWorkflowId(kind: RequestKind, requestId: number): Promise<string> {
    const { rows } = await this.appPool.query<{ workflow_id: string }>(`SELECT workflow_id FROM ${REQUEST_TABLES[kind]} WHERE id = $1`, [requestId]);
    return rows[0]!.workflow_id;
  }

  /**
   * An advance stored for a member as the bot stores one, but never handed to its workflow: what
   * a crash, or Temporal away, leaves between the two (the sweep hands it over after the grace).
   */
  async storeAdvanceWithoutWorkflow(tenantId: number, user: FakeUser, advance: { amount: number; reason: string; limit: number }): Promise<Advance> {
    const { rows } = await this.appPool.query<{ id: number }>('SELECT id FROM members WHERE tenant_id = $1 AND telegram_user_id = $2', [tenantId, user.id]);
    const appRole = createTenantScopedPool(String(this.env.DATABASE_URL), { max: 1 });
    try {
      const stored = await withTenant(appRole, tenantId, (tx) =>
        requestAdvance(tx, {
          tenantId, memberId: Number(rows[0]!.id), currency: 'KZT', ...advance, submissionKey: null,
          month: { start: new Date(Date.now() - 86_400_000), end: new Date(Date.now() + 86_400_000) }, expiresAt: new Date(Date.now() + 3_600_000),
        }),
      );
      if (!stored.ok) throw new Error(`advance not stored: ${stored.reason}`);
      return stored.advance;
    } finally {
      await appRole.end();
    }
  }

  /** The callback data of a request's Approve or Reject button, as its admins' copies carry it. */
  async decisionButton(kind: RequestKind, requestId: number, approve: boolean): Promise<string> {
    const { rows } = await this.appPool.query<{ uid: string }>(`SELECT uid FROM ${REQUEST_TABLES[kind]} WHERE id = $1`, [requestId]);
    return decisionButtonData(kind, rows[0]!.uid, approve);
  }

  /** Waits for the punch workflow of a BioTime row (the listener may not have started it yet). */
  async punchOutcome(rowId: number, timeoutMs = 20_000): Promise<{ created: boolean; sent: number; blocked: number; failed: number }> {
    const handle = this.temporal.workflow.getHandle(await this.biotimePunchWorkflowId(rowId));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await handle.result();
      } catch (err) {
        if (Date.now() > deadline || !/not found/i.test((err as Error).message)) throw err;
        await sleep(200);
      }
    }
  }

  async close(): Promise<void> {
    if (process.env.RECORD_HISTORIES_DIR) await recordHistories(this.temporal, path.join(process.env.RECORD_HISTORIES_DIR, this.label)).catch(() => undefined);
    await Promise.all([...this.services.values()].map((s) => s.stop()));
    await this.fake.stop();
    await this.temporal.connection.close();
    await Promise.all([this.appPool.end(), this.biotimePool.end()]);
  }
}

/**
 * Saves the history of every workflow of this stack's namespace (finished or still running) as
 * `<dir>/<workflowType>/<id>.json`; `npm run histories:record` picks replay fixtures from them.
 */
async function recordHistories(temporal: Client, dir: string): Promise<void> {
  for await (const wf of temporal.workflow.list()) {
    const history = await temporal.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    const typeDir = path.join(dir, wf.type);
    mkdirSync(typeDir, { recursive: true });
    const name = `${wf.workflowId}-${wf.runId.slice(-8)}`.replace(/[^\w.-]+/g, '_');
    writeFileSync(path.join(typeDir, `${name}.json`), JSON.stringify(temporalProto.api.history.v1.History.fromObject(history).toJSON(), null, 1));
  }
}

/** "now" as BioTime writes it: local wall-clock time without a zone. */
export function localNow(zone = BIOTIME_ZONE, plusSeconds = 0): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).format(new Date(Date.now() + plusSeconds * 1000));
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const run = testRunEnv();
  const table = options.table ?? 'iclock_transaction';
  const { index, namespace } = claimNamespace(run.stateDir);
  const label = `ns${index}`;
  const appUrl = `${run.postgresUrl}/att_${run.runId}_${index}_app`;
  const biotimeUrl = `${run.postgresUrl}/att_${run.runId}_${index}_bt`;

  await ensureDatabase(appUrl);
  await ensureDatabase(biotimeUrl);
  // node-pg-migrate is ESM-only; run the real migration command as the deployment would.
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: appUrl },
    stdio: 'pipe',
  });
  const appPool = createPool(appUrl, { max: 4 });
  const biotimePool = createPool(biotimeUrl, { max: 4 });
  await prepareDemoBiotime(biotimePool, table);

  const fake = new FakeTelegram({ token: TEST_BOT_TOKEN });
  await fake.start();
  const connection = await Connection.connect({ address: run.temporalAddress });
  const temporal = new Client({ connection, namespace });

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: appUrl,
    BIOTIME_DATABASE_URL: biotimeUrl,
    BIOTIME_TABLE: table,
    BIOTIME_TIMEZONE: options.zone ?? BIOTIME_ZONE,
    TENANT_TIMEZONE: options.zone ?? BIOTIME_ZONE,
    BIOTIME_SWEEP_INTERVAL_MS: '5000',
    REDIS_URL: run.redisUrl,
    REDIS_KEY_PREFIX: `att:${run.runId}:${index}:`,
    TEMPORAL_ADDRESS: run.temporalAddress,
    TEMPORAL_NAMESPACE: namespace,
    BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_MAX_MESSAGES_PER_SECOND: '500',
    // Tests that are not about Telegram's limits should not wait for them (the fake has none unless asked).
    TELEGRAM_GROUP_MESSAGES: '1000',
    TELEGRAM_GROUP_WINDOW_SECONDS: '1',
    TELEGRAM_PRIVATE_MESSAGES: '1000',
    TELEGRAM_PRIVATE_WINDOW_SECONDS: '1',
    // Scheduled reports would post into other tests' groups at their report time: tests run them by hand.
    REPORT_SCHEDULES: 'paused',
    WORKFLOW_BUNDLE_PATH: run.workflowBundle,
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const logDir = path.join(run.stateDir, 'logs');
  const stack = new Stack(fake, appPool, biotimePool, temporal, env, table, logDir, label, options.zone ?? BIOTIME_ZONE);
  try {
    await Promise.all((options.services ?? ['worker', 'listener', 'bot']).map((s) => stack.start(s)));
  } catch (err) {
    await stack.close();
    throw err;
  }
  return stack;
}

/** Polls until the check passes (returns a truthy value) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
