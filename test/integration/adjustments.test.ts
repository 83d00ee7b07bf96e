// Company admins issue penalties and bonuses in the group; the member is told at once.
import type { FakeChat, FakeMessage, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { eventually, startStack, type Stack } from '../support/stack';

let stack: Stack;
const group: FakeChat = { id: -1006660001, type: 'supergroup', title: 'Bonus Co' };
const boss: FakeUser = { id: 6601, first_name: 'Boss' };
const aida: FakeUser = { id: 6602, first_name: 'Aida', username: 'aida_b' }; // opened the bot
const bolat: FakeUser = { id: 6603, first_name: 'Bolat', username: 'bolat' }; // did not
const sly: FakeUser = { id: 6604, first_name: 'Sly' };

/** Someone sends a command in the group, optionally as a reply; resolves with the bot's reply. */
async function command(user: FakeUser, text: string, replyTo?: FakeMessage): Promise<SentRecord> {
  const message = stack.fake.userSends(user, text, group, replyTo);
  return stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === message.message_id);
}

const adjustments = async () =>
  (await stack.appPool.query('SELECT a.kind, a.amount, a.currency, a.reason, m.telegram_user_id FROM adjustments a JOIN members m ON m.id = a.member_id ORDER BY a.id')).rows;

beforeAll(async () => {
  stack = await startStack();
  stack.fake.setChatMember(group.id, boss, 'administrator');
  stack.fake.setChatMember(group.id, sly, 'member');
  const setup = stack.fake.userSends(boss, '/setup', group);
  await stack.fake.waitForSent((s) => s.replyTo === setup.message_id);
  await stack.say(aida, '/start');
  for (const u of [aida, bolat]) {
    const m = stack.fake.userSends(u, '/in', group);
    await stack.fake.waitForSent((s) => s.replyTo === m.message_id);
  }
});
afterAll(async () => {
  await stack?.close();
});

test('When an admin replies to a member with /penalty, then it is recorded and the member is told privately', async () => {
  const said = stack.fake.userSends(aida, 'sorry, overslept', group);
  const ack = await command(boss, '/penalty 1500 late for the client meeting', said);
  expect(ack.text).toContain('Penalty of 1,500.00 KZT recorded for @aida_b');
  const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('penalty of'), 20_000, 'the penalty notice');
  expect(notice.text).toContain('1,500.00 KZT');
  expect(notice.text).toContain('Reason: late for the client meeting');
  expect(notice.text).toContain('罚款');
  expect(await adjustments()).toEqual([
    { kind: 'penalty', amount: 150000, currency: 'KZT', reason: 'late for the client meeting', telegram_user_id: aida.id },
  ]);
  const audit = await stack.appPool.query("SELECT actor FROM audit_log WHERE action = 'adjustment.penalty'");
  expect(audit.rows).toEqual([{ actor: `telegram:${boss.id}` }]);
});

test('When an admin names a member with /bonus @username, then a member without a private chat is told in the group with a mention', async () => {
  const ack = await command(boss, '/bonus @bolat 20000,50 best month');
  expect(ack.text).toContain('Bonus of 20,000.50 KZT recorded for @bolat');
  const notice = await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('bonus of'), 20_000, 'the bonus notice');
  expect(notice.text).toContain(`<a href="tg://user?id=${bolat.id}">@bolat</a>`);
  expect((await adjustments()).at(-1)).toMatchObject({ kind: 'bonus', amount: 2000050 });
});

test('Anyone who is not an admin is refused and nothing is recorded', async () => {
  const before = await adjustments();
  const said = stack.fake.userSends(aida, 'hi', group);
  expect((await command(sly, '/penalty 100 because', said)).text).toContain('Only a group admin can do this');
  expect((await command(sly, '/bonus @sly 1000000 me')).text).toContain('Only a group admin can do this');
  expect(await adjustments()).toEqual(before);
});

test('Bad input gets a clear answer and records nothing', async () => {
  const before = await adjustments();
  const said = stack.fake.userSends(aida, 'hello', group);
  expect((await command(boss, '/penalty abc late', said)).text).toContain('The amount must be a positive number');
  expect((await command(boss, '/penalty -5 late', said)).text).toContain('The amount must be a positive number');
  expect((await command(boss, '/penalty 1.234 late', said)).text).toContain('at most 2 decimals');
  expect((await command(boss, '/penalty 500', said)).text).toContain('Please give a reason');
  expect((await command(boss, '/penalty 500 no target')).text).toContain('Usage: reply to a member');
  expect((await command(boss, '/bonus @nobody 500 who')).text).toContain('I do not know that member yet');
  expect(await adjustments()).toEqual(before);
});

test('When the same command reaches the bot twice, then it is issued once', async () => {
  const before = (await adjustments()).length;
  const said = stack.fake.userSends(aida, 'again', group);
  // Telegram re-delivers an update the bot did not confirm (e.g. after a restart).
  const message = stack.fake.userSends(boss, '/penalty 10 test', group, said);
  stack.fake.pushUpdate({ message });
  await eventually(async () => (await adjustments()).length === before + 1, 15_000, 'the adjustment');
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await adjustments()).length).toBe(before + 1);
});
