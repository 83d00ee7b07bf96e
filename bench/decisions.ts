// `npm run bench:decisions -- [--count 200] [--rate 10]`
// The approval path end to end, through the real bot, worker and Temporal dev server: members
// ask for an advance privately, the admin approves each with the button. Times, per request:
// the member's acknowledgement, the admin's copy arriving, the button's answer (the `decide`
// Update's round trip) and the member hearing the outcome. Prints one JSON document.
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { FakeChat, FakeUser, SentRecord } from '../test/support/fake-telegram/types';
import { paced, startBenchStack } from './bench-stack';
import { peakRssMb, summarize } from './stats';

const TOKEN = '555000557:BENCH-token-for-the-fake-bot-api';

async function main() {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '200' }, rate: { type: 'string', default: '10' } } });
  const count = Number(values.count);
  const rate = Number(values.rate);
  const group: FakeChat = { id: -1005550002, type: 'supergroup', title: 'Bench Co' };
  const admin: FakeUser = { id: 901, first_name: 'Admin' };
  const stack = await startBenchStack('decisions', TOKEN, group, admin);
  const { fake, bot, worker } = stack;

  // Every member opens the bot and joins the company by clocking in once.
  const members: FakeUser[] = Array.from({ length: count }, (_, i) => ({ id: 20_000 + i, first_name: `M${i}` }));
  for (const member of members) {
    fake.setChatMember(group.id, member, 'member');
    fake.userSends(member, '/start');
    await fake.waitForSent((s) => s.chatId === member.id, 30_000, 'the answer to /start');
    const joined = fake.userSends(member, '/in', group);
    await fake.waitForSent((s) => s.replyTo === joined.message_id, 30_000, 'join');
  }

  // Joining clocked everyone in (late, at most hours): let those notices drain before timing.
  for (let seen = -1; seen !== fake.sent.length; ) {
    seen = fake.sent.length;
    await new Promise((r) => setTimeout(r, 3_000));
  }

  // Phase 1: the requests.
  const copies = new Map<number, SentRecord>();
  const asked = await paced(count, rate, async (i) => {
    const member = members[i]!;
    const sentAt = Date.now();
    const reason = `bench-${i}`;
    fake.userSends(member, `/advance 100 ${reason}`);
    const ack = await fake.waitForSent((s) => s.chatId === member.id && s.text.includes('went to the admins'), 120_000, `ack ${i}`);
    const copy = await fake.waitForSent((s) => s.chatId === admin.id && s.text.includes(`${reason}\n`), 120_000, `copy ${i}`);
    copies.set(i, copy);
    return { ackMs: ack.at - sentAt, copyMs: copy.at - sentAt };
  });

  // Phase 2: the decisions.
  const decided = await paced(count, rate, async (i) => {
    const member = members[i]!;
    const copy = copies.get(i)!;
    const data = (copy.replyMarkup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard[0]![0]!.callback_data;
    const pressedAt = Date.now();
    const id = fake.userPresses(admin, copy, data);
    await fake.waitForSent(() => fake.callbackAnswers.some((a) => a.callbackQueryId === id), 120_000, `answer ${i}`);
    const answer = fake.callbackAnswers.find((a) => a.callbackQueryId === id)!;
    const told = await fake.waitForSent((s) => s.chatId === member.id && s.text.includes('was approved'), 120_000, `outcome ${i}`);
    return { answerMs: answer.at - pressedAt, toldMs: told.at - pressedAt, approved: (answer.text ?? '').includes('Approved') };
  });

  const result = {
    benchmark: 'advance requests: member asks privately, admin approves with the button',
    machine: { cpus: os.cpus().length, node: process.version },
    offered: { requests: count, ratePerSecond: rate },
    requests: {
      throughputPerSecond: Math.round((count / asked.seconds) * 10) / 10,
      acknowledgedMs: summarize(asked.results.map((r) => r.ackMs)),
      adminCopyMs: summarize(asked.results.map((r) => r.copyMs)),
    },
    decisions: {
      approved: decided.results.filter((r) => r.approved).length,
      throughputPerSecond: Math.round((count / decided.seconds) * 10) / 10,
      buttonAnsweredMs: summarize(decided.results.map((r) => r.answerMs)),
      employeeToldMs: summarize(decided.results.map((r) => r.toldMs)),
    },
    botPeakRssMb: await peakRssMb(bot.child.pid!),
    workerPeakRssMb: await peakRssMb(worker.child.pid!),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  await stack.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
