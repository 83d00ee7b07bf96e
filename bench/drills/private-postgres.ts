// A PostgreSQL instance of the drills' own (initdb + pg_ctl), so a drill can restart the app's
// database without touching the machine's shared server. initdb refuses to run as root, so as
// root its data directory belongs to the `postgres` user and every command runs as that user.
import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../test/support/free-port';

const run = promisify(execFile);
const BIN = process.env.DRILL_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';
const OWNER = 'postgres';

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port> (no database). */
  serverUrl: string;
  dir: string;
  /** `pg_ctl restart -m fast`; resolves once it accepts connections again. */
  restart(): Promise<void>;
  /** Stops the server; removes its directory unless `keep`. */
  dispose(keep: boolean): Promise<void>;
}

async function asOwner(bin: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ['runuser', ['-u', OWNER, '--', path.join(BIN, bin), ...args]] : [path.join(BIN, bin), args];
  await run(file, argv, { timeout: 120_000 });
}

async function ownerIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', OWNER]), run('id', ['-g', OWNER])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startPrivatePostgres(log: (line: string) => void): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drills-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  const logFile = path.join(dir, 'postgres.log');
  mkdirSync(socketDir);
  if (process.getuid?.() === 0) {
    const { uid, gid } = await ownerIds();
    for (const d of [dir, socketDir]) chownSync(d, uid, gid);
  }
  const port = await freePort();
  log(`private PostgreSQL: initdb in ${dataDir}, port ${port}`);
  await asOwner('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // postmaster.opts keeps these options, so `pg_ctl restart` starts it the same way.
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
  const pgCtl = (action: string, extra: string[] = []) => asOwner('pg_ctl', [action, '-D', dataDir, '-l', logFile, '-w', '-t', '60', ...extra]);
  await pgCtl('start', ['-o', options]);
  let running = true;
  return {
    serverUrl: `postgres://postgres@127.0.0.1:${port}`,
    dir,
    restart: () => pgCtl('restart', ['-m', 'fast']),
    async dispose(keep) {
      if (running) await pgCtl('stop', ['-m', 'fast']).catch((err: Error) => log(`stopping the private PostgreSQL: ${err.message}`));
      running = false;
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
