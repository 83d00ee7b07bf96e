// Once per test run: one Temporal dev server with a namespace for each test file, and the
// workflow bundle built once. Each test file then gets fresh databases (see stack.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_NAMESPACE_COUNT } from './env';
import { startTestTemporal, temporalKind } from './temporal-server';

const ROOT = path.resolve(__dirname, '../..');

function findTemporal(): string {
  const candidates = [process.env.TEMPORAL_BIN, path.join(ROOT, '.tools/bin/temporal')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    return execFileSync('bash', [path.join(ROOT, 'scripts/ensure-temporal.sh')], { stdio: ['ignore', 'pipe', 'inherit'] })
      .toString()
      .trim()
      .split('\n')
      .at(-1)!;
  } catch {
    throw new Error('The Temporal CLI is missing: run the tests with "npm test", which builds it.');
  }
}

export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), `attendance-test-${runId}-`));
  mkdirSync(path.join(stateDir, 'logs'));
  mkdirSync(path.join(stateDir, 'claims'));

  const bin = findTemporal();
  // The dev server by default; TEST_TEMPORAL=postgres runs the production server on PostgreSQL.
  const server = await startTestTemporal({
    kind: temporalKind(),
    devBin: bin,
    namespaces: Array.from({ length: TEST_NAMESPACE_COUNT }, (_, i) => `test-${i + 1}`),
    databasePrefix: `att_${runId}`,
    postgresUrl: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
    persistent: false,
  });
  (globalThis as { __temporalServer?: unknown }).__temporalServer = server;

  const bundle = path.join(stateDir, 'workflow-bundle.js');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-workflows.ts', bundle], { cwd: ROOT, stdio: 'ignore' });

  process.env.TEST_RUN_ID = runId;
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  process.env.TEST_TEMPORAL = server.kind;
  process.env.TEST_TEMPORAL_BIN = bin;
  process.env.TEST_WORKFLOW_BUNDLE = bundle;
  process.env.TEST_STATE_DIR = stateDir;
}
