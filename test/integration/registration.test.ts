// Registering in the private chat, and everything a registered employee can do there.
import { iinCheckDigit } from '../../domain/iin';
import { startStack, type Stack } from '../support/stack';

const AIDA_IIN = '791028302728';
const LI_IIN = '061211600012';
const NOT_IN_DIRECTORY = '900101400013'; // a valid IIN that is nobody's in the directory

let stack: Stack;
let nextUserId = 7000;
const newUser = (name: string) => ({ id: ++nextUserId, first_name: name });

async function memberRows() {
  const { rows } = await stack.appPool.query('SELECT telegram_user_id, iin, active, notify FROM members ORDER BY id');
  return rows;
}

beforeAll(async () => {
  stack = await startStack({ services: ['worker', 'listener', 'bot'] });
});
afterAll(async () => {
  await stack?.close();
});

describe('Registering with an IIN', () => {
  test('When a new user sends /start, then the bot asks for the IIN in both languages', async () => {
    const answer = await stack.say(newUser('Nurlan'), '/start');
    expect(answer.text).toContain('请发送您的12位个人身份号码');
    expect(answer.text).toContain('Please send your 12-digit IIN');
  });

  test.each([
    ['12345678', 'An IIN is exactly 12 digits'],
    ['791028702728', 'the 7th digit must be 1 to 6'],
    ['791328302728', 'not a valid birth date'],
    ['791028302729', 'the check digit is wrong'],
    ['821214240092', 'the check digit is wrong'],
  ])('When the IIN %s is malformed, then the bot says why and stores nothing', async (iin, reason) => {
    const before = await memberRows();
    const answer = await stack.register(newUser('Typo'), iin);
    expect(answer.text).toContain(reason);
    expect(answer.text).toMatch(/[\u4e00-\u9fff]/); // the Chinese half is there too
    expect(await memberRows()).toEqual(before);
  });

  test('When a valid IIN is not in the employee directory, then it is refused and nothing is stored', async () => {
    const before = await memberRows();
    const answer = await stack.register(newUser('Stranger'), NOT_IN_DIRECTORY);
    expect(answer.text).toContain('not in the employee directory');
    expect(await memberRows()).toEqual(before);
  });

  test('When someone keeps sending IINs that are not in the directory, then after five the bot asks them to wait and looks nothing up', async () => {
    const guesser = newUser('Guesser');
    await stack.say(guesser, '/start');
    // Valid IINs (birth dates 1985-03-01..06, check digit computed), none of them in the directory.
    const guesses = [1, 2, 3, 4, 5, 6].map((day) => {
      const digits = `85030${day}30001`.split('').map(Number);
      return `${digits.join('')}${iinCheckDigit(digits)}`;
    });
    const answers: string[] = [];
    for (const iin of guesses) answers.push((await stack.say(guesser, iin)).text);
    expect(answers.slice(0, 5).every((t) => t.includes('not in the employee directory'))).toBe(true);
    expect(answers[5]).toContain('Too many IIN attempts');
    expect(answers[5]).toContain('15 min');
  });

  test('When a directory employee sends their IIN, then they are registered under their BioTime name', async () => {
    const aida = newUser('Aida');
    const answer = await stack.register(aida, AIDA_IIN);
    expect(answer.text).toContain('Registered: Aida Nurlanova');
    const menu = stack.fake.sentTo(aida.id).at(-1)!;
    expect(menu.text).toContain('Punch notifications: on');
    expect(menu.text).not.toContain(AIDA_IIN); // only the last four digits are shown
    expect(menu.text).toContain('2728');
    const { rows } = await stack.appPool.query("SELECT action FROM audit_log WHERE actor = $1 AND action = 'member.registered'", [
      `telegram:${aida.id}`,
    ]);
    expect(rows).toHaveLength(1);
  });

  test('When another Telegram account sends an IIN that is already bound, then it is refused and the attempt is audited', async () => {
    const impostor = newUser('Impostor');
    const before = await memberRows();
    const answer = await stack.register(impostor, AIDA_IIN);
    expect(answer.text).toContain('already bound to another Telegram account');
    expect(await memberRows()).toEqual(before);
    const { rows } = await stack.appPool.query('SELECT action, payload FROM audit_log WHERE actor = $1', [`telegram:${impostor.id}`]);
    expect(rows.map((r) => r.action)).toContain('member.register.refused');
    expect(JSON.stringify(rows)).not.toContain(AIDA_IIN);
  });

  test('When a registered user sends another IIN, then they are told to unregister first', async () => {
    const li = newUser('Li');
    await stack.register(li, LI_IIN);
    const answer = await stack.say(li, AIDA_IIN);
    expect(answer.text).toContain('already registered');
    expect(answer.text).toContain('/unregister');
  });
});

