// Runs one of the product's processes (worker, listener, bot, api) as a child, the way production
// does, and reports when it logged that it is ready. Used by `npm run dev` and the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

export const SERVICE_ENTRIES = {
  worker: 'workers/worker.ts',
  listener: 'workers/biotime-listener.ts',
  bot: 'bot/main.ts',
  api: 'api/main.ts',
  'fake-telegram': 'scripts/fake-telegram.ts',
} as const;
export type ServiceName = keyof typeof SERVICE_ENTRIES;

const READY_LINES: Record<ServiceName, string> = {
  worker: 'worker ready',
  listener: 'listener ready',
  bot: 'bot ready',
  api: 'api ready',
  'fake-telegram': 'fake Bot API ready',
};

export interface ServiceOptions {
  env: NodeJS.ProcessEnv;
  /** Each output line goes here (prefixing for the console, or a file for tests). */
  onLine?: (line: string) => void;
  logFile?: string;
  readyTimeoutMs?: number;
}

export class ServiceProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  private readonly lines: string[] = [];
  private readonly file: WriteStream | null;

  constructor(readonly name: ServiceName, options: ServiceOptions) {
    this.file = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
    // SERVICE_NODE_ARGS: flags Node refuses in NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = options.env.SERVICE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
    this.child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SERVICE_ENTRIES[name]], {
      cwd: ROOT,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));

    let markReady: () => void = () => undefined;
    let failReady: (err: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    const timer = setTimeout(
      () => failReady(new Error(`${name} did not become ready in time; last output:\n${this.tail()}`)),
      options.readyTimeoutMs ?? 60_000,
    );
    void this.exited.then((code) => {
      clearTimeout(timer);
      failReady(new Error(`${name} exited with code ${code} before it was ready; last output:\n${this.tail()}`));
    });

    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.trim()) continue;
        this.lines.push(line);
        if (this.lines.length > 200) this.lines.shift();
        this.file?.write(`${line}\n`);
        options.onLine?.(line);
        if (line.includes(`"msg":"${READY_LINES[name]}"`) || line.includes(READY_LINES[name])) {
          clearTimeout(timer);
          markReady();
        }
      }
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    // Avoid unhandled rejections when nobody awaits readiness after an early exit.
    this.ready.catch(() => undefined);
  }

  tail(count = 30): string {
    return this.lines.slice(-count).join('\n');
  }

  /** Graceful stop: SIGTERM, then SIGKILL if it lingers. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.closeFile();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    this.closeFile();
  }

  /** A crash: no chance to clean up. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
    this.closeFile();
  }

  private closeFile() {
    this.file?.end();
  }
}
