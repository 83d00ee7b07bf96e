// `npm run bench:clock-in -- [--count 1000] [--members 100] [--rate 20]`
// Group clock-in handling latency: the fake Bot API hands the bot an update (a member sends
// /in, /smoke, /back … in the group) and we time until the bot's reply reaches the fake.
// The whole stack runs (bot, worker, Temporal dev server), since every accepted clock-in also
// starts its punch workflow. Prints one JSON document.
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { FakeChat, FakeUser } from '../test/support/fake-telegram/types';
import { paced, startBenchStack } from './bench-stack';
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
  const { results, seconds } = await paced(count, rate, async (i) => {
    const sentAt = Date.now();
    const message = fake.userSends(members[i % memberCount]!, script(Math.floor(i / memberCount)), group);
    const reply = await fake.waitForSent((s) => s.chatId === group.id && s.replyTo === message.message_id, 60_000);
    return { latency: reply.at - sentAt, refused: reply.text.includes('⚠️') };
  });
  const latencies = results.map((r) => r.latency);

  const result = {
    benchmark: 'group clock-in: update offered by the Bot API -> bot reply received',
    machine: { cpus: os.cpus().length, node: process.version },
    offered: { clockIns: count, members: memberCount, ratePerSecond: rate },
    handled: latencies.length,
    refused: results.filter((r) => r.refused).length,
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
