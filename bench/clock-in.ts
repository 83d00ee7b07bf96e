// `npm run bench:clock-in -- [--count 1000] [--members 100] [--rate 20]`
// Group clock-in handling latency: the fake Bot API hands the bot an update (a member sends
// /in, /smoke, /back … in the group) and we time until the bot's reply reaches the fake.
// The whole stack runs (bot, worker, Temporal dev server), since every accepted clock-in also
// starts its punch workflow. Prints one JSON document.
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { FakeChat, FakeUser } from '../test/support/fake-telegram/types';
import { startBenchStack } from './bench-stack';
import { peakRssMb, summarize } from './stats';

const TOKEN = '555000556:BENCH-token-for-the-fake-bot-api';

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      members: { type: 'string', default: '100' },
      rate: { type: 'string', default: '20' },
    },
  });
  const count = Number(values.count);
  const memberCount = Number(values.members);
  const rate = Number(values.rate);
  const group: FakeChat = { id: -1005550001, type: 'supergroup', title: 'Bench Co' };
  const admin: FakeUser = { id: 900, first_name: 'Admin' };
  const stack = await startBenchStack('clock-in', TOKEN, group, admin);
  const { fake, bot } = stack;

  // Each member: /in, then /break and /back alternating — every one a valid move.
  const members: FakeUser[] = Array.from({ length: memberCount }, (_, i) => ({ id: 10_000 + i, first_name: `M${i}` }));
  const script = (n: number) => (n === 0 ? '/in' : n % 2 === 1 ? '/break' : '/back');
  const latencies: number[] = [];
  const refused: number[] = [];
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const member = members[i % memberCount]!;
    const text = script(Math.floor(i / memberCount));
    const sentAt = Date.now();
    const message = fake.userSends(member, text, group);
    inflight.push(
      fake.waitForSent((s) => s.chatId === group.id && s.replyTo === message.message_id, 60_000).then((reply) => {
        latencies.push(reply.at - sentAt);
        if (reply.text.includes('⚠️')) refused.push(i);
      }),
    );
  }
  await Promise.all(inflight);
  const seconds = (performance.now() - started) / 1000;

  const result = {
    benchmark: 'group clock-in: update offered by the Bot API -> bot reply received',
    machine: { cpus: os.cpus().length, node: process.version },
    offered: { clockIns: count, members: memberCount, ratePerSecond: rate },
    handled: latencies.length,
    refused: refused.length,
    throughputPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    latencyMs: summarize(latencies),
    botPeakRssMb: await peakRssMb(bot.child.pid!),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  await stack.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
