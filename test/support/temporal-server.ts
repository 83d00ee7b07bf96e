// The Temporal server a test run uses: the CLI's dev server (the default), or, with
// TEST_TEMPORAL=postgres, the production server on PostgreSQL built by
// scripts/ensure-temporal-server.sh. Both give a handle that can be stopped and started again
// with its state kept, for the tests that take Temporal down.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../scripts/temporal-dev-server';
import { freeTemporalPortBlock, startPostgresTemporal, type PostgresTemporal } from '../../scripts/temporal-postgres';

export { freeTemporalPortBlock };
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '../..');

export type TemporalKind = 'dev' | 'postgres';

export function temporalKind(): TemporalKind {
  const kind = process.env.TEST_TEMPORAL ?? 'dev';
  if (kind !== 'dev' && kind !== 'postgres') throw new Error(`TEST_TEMPORAL must be dev or postgres, not "${kind}"`);
  return kind;
}

export interface TestTemporal {
  address: string;
  kind: TemporalKind;
  /** Stops the server; its workflows are kept for start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good. */
  close(): Promise<void>;
}

/** The server binaries, built once into .tools/bin by the script (which says so). */
export function temporalServerBinDir(): string {
  return execFileSync('bash', [path.join(ROOT, 'scripts/ensure-temporal-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'] })
    .toString()
    .trim()
    .split('\n')
    .at(-1)!;
}

export interface StartOptions {
  kind: TemporalKind;
  namespaces: string[];
  /** The dev server's CLI binary. */
  devBin: string;
  /** Names this server's databases (PostgreSQL) so that the run's teardown drops them. */
  databasePrefix: string;
  postgresUrl: string;
  /** The dev server keeps state in a file (so that stop/start keeps workflows); otherwise in memory. */
  persistent: boolean;
}

export async function startTestTemporal(o: StartOptions): Promise<TestTemporal> {
  if (o.kind === 'dev') {
    const port = await freePort();
    const dbFile = o.persistent ? path.join(mkdtempSync(path.join(os.tmpdir(), 'temporal-test-')), 'temporal.sqlite') : undefined;
    const start = () => startDevServer({ bin: o.devBin, port, headless: true, dbFile, namespaces: o.namespaces.filter((n) => n !== 'default') });
    let server: DevServer = await start();
    return {
      address: server.address,
      kind: 'dev',
      stop: () => server.stop(),
      start: async () => {
        server = await start();
      },
      close: () => server.stop(),
    };
  }
  const server: PostgresTemporal = await startPostgresTemporal({
    binDir: temporalServerBinDir(),
    stateDir: mkdtempSync(path.join(os.tmpdir(), 'temporal-pg-')),
    postgresUrl: o.postgresUrl,
    database: `${o.databasePrefix}_temporal`,
    visibilityDatabase: `${o.databasePrefix}_temporal_visibility`,
    port: await freeTemporalPortBlock(),
    namespaces: o.namespaces,
  });
  return {
    address: server.address,
    kind: 'postgres',
    stop: () => server.stopServer(),
    start: () => server.startServer(),
    close: () => server.stop(),
  };
}
