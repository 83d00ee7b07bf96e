// `npm run dev -- --temporal postgres` runs the whole product on the production Temporal server
// backed by PostgreSQL: schemas applied, namespace and search attributes registered, the worker
// handling a BioTime punch, the Web UI answering; Ctrl-C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { createPool, ensureDatabase } from '../../db/pool';
import { prepareDemoBiotime } from '../../scripts/demo-biotime';
import { ROOT } from '../../scripts/service-process';
import { testRunEnv } from '../support/env';
import { freePort, freePortBlock } from '../support/free-port';
import { eventually } from '../support/stack';
import { freeTemporalPortBlock, temporalServerBinDir } from '../support/temporal-server';

let child: ChildProcess;
let output = '';
let exited: Promise<number | null>;

afterAll(async () => {
  // After a failure: Ctrl-C first, so that the runner stops what it started; SIGKILL only if it hangs.
  if (child && child.exitCode === null) {
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
});

test('When the product is started with --temporal postgres, then a BioTime punch runs its workflow on the PostgreSQL-backed server, the UI answers, and Ctrl-C stops it all', async () => {
  // Arrange: its own ports and databases (dropped with the run's).
  const run = testRunEnv();
  const binDir = temporalServerBinDir();
  // The runner gives the four processes and the worker's SDK five metrics ports in a row.
  const [temporalPort, uiPort, apiPort, fakePort, metricsPort] = [await freeTemporalPortBlock(), await freePort(), await freePort(), await freePort(), await freePortBlock(5)];
  const prefix = `att_${run.runId}_devpg`;
  const env = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME!,
    TEMPORAL_BIN: run.temporalBin,
    TEMPORAL_SERVER_BIN_DIR: binDir,
    DEV_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'dev-pg-')),
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    TEMPORAL_POSTGRES_DATABASE: `${prefix}_temporal`,
    DATABASE_URL: `${run.postgresUrl}/${prefix}_app`,
    BIOTIME_DATABASE_URL: `${run.postgresUrl}/${prefix}_biotime`,
    BIOTIME_START_FROM: 'beginning',
    REDIS_KEY_PREFIX: `${prefix}:`,
    API_PORT: String(apiPort),
    FAKE_TELEGRAM_PORT: String(fakePort),
    METRICS_PORT: String(metricsPort),
  };

  // The BioTime database is the test's own (a configured one, prepared like the demo's).
  await ensureDatabase(env.BIOTIME_DATABASE_URL);
  const biotimePool = createPool(env.BIOTIME_DATABASE_URL, { max: 1 });
  await prepareDemoBiotime(biotimePool, 'iclock_transaction').finally(() => biotimePool.end());

  // Act
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', '--temporal', 'postgres'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const started = await Promise.race([
    eventually(async () => output.includes('everything is running'), 150_000, 'the product to start'),
    exited.then(() => false),
  ]);
  if (!started) throw new Error(`the runner exited (${child.exitCode}) while starting:\n${output.slice(-3000)}`);

  // Assert: the server on PostgreSQL holds the namespace with the search attributes, and the worker polls it.
  expect(output).toContain(`starting the Temporal server on PostgreSQL (databases ${prefix}_temporal, ${prefix}_temporal_visibility`);
  const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const name of ['TenantId', 'MemberId', 'RequestKind']) expect(customAttributes?.[name]).toBe(temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    const pg = new PgClient({ connectionString: `${run.postgresUrl}/${prefix}_temporal` });
    await pg.connect();
    const namespaces = (await pg.query<{ name: string }>('SELECT name FROM namespaces')).rows.map((r) => r.name);
    await pg.end();
    expect(namespaces).toContain('default');

    // A punch in the demo BioTime database becomes a workflow on that server.
    const biotime = new PgClient({ connectionString: env.BIOTIME_DATABASE_URL });
    await biotime.connect();
    await biotime.query(`INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_alias) VALUES ('880101300123', now() AT TIME ZONE 'Asia/Almaty', '0', 'Dev-PG')`);
    await biotime.end();
    const client = new Client({ connection, namespace: 'default' });
    await eventually(async () => {
      for await (const wf of client.workflow.list({ query: `WorkflowType = 'punch'` })) if (wf.status.name === 'COMPLETED') return true;
      return false;
    }, 60_000, 'a completed punch workflow on the PostgreSQL-backed server');
    expect((await fetch(`http://127.0.0.1:${uiPort}/api/v1/namespaces/default`)).status).toBe(200);
  } finally {
    await connection.close();
  }

  // Ctrl-C stops everything it started.
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  await expect(Connection.connect({ address: `127.0.0.1:${temporalPort}`, connectTimeout: 1_000 }).then((c) => c.healthService.check({}))).rejects.toThrow();
}, 240_000);
