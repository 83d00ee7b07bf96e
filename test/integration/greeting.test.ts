// Notices say what matters: people of a company group who open the bot learn what they can do
// there (registration by IIN offered, not demanded), admins see what waits for them, a violation
// without a penalty rule is reported without an amount, and /setup says which penalties are on.
import { DEFAULT_RULES, type AttendanceRules } from '../../domain/attendance-rules';
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';

let stack: Stack;
let tenantId: number;
let setupReply: SentRecord;
const group: FakeChat = { id: -1005550301, type: 'supergroup', title: 'Greeting Co' };
const boss: FakeUser = { id: 5801, first_name: 'Boss' }; // set the company up, never clocks in
const aida: FakeUser = { id: 5802, first_name: 'Aida', username: 'aida_g' }; // clocks in, never registers
const li: FakeUser = { id: 5803, first_name: 'Li' }; // registered by IIN, joins with the button
const stranger: FakeUser = { id: 5804, first_name: 'Stranger' }; // in no company
const LI_IIN = '061211600012';

/** Every day a workday from 00:00 to 23:59 with no grace: any clock-in today is late. Penalties: the defaults (none). */
const ALWAYS_LATE: Partial<AttendanceRules> = {
  workdays: [1, 2, 3, 4, 5, 6, 7],
  shiftStart: '00:00',
  shiftEnd: '23:59',
  lateGraceMinutes: 0,
  absenceAfterMinutes: 100_000,
};

/** The user says something in the group; resolves with the bot's reply to that message. */
async function inGroup(user: FakeUser, text: string): Promise<SentRecord> {
  const message = stack.fake.userSends(user, text, group);
  return stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === message.message_id, 20_000, `a reply to "${text}"`);
}

beforeAll(async () => {
  stack = await startStack({ zone: NOON_ZONE });
  stack.fake.setChatMember(group.id, boss, 'creator');
  for (const u of [aida, li]) stack.fake.setChatMember(group.id, u, 'member');
});
afterAll(async () => {
  await stack?.close();
});

describe('Setting up a company', () => {
  test('When the admin sends /setup, then the reply keeps the trial, shift and zone and says no penalties are set but violations are still reported', async () => {
    // Act
    setupReply = await inGroup(boss, '/setup');

    // Assert
    const { rows } = await stack.appPool.query('SELECT id FROM tenants WHERE telegram_chat_id = $1', [group.id]);
    tenantId = rows[0].id;
    expect(setupReply.text).toContain('Attendance is on for this group (trial until');
    expect(setupReply.text).toContain(`09:00–18:00 (${NOON_ZONE})`);
    expect(setupReply.text).toContain('No penalties are set: late arrivals, early leaving, absences and break overruns are still recorded');
    expect(setupReply.text).toContain('未设置罚款');
    // Each language's block is whole: the Chinese setup text and penalties come before the English ones.
    expect(setupReply.text.indexOf('未设置罚款')).toBeLessThan(setupReply.text.indexOf('Attendance is on'));
    expect(JSON.stringify(setupReply.replyMarkup)).toContain('clock:in');
  });

  test('When penalties are configured and /setup is sent again, then the reply lists each penalty as configured in both languages', async () => {
    // Arrange
    await stack.setRules(tenantId, {
      penalties: {
        late: { mode: 'per-minute', amount: 100_00, tiers: [{ fromMinutes: 30, mode: 'fixed', amount: 5_000_00 }], freePerMonth: 2 },
        'early-leave': { mode: 'fixed', amount: 3_000_00 },
      },
    });

    // Act
    const reply = await inGroup(boss, '/setup');

    // Assert
    expect(reply.text).toContain('already set up');
    expect(reply.text).toContain('• Late arrival: 100.00 KZT per minute; from 30 min: 5,000.00 KZT each time; the first 2 each month free');
    expect(reply.text).toContain('• Early leave: 3,000.00 KZT each time');
    expect(reply.text).toContain('• 迟到：每分钟 100.00 KZT；30 分钟起：每次 5,000.00 KZT；每月前 2 次免罚');
    expect(reply.text).not.toContain('No penalties are set');
  });
});

