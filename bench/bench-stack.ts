// The whole product for a Telegram-facing benchmark: its own Temporal dev server and databases,
// the fake Bot API in this process, the real bot and worker, and a group set up by its creator.
import path from 'node:path';
import { ServiceProcess } from '../scripts/service-process';
import { startDevServer } from '../scripts/temporal-dev-server';
import { FakeTelegram } from '../test/support/fake-telegram/server';
import type { FakeChat, FakeUser } from '../test/support/fake-telegram/types';
import { benchServiceEnv, createBenchWorkspace } from './bench-databases';

/**
 * Starts `each(0..count-1)` at `rate` per second without waiting for earlier ones (an open load),
 * then waits for all of them.
 */
export async function paced<T>(count: number, rate: number, each: (i: number) => Promise<T>): Promise<{ results: T[]; seconds: number }> {
  const started = performance.now();
  const inflight: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(each(i));
  }
  const results = await Promise.all(inflight);
  return { results, seconds: (performance.now() - started) / 1000 };
}

export interface BenchStack {
  fake: FakeTelegram;
  bot: ServiceProcess;
  worker: ServiceProcess;
  stop(): Promise<void>;
}

export async function startBenchStack(name: string, token: string, group: FakeChat, creator: FakeUser): Promise<BenchStack> {
  const workspace = await createBenchWorkspace(name);
  const temporal = await startDevServer({
    bin: process.env.TEMPORAL_BIN ?? path.resolve(__dirname, '../.tools/bin/temporal'),
    port: 18_233 + Math.floor(Math.random() * 1000),
    headless: true,
    dbFile: path.join(workspace.workDir, 'temporal.sqlite'),
  });
  const fake = new FakeTelegram({ token });
  await fake.start();
  const env = benchServiceEnv(workspace, { temporalAddress: temporal.address, apiRoot: fake.apiRoot, token });
  const bot = new ServiceProcess('bot', { env, logFile: path.join(workspace.workDir, 'bot.log') });
  const worker = new ServiceProcess('worker', { env, logFile: path.join(workspace.workDir, 'worker.log') });
  await Promise.all([bot.ready, worker.ready]);

  fake.setChatMember(group.id, creator, 'creator');
  const setup = fake.userSends(creator, '/setup', group);
  await fake.waitForSent((s) => s.replyTo === setup.message_id && s.chatId === group.id, 30_000, 'setup');

  return {
    fake,
    bot,
    worker,
    async stop() {
      await Promise.all([bot.stop(), worker.stop()]);
      await fake.stop();
      await temporal.stop();
      await workspace.dispose();
    },
  };
}
