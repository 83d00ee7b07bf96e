// The parent's side of bench/fake-telegram-process.ts: what it received, as the in-process fake shows it.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BotLimitEntry } from '../test/support/fake-telegram/server';

type Report = { type: 'ready'; apiRoot: string } | { type: 'sent'; batch: Array<{ text: string; at: number }>; checks: BotLimitEntry[]; floodRefusals: number } | { type: 'reset-done' };

export class RemoteFakeTelegram {
  readonly sent: Array<{ text: string; at: number }> = [];
  readonly botLimitLog: BotLimitEntry[] = [];
  floodRefusals = 0;
  apiRoot = '';
  private child: ChildProcess | null = null;
  private waiters: Array<{ type: string; resolve: () => void }> = [];

  constructor(private readonly token: string) {}

  async start(): Promise<string> {
    const child = fork(path.join(__dirname, 'fake-telegram-process.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, FAKE_TELEGRAM_TOKEN: this.token },
    });
    this.child = child;
    child.on('message', (report: Report) => {
      if (report.type === 'ready') this.apiRoot = report.apiRoot;
      if (report.type === 'sent') {
        this.sent.push(...report.batch);
        this.botLimitLog.push(...report.checks);
        this.floodRefusals = report.floodRefusals;
      }
      for (const w of this.waiters.filter((x) => x.type === report.type)) w.resolve();
      this.waiters = this.waiters.filter((x) => x.type !== report.type);
    });
    await this.next('ready');
    return this.apiRoot;
  }

  limitBot(limit: { messages: number; windowMs: number }): void {
    this.botLimitLog.length = 0;
    this.child?.send({ type: 'limitBot', limit });
  }

  /** Forgets what was received so far (on both sides). */
  async reset(): Promise<void> {
    const done = this.next('reset-done');
    this.child?.send({ type: 'reset' });
    await done;
    this.sent.splice(0, this.sent.length);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ type: 'stop' });
    await exited;
  }

  private next(type: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ type, resolve }));
  }
}