describe('A violation under rules without a penalty for it', () => {
  test('When a member clocks in late, then the notice says who and how many minutes with no penalty amount', async () => {
    // Arrange
    await stack.setRules(tenantId, ALWAYS_LATE);

    // Act
    expect((await inGroup(aida, '/in')).text).toContain('Aida started the day');

    // Assert: she never opened the bot, so the group is told with a mention.
    const notice = await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('min late'), 20_000, 'the late notice');
    expect(notice.text).toMatch(/<a href="tg:\/\/user\?id=5802">@aida_g<\/a> was \d+ min late\./);
    expect(notice.text).toMatch(/迟到 \d+ 分钟。/);
    expect(notice.text).not.toContain('Penalty');
    expect(notice.text).not.toContain('罚款');
    expect(notice.text).not.toContain('KZT');
    const { rows } = await stack.appPool.query("SELECT kind, amount, free FROM violations WHERE tenant_id = $1", [tenantId]);
    expect(rows).toEqual([{ kind: 'late', amount: 0, free: false }]);
  });

  test('When a break runs out under rules that do not fine overruns, then the warning does not threaten a fine', async () => {
    await stack.setRules(tenantId, { ...ALWAYS_LATE, breaks: { ...DEFAULT_RULES.breaks, smoke: { ...DEFAULT_RULES.breaks.smoke, minutesPerBreak: 0.05 } } });
    expect((await inGroup(aida, '/smoke')).text).toContain('smoke break');
    const warning = await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('break allowance'), 20_000, 'the overrun warning');
    expect(warning.text).toContain('The overrun is recorded');
    expect(warning.text).not.toContain('penalised');
    expect(warning.text).not.toContain('罚款');
    await inGroup(aida, '/back');
  });
});

describe('Opening the bot', () => {
  test('When a group member who never registered sends /start, then they see their company, what they can do and the IIN offered', async () => {
    // Act
    const answer = await stack.say(aida, '/start');

    // Assert
    expect(answer.text).toContain('👋 Hello, Aida!');
    expect(answer.text).toContain('🏢 Greeting Co\n');
    expect(answer.text).toContain('/month — see your attendance this month');
    expect(answer.text).toContain('/advance <amount> [reason] — ask for a salary advance');
    expect(answer.text).toContain('/leave <sick|personal|comp>');
    expect(answer.text).toContain('/fix <date>');
    expect(answer.text).toContain('Send your 12-digit IIN to register (optional)');
    expect(answer.text).toContain('您所在的考勤公司');
    expect(answer.text).not.toContain('(admin)');
    expect(answer.text).not.toContain('Please send your 12-digit IIN to register');
  });

  test('When that member writes something the bot does not understand, then they get the same help instead of "please register"', async () => {
    const answer = await stack.say(aida, 'hello?');

    expect(answer.text).toContain('🏢 Greeting Co');
    expect(answer.text).toContain('/leave');
    expect(answer.text).not.toContain('You are not registered yet');
  });

  test('When an admin with a pending request opens the bot, then they see how many requests wait for their decision', async () => {
    // Arrange: a member asks for leave; its copy reaches the admin.
    expect((await stack.say(aida, '/leave sick today flu')).text).toContain('went to the admins');
    await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('Leave request'), 20_000, "the admin's copy");

    // Act
    const answer = await stack.say(boss, '/start');

    // Assert
    expect(answer.text).toContain('🏢 Greeting Co (admin): requests waiting for your decision: 1');
    expect(answer.text).toContain('🏢 Greeting Co（管理员）：待您审批的申请：1');
    expect(answer.text).toContain('Send your 12-digit IIN to register (optional)');
  });

  test('When a registered employee who joined the group sends /start, then they keep their menu and see their company', async () => {
    // Arrange
    expect((await stack.register(li, LI_IIN)).text).toContain('Registered');
    expect((await stack.press(li, setupReply, 'join')).text).toContain('Li Wei joined attendance') // linked to her registration's name;

    // Act
    const answer = await stack.say(li, '/start');

    // Assert
    expect(answer.text).toContain('Registered, IIN: ••••••••0012');
    expect(answer.text).toContain('Punch notifications: on');
    expect(answer.text).toContain('🏢 Greeting Co');
    expect(answer.text).not.toContain(LI_IIN);
    expect(answer.text).not.toContain('register (optional)');
    expect(JSON.stringify(answer.replyMarkup)).toContain('notify:off');
  });

  test('When someone in no company sends /start, then they are asked for their IIN as before', async () => {
    const answer = await stack.say(stranger, '/start');

    expect(answer.text).toContain('Please send your 12-digit IIN to register');
    expect(answer.text).toContain('请发送您的12位个人身份号码');
    expect(answer.text).not.toContain('🏢');
  });
});

describe('A member\'s month', () => {
  test('When a group member who never registered asks for her month, then she sees her clock-ins in the company, not a registration demand', async () => {
    const answer = await stack.say(aida, '/month');
    expect(answer.text).toContain('🏢 Greeting Co');
    expect(answer.text).toContain('Attendance for');
    expect(answer.text).toMatch(/\d{4}-\d{2}-\d{2} {2}\d{2}:\d{2} – \d{2}:\d{2} {2}×\d+/);
    expect(answer.text).not.toContain('not registered');
  });
});