describe('A registered employee', () => {
  const daniyar = { id: 7900, first_name: 'Daniyar' };
  const DANIYAR_IIN = '900101300017';

  beforeAll(async () => {
    await stack.register(daniyar, DANIYAR_IIN);
  });

  test('When they turn notifications off, then punches are recorded but not sent; on again, they are', async () => {
    expect((await stack.say(daniyar, '/notify off')).text).toContain('Punch notifications are off');
    const quietRow = await stack.insertPunch({ employee: DANIYAR_IIN });
    expect(await stack.punchOutcome(quietRow)).toMatchObject({ created: true, sent: 0 });
    expect(stack.fake.sentTo(daniyar.id).some((s) => s.text.includes('Punch recorded'))).toBe(false);

    expect((await stack.say(daniyar, '/notify on')).text).toContain('Punch notifications are on');
    await stack.insertPunch({ employee: DANIYAR_IIN, terminal: 'Back door' });
    const notice = await stack.fake.waitForSent((s) => s.chatId === daniyar.id && s.text.includes('Back door'));
    expect(notice.text).toContain('Punch recorded');
  });

  test('When they press the notifications button, then the menu flips in place', async () => {
    const menu = await stack.say(daniyar, '/start');
    expect(menu.text).toContain('Punch notifications: on');
    stack.fake.userPresses(daniyar, menu, 'notify:off');
    await stack.fake.waitForSent((s) => s.messageId === menu.messageId && s.chatId === daniyar.id && s.edits.length > 0);
    expect(menu.edits.at(-1)!.text).toContain('Punch notifications: off');
    const { rows } = await stack.appPool.query('SELECT notify FROM members WHERE telegram_user_id = $1 AND active', [daniyar.id]);
    expect(rows[0].notify).toBe(false);
    stack.fake.userPresses(daniyar, menu, 'notify:on');
    await stack.fake.waitForSent((s) => s === menu && s.edits.length > 1);
    expect(menu.edits.at(-1)!.text).toContain('Punch notifications: on');
  });

  test('When they ask for this month, then each day shows its first and last punch in local time', async () => {
    const answer = await stack.say(daniyar, '/month');
    expect(answer.text).toContain('Attendance for');
    expect(answer.text).toMatch(/\d{4}-\d{2}-\d{2} {2}\d{2}:\d{2} – \d{2}:\d{2} {2}×2/);
    expect(answer.text).toContain('1 day, 2 punches in total');
  });

  test('When they write something the bot does not understand, then it answers briefly with the menu', async () => {
    const answer = await stack.say(daniyar, 'hello?');
    expect(answer.text).toContain('I did not understand that');
    expect(answer.replyMarkup).toBeTruthy();
  });

  test('When they unregister and confirm, then punches no longer reach them and they can register again', async () => {
    const confirm = await stack.say(daniyar, '/unregister');
    expect(confirm.text).toContain('Unregister?');
    stack.fake.userPresses(daniyar, confirm, 'unregister:yes');
    await stack.fake.waitForSent((s) => s === confirm && s.edits.length > 0);
    expect(confirm.edits.at(-1)!.text).toContain('Unregistered');

    const before = stack.fake.sentTo(daniyar.id).length;
    const row = await stack.insertPunch({ employee: DANIYAR_IIN });
    await stack.punchOutcome(row);
    expect(stack.fake.sentTo(daniyar.id).length).toBe(before);

    const again = await stack.register(daniyar, DANIYAR_IIN);
    expect(again.text).toContain('Registered');
    const { rows } = await stack.appPool.query('SELECT active FROM members WHERE telegram_user_id = $1 ORDER BY id', [daniyar.id]);
    expect(rows.map((r) => r.active)).toEqual([false, true]); // history kept
  });

  test('When a stale button from an old menu is pressed, then the press is answered and nothing changes', async () => {
    const record = stack.fake.sentTo(daniyar.id)[0]!;
    const id = stack.fake.userPresses(daniyar, record, 'something-old');
    await stack.fake.waitForSent(() => stack.fake.callbackAnswers.some((a) => a.callbackQueryId === id));
    expect(stack.fake.callbackAnswers.find((a) => a.callbackQueryId === id)!.text).toContain('out of date');
  });
});

describe('In a group chat', () => {
  test('When someone sends /start in a group that is no company, then the group is greeted with the Setup button, and nobody is asked for an IIN there', async () => {
    const user = newUser('Grouper');
    const group = { id: -100123, type: 'supergroup' as const, title: 'Team' };
    stack.fake.userSends(user, '/start', group);
    const answer = await stack.fake.waitForSent((s) => s.chatId === group.id);
    expect(answer.text).toContain('A group admin can press Setup');
    expect(answer.text).not.toContain('IIN');
    expect(JSON.stringify(answer.replyMarkup)).toContain('"setup"');
  });
});
