// One validated configuration per process. `createConfig(env)` is what tests call;
// entry points call `loadConfig()` which reads process.env and exits with a readable error.
import { z } from 'zod';
import { isValidTimeZone } from '../domain/time';
import { TASK_QUEUES, type TaskQueue } from '../domain/temporal';

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL');

const timeZone = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Almaty');

/** Where the web panel is reached when PANEL_PUBLIC_URL is not set (the API's own default port). */
export const DEFAULT_PANEL_PUBLIC_URL = 'http://127.0.0.1:8080';

const schema = z.object({
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/attendance'),
  BIOTIME_DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/biotime_demo'),
  BIOTIME_TABLE: z.enum(['iclock_transaction', 'attendance_log']).default('iclock_transaction'),
  BIOTIME_TIMEZONE: timeZone.default('Asia/Almaty'),
  BIOTIME_IIN_COLUMN: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain column name of personnel_employee (e.g. emp_code, ssn)')
    .default('emp_code'),
  BIOTIME_SOURCE_KEY: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a short lowercase name').default('default'),
  BIOTIME_START_FROM: z.enum(['latest', 'beginning']).default('latest'),
  BIOTIME_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * Seals the connection URLs of BioTime sources registered in the database (32 bytes, hex or
   * base64). Needed by the API to register one and by the listener to serve them.
   */
  SOURCE_SECRETS_KEY: z.string().regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes: 64 hex digits or 44 base64 characters').optional(),
  TENANT_NAME: z.string().min(1).default('Default company'),
  TENANT_TIMEZONE: timeZone.optional(),
  TRIAL_DAYS: z.coerce.number().int().min(0).max(366).default(14),
  HANDOFF_GRACE_SECONDS: z.coerce.number().int().min(1).default(30),
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().regex(/^[\w:.-]{0,100}$/, 'may use letters, digits and : . - _').default('attendance:'),
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must be a bot token as issued by @BotFather (digits:letters)')
    .optional(),
  TELEGRAM_API_ROOT: z.string().url('must be a URL').default('https://api.telegram.org'),
  /**
   * Webhook mode: the public HTTPS address Telegram posts updates to (a load balancer in front of
   * the bot replicas). Unset: the bot polls Telegram (one replica).
   */
  BOT_WEBHOOK_URL: z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, 'must be the https:// address Telegram posts updates to').optional(),
  /** Telegram sends it with every post (X-Telegram-Bot-Api-Secret-Token); required with BOT_WEBHOOK_URL. */
  BOT_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 letters, digits, _ or -').optional(),
  /** Where this replica listens for those posts (the load balancer forwards to it). */
  BOT_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8088),
  BOT_WEBHOOK_HOST: z.string().regex(/^[\w.:-]+$/, 'must be a host name or IP address').default('0.0.0.0'),
  /** This replica's name in the update inbox's leases; the host name and process id unless set. */
  BOT_REPLICA_NAME: z.string().regex(/^[\w.:-]{1,100}$/, 'may use letters, digits and : . - _').optional(),
  TELEGRAM_MAX_MESSAGES_PER_SECOND: z.coerce.number().positive().max(1000).default(25),
  /** How much more than a second any TELEGRAM_MAX_MESSAGES_PER_SECOND+1 consecutive sends span (cache/send-pacer.ts). */
  TELEGRAM_SEND_MARGIN_MS: z.coerce.number().int().min(0).max(1000).default(20),
  /** Everything posted into one group, by every process: at most this many per window (Telegram: 20 a minute). */
  TELEGRAM_GROUP_MESSAGES: z.coerce.number().int().positive().max(1000).default(20),
  TELEGRAM_GROUP_WINDOW_SECONDS: z.coerce.number().positive().max(3600).default(60),
  /** ...and into one private chat (Telegram: about one a second, short bursts allowed). */
  TELEGRAM_PRIVATE_MESSAGES: z.coerce.number().int().positive().max(1000).default(3),
  TELEGRAM_PRIVATE_WINDOW_SECONDS: z.coerce.number().positive().max(3600).default(3),
  /**
   * The task queues this worker serves, comma-separated: `attendance` (workflows and their storage
   * steps) and `telegram-outbound` (Telegram sends). Both by default. A worker serving only
   * `telegram-outbound` is a sender: its event loop wakes each send on its slot however busy the
   * workflow side is, so a rush is told at Telegram's pace while its workflows are worked through.
   */
  WORKER_TASK_QUEUES: z
    .string()
    .default(`${TASK_QUEUES.attendance},${TASK_QUEUES.telegramOutbound}`)
    .transform((s, ctx) => {
      const known: readonly string[] = Object.values(TASK_QUEUES);
      const named = [...new Set(s.split(',').map((q) => q.trim()).filter(Boolean))];
      if (named.length === 0 || !named.every((q) => known.includes(q))) {
        ctx.addIssue({ code: 'custom', message: `must name ${known.join(' and/or ')}, comma-separated` });
        return z.NEVER;
      }
      return named as TaskQueue[];
    }),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().positive().default(100),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(200),
  /**
   * The worker also runs the BioTime listener, starting punch workflows eagerly: the server hands
   * the first workflow task back in the start's answer, to this very worker, instead of queueing it.
   * Any number of workers may: each source's lock keeps one active and the others standing by.
   */
  WORKER_RUNS_LISTENER: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /**
   * Threads running workflow code. Each workflow task's code runs through node:vm with a time
   * limit, which starts and joins a watchdog thread per call: on a busy machine one thread spends
   * most of its time waiting for those, so a second one keeps workflow tasks moving.
   */
  WORKER_WORKFLOW_THREADS: z.coerce.number().int().positive().max(16).default(2),
  /**
   * How long a workflow's next task waits for the worker that has it cached before any worker takes
   * it (replaying its history). A killed worker's workflows wait this long (the SDK's default is 10 s).
   */
  WORKER_STICKY_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(3),
  /**
   * How many workflows the worker keeps in memory between their tasks. Unset: the SDK's own, which
   * grows with the heap. A workflow pushed out is replayed from its history at its next task, which
   * costs CPU. (At 2,000 the 10,000-punch rush peaked at 1.9 GB instead of 2.2–2.3 GB: most of a
   * worker's memory in a rush is not this cache.)
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).optional(),
  /** The worker's database connections; it runs as many storage steps (local activities) at once. */
  WORKER_DB_POOL_SIZE: z.coerce.number().int().positive().max(500).default(20),
  /**
   * on: every company's report schedules run. paused: they are kept paused (a staging
   * deployment that must not post reports into real groups); a run can still be started by hand.
   */
  REPORT_SCHEDULES: z.enum(['on', 'paused']).default('on'),
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /** The web panels' HTTP API (api/main.ts). */
  API_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** Reverse proxies in front of the API (their X-Forwarded-For is trusted, so rate limits see the client's address). */
  API_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** Where people open the panel: sign-in links point here; https makes the session cookie Secure. */
  PANEL_PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s?#]+$/, 'must be an http:// or https:// URL without query').default(DEFAULT_PANEL_PUBLIC_URL),
  /** The Temporal Web UI as operators reach it: the panel's audit log links each workflow there. */
  TEMPORAL_UI_URL: z.string().regex(/^https?:\/\/[^\s?#]+$/, 'must be an http:// or https:// URL without query').default('http://localhost:8233'),
  /** Telegram user ids of the platform's super admins, comma-separated. */
  SUPER_ADMIN_TELEGRAM_IDS: z
    .string()
    .regex(/^\s*(\d{1,15}\s*(,\s*\d{1,15}\s*)*)?$/, 'must be Telegram user ids separated by commas')
    .default('')
    .transform((s) => s.split(',').map((id) => id.trim()).filter(Boolean).map(Number)),
  /** Each process's /metrics, /healthz and /readyz (config/health.ts); unset: no endpoint, 0: any free port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where that endpoint listens: loopback unless a scraper elsewhere must reach it. */
  METRICS_HOST: z.string().regex(/^[\w.:-]+$/, 'must be a host name or IP address').default('127.0.0.1'),
  /** The worker's Temporal SDK metrics (Prometheus, on METRICS_HOST); unset: not exported. */
  TEMPORAL_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Omit<z.infer<typeof schema>, 'TENANT_TIMEZONE' | 'BOT_TOKEN'> & {
  TENANT_TIMEZONE: string;
  BOT_TOKEN: string | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Aliases kept for deployments configured before the current names. */
function applyAliases(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) out[k] = v === '' ? undefined : v;
  out.BOT_TOKEN ??= out.TOKEN;
  out.BIOTIME_DATABASE_URL ??= out.DATABASE_ATTENDANCE_URL;
  return out;
}

export function createConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema
    .superRefine((c, ctx) => {
      if (c.WORKER_MAX_CACHED_WORKFLOWS !== undefined && c.WORKER_MAX_CACHED_WORKFLOWS < c.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS) {
        ctx.addIssue({ code: 'custom', path: ['WORKER_MAX_CACHED_WORKFLOWS'], message: 'must be at least WORKER_MAX_CONCURRENT_WORKFLOW_TASKS (a workflow task runs in the cache)' });
      }
    })
    .safeParse(applyAliases(env));
  if (!parsed.success) {
    // Name the variable and the rule only: values may be secrets (tokens, passwords in URLs).
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return {
    ...parsed.data,
    BOT_TOKEN: parsed.data.BOT_TOKEN,
    TENANT_TIMEZONE: parsed.data.TENANT_TIMEZONE ?? parsed.data.BIOTIME_TIMEZONE,
  };
}

/** The BioTime source and the company that owns it, as configured. */
export function biotimeSourceSettings(config: Config) {
  return {
    sourceKey: config.BIOTIME_SOURCE_KEY,
    tableName: config.BIOTIME_TABLE,
    tenantName: config.TENANT_NAME,
    timeZone: config.TENANT_TIMEZONE,
  };
}

/** The bot token is required by the processes that talk to Telegram. */
export function requireBotToken(config: Config): string {
  if (!config.BOT_TOKEN) {
    throw new ConfigError(['BOT_TOKEN: is required (the token @BotFather gave you; TOKEN is accepted too)']);
  }
  if (config.BOT_WEBHOOK_URL && !config.BOT_WEBHOOK_SECRET) {
    throw new ConfigError(['BOT_WEBHOOK_SECRET: is required with BOT_WEBHOOK_URL (16+ random letters and digits; Telegram sends it with every update)']);
  }
  return config.BOT_TOKEN;
}

/** For entry points: parse process.env or print the problems and exit. */
export function loadConfig(check?: (c: Config) => void): Config {
  try {
    const config = createConfig(process.env);
    check?.(config);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}
