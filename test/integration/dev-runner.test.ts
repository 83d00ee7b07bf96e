// `npm run dev` cleans up after itself: when a step fails after the Temporal dev server has
// started, the server is stopped before the runner exits, and nothing is left listening.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/service-process';
import { testRunEnv } from '../support/env';
import { freePort } from '../support/free-port';

/** Runs the dev runner to its end; resolves with its exit code and output. */
function runDev(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TEMPORAL_BIN: testRunEnv().temporalBin, DEV_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'dev-runner-')), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Temporal dev servers started with this gRPC port that are still alive. */
function temporalProcessesOn(port: number): string[] {
  return execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n').filter((l) => l.includes('start-dev') && l.includes(`--port ${port} `));
}

test('When the database refuses after the Temporal dev server started, then the runner stops the server and exits, leaving nothing listening', async () => {
  // Arrange: free ports for Temporal, and a database URL whose port nobody listens on.
  const [temporalPort, uiPort, deadPort] = await Promise.all([freePort(), freePort(), freePort()]);

  // Act
  const { code, output } = await runDev({
    TEMPORAL_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(uiPort),
    DATABASE_URL: `postgres://postgres@127.0.0.1:${deadPort}/attendance`,
  });

  // Assert: it did get as far as starting Temporal, then failed, cleaned up and said why.
  expect(output).toContain('starting the Temporal dev server');
  expect(output).toContain('failed to start');
  expect(output).toContain('stopped');
  expect(code).toBe(1);
  expect(await listening(temporalPort)).toBe(false);
  expect(await listening(uiPort)).toBe(false);
  expect(temporalProcessesOn(temporalPort)).toEqual([]);
});

test('When a variable is invalid, then the runner names it and exits before starting anything', async () => {
  const temporalPort = await freePort();
  const { code, output } = await runDev({ TEMPORAL_PORT: String(temporalPort), BIOTIME_TABLE: 'punches' });
  expect(code).toBe(1);
  expect(output).toContain('BIOTIME_TABLE');
  expect(output).not.toContain('starting the Temporal dev server');
  expect(temporalProcessesOn(temporalPort)).toEqual([]);
});
