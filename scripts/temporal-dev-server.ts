// Starts the Temporal CLI dev server (used by `npm run dev` and by the test setup) and waits
// until its frontend answers. Search attributes operators filter on are registered at start.
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_NAMES } from '../domain/temporal';

export interface DevServerOptions {
  bin: string;
  port: number;
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; in-memory when absent. */
  dbFile?: string;
  namespaces?: string[];
  headless?: boolean;
  onLog?: (line: string) => void;
}

export interface DevServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=off', 'temp_store=memory', 'mmap_size=268435456', 'cache_size=-65536'];

/**
 * The history service reads each shard's transfer queue (the tasks that put a workflow or activity
 * task on its task queue) at most 20 times a second by default. The dev server has one shard, so as
 * soon as two workflows are in flight every dispatch waits for the next read: a one-activity
 * workflow took p50 138 ms at 10 starts a second instead of 29 ms (three dispatches, each up to
 * 50 ms late). Measured with the history's event times.
 */
export const DYNAMIC_CONFIG: Record<string, number> = { 'history.transferProcessorMaxPollRPS': 200 };

export function devServerArgs(o: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(o.port), '--log-level', 'warn', '--log-format', 'json'];
  if (o.headless) args.push('--headless');
  else if (o.uiPort) args.push('--ui-port', String(o.uiPort));
  if (o.dbFile) {
    args.push('--db-filename', o.dbFile);
    // The dev server is bound by SQLite. WAL and a larger page cache doubled its throughput here
    // (~20 -> ~45 one-activity workflows/s on 2 cores); fsync made the latency tail seconds long
    // (p99 4.5 s at 20 punches/s), so it is off: state survives a process crash or restart, not
    // an OS crash. Production runs a Temporal cluster on PostgreSQL (docker-compose.yml).
    for (const pragma of SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  for (const ns of o.namespaces ?? []) args.push('--namespace', ns);
  for (const [key, value] of Object.entries(DYNAMIC_CONFIG)) args.push('--dynamic-config-value', `${key}=${value}`);
  for (const name of SEARCH_ATTRIBUTE_NAMES) args.push('--search-attribute', `${name}=Keyword`);
  return args;
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  const child = spawn(o.bin, devServerArgs(o), { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) o.onLog?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const address = `127.0.0.1:${o.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== null) throw new Error(`the Temporal dev server exited with code ${exited} while starting`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.healthService.check({});
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the Temporal dev server did not answer on ${address}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  return {
    address,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}
