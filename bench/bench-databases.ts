// Fresh app and BioTime databases for one benchmark run, and their removal afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateUp } from '../db/migrate';
import { createPool, ensureDatabase } from '../db/pool';
import { prepareDemoBiotime } from '../scripts/demo-biotime';

const SERVER = 'postgres://postgres@127.0.0.1:5432';

export interface BenchWorkspace {
  suffix: string;
  workDir: string;
  appUrl: string;
  biotimeUrl: string;
  dispose(): Promise<void>;
}

/** Environment for the product's processes in a benchmark: this workspace, this Temporal, the fake Bot API. */
export function benchServiceEnv(
  workspace: BenchWorkspace,
  wiring: { temporalAddress: string; apiRoot: string; token: string },
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: workspace.appUrl,
    BIOTIME_DATABASE_URL: workspace.biotimeUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `bench:${workspace.suffix}:`,
    TEMPORAL_ADDRESS: wiring.temporalAddress,
    BOT_TOKEN: wiring.token,
    TELEGRAM_API_ROOT: wiring.apiRoot,
    // Above the offered load: a benchmark measures our pipeline, not Telegram's limits (global,
    // per group, per private chat), which the fake Bot API does not enforce unless asked.
    TELEGRAM_MAX_MESSAGES_PER_SECOND: '1000',
    TELEGRAM_GROUP_MESSAGES: '1000',
    TELEGRAM_GROUP_WINDOW_SECONDS: '1',
    TELEGRAM_PRIVATE_MESSAGES: '1000',
    TELEGRAM_PRIVATE_WINDOW_SECONDS: '1',
    LOG_LEVEL: 'info',
    // To profile the product's processes: SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    ...(process.env.SERVICE_NODE_ARGS ? { SERVICE_NODE_ARGS: process.env.SERVICE_NODE_ARGS } : {}),
    ...extra,
  };
}

export async function createBenchWorkspace(name: string): Promise<BenchWorkspace> {
  const suffix = Date.now().toString(36);
  const workDir = mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const appUrl = `${SERVER}/bench_${suffix}_app`;
  const biotimeUrl = `${SERVER}/bench_${suffix}_bt`;
  await ensureDatabase(appUrl);
  await ensureDatabase(biotimeUrl);
  await migrateUp(appUrl);
  const biotime = createPool(biotimeUrl, { max: 1 });
  await prepareDemoBiotime(biotime, 'iclock_transaction');
  await biotime.end();
  return {
    suffix,
    workDir,
    appUrl,
    biotimeUrl,
    async dispose() {
      const admin = createPool(`${SERVER}/postgres`, { max: 1 });
      await admin.query(`DROP DATABASE IF EXISTS "bench_${suffix}_app" WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS "bench_${suffix}_bt" WITH (FORCE)`);
      await admin.end();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
