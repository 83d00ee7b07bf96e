// A company runs its team in a Telegram supergroup: an admin sets it up, people clock in, and
// the company's rules judge every clock-in the moment it happens.
import { breakWatchId } from '../../domain/signals';
import { DEFAULT_RULES, type AttendanceRules } from '../../domain/attendance-rules';
import { recordGroupClockIn } from '../../db/repositories/clock-ins';
import { saveRules } from '../../db/repositories/rules';
import { createTenantScopedPool } from '../../db/tenant-scope';
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { eventually, sleep, startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';

// Shifts here are built from the wall clock: in a zone where it is noon, none straddles midnight.
const ZONE = NOON_ZONE;

let stack: Stack;
const group: FakeChat = { id: -1001234567890, type: 'supergroup', title: 'Acme Almaty' };
const boss: FakeUser = { id: 4001, first_name: 'Boss', username: 'boss' };
const aida: FakeUser = { id: 4002, first_name: 'Aida', username: 'aida_n' }; // has a private chat with the bot
const bolat: FakeUser = { id: 4003, first_name: 'Bolat' }; // never opened the bot privately
const chen: FakeUser = { id: 4004, first_name: 'Chen', username: 'chen' };
const dana: FakeUser = { id: 4005, first_name: 'Dana' };
const erlan: FakeUser = { id: 4006, first_name: 'Erlan' };

const groupMessages = () => stack.fake.sentTo(group.id);
const lastCallbackAnswer = (id: string) => stack.fake.callbackAnswers.find((a) => a.callbackQueryId === id);
const tenantRow = async (chatId = group.id) =>
  (await stack.appPool.query('SELECT * FROM tenants WHERE telegram_chat_id = $1', [chatId])).rows[0];
const punchesOf = async (user: FakeUser) =>
  (await stack.appPool.query('SELECT p.kind FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 ORDER BY p.id', [user.id])).rows.map((r) => r.kind);

/** The user says something in the group; resolves with the bot's reply to that message. */
async function inGroup(user: FakeUser, text: string, chat: FakeChat = group): Promise<SentRecord> {
  const message = stack.fake.userSends(user, text, chat);
  return stack.fake.waitForSent((s) => s.chatId === chat.id && s.replyTo === message.message_id, 15_000, `a reply to "${text}"`);
}

async function press(user: FakeUser, record: SentRecord, data: string): Promise<{ text?: string; showAlert: boolean }> {
  const id = stack.fake.userPresses(user, record, data);
  await stack.fake.waitForSent(() => !!lastCallbackAnswer(id), 15_000, `the answer to pressing ${data}`);
  return lastCallbackAnswer(id)!;
}

const hhmm = (offsetMinutes: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(Date.now() + offsetMinutes * 60_000));

let keyboard: SentRecord;

beforeAll(async () => {
  stack = await startStack({ zone: ZONE });
  stack.fake.setChatMember(group.id, boss, 'creator');
  for (const u of [aida, bolat, chen, dana, erlan]) stack.fake.setChatMember(group.id, u, 'member');
});
afterAll(async () => {
  await stack?.close();
});

describe('Onboarding a company', () => {
  test('When the bot is added to a group, then it greets in both languages and offers setup', async () => {
    stack.fake.pushUpdate({
      my_chat_member: {
        chat: group, from: boss, date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: 'left', user: stack.fake.botUser },
        new_chat_member: { status: 'member', user: stack.fake.botUser },
      },
    });
    const hello = await stack.fake.waitForSent((s) => s.chatId === group.id);
    expect(hello.text).toContain('群管理员');
    expect(hello.text).toContain('A group admin can press Setup');
    expect(JSON.stringify(hello.replyMarkup)).toContain('"callback_data":"setup"');
  });

  test('When a non-admin sends /setup or presses Setup, then it is refused and no company is created', async () => {
    expect((await inGroup(aida, '/setup')).text).toContain('Only a group admin can set up attendance');
    const answer = await press(aida, groupMessages()[0]!, 'setup');
    expect(answer).toMatchObject({ showAlert: true });
    expect(answer.text).toContain('只有群管理员');
    expect(await tenantRow()).toBeUndefined();
  });

  test('When the group admin sends /setup, then the group becomes a company on trial with default rules and a clock-in keyboard', async () => {
    keyboard = await inGroup(boss, '/setup');
    expect(keyboard.text).toContain('Attendance is on for this group');
    expect(keyboard.text).toContain('09:00–18:00');
    expect(JSON.stringify(keyboard.replyMarkup)).toContain('clock:in');
    const tenant = await tenantRow();
    expect(tenant).toMatchObject({ kind: 'group', subscription_state: 'trial', name: 'Acme Almaty' });
    const trialDays = (new Date(tenant.trial_ends_at).getTime() - Date.now()) / 86_400_000;
    expect(trialDays).toBeGreaterThan(13.9);
    expect(trialDays).toBeLessThan(14.1);
    const rules = await stack.appPool.query('SELECT rules FROM tenant_rules WHERE tenant_id = $1', [tenant.id]);
    expect(rules.rows[0].rules).toMatchObject({ shiftStart: '09:00', shiftEnd: '18:00', timeZone: ZONE });

    // Today's shift started 20 minutes ago and ends in an hour; every day is a workday.
    const testRules: AttendanceRules = {
      ...DEFAULT_RULES,
      timeZone: ZONE,
      workdays: [1, 2, 3, 4, 5, 6, 7],
      shiftStart: hhmm(-20),
      shiftEnd: hhmm(60),
      lateGraceMinutes: 5,
      earlyLeaveGraceMinutes: 5,
      breaks: { lunch: { minutesPerBreak: 60, breaksPerDay: 1 }, short: { minutesPerBreak: 10, breaksPerDay: 2 }, smoke: { minutesPerBreak: 0.05, breaksPerDay: 3 } },
      penalties: {
        late: { mode: 'per-minute', amount: 100_00 },
        'early-leave': { mode: 'fixed', amount: 3_000_00 },
        'break-overrun': { mode: 'fixed', amount: 500_00 },
      },
    };
    await stack.appPool.query('DELETE FROM tenant_rules WHERE tenant_id = $1', [tenant.id]);
    await saveRules(stack.appPool, tenant.id, '2000-01-01', testRules, 'test');
  });

  test('When an admin sends /setup again, then nothing is created twice', async () => {
    expect((await inGroup(boss, '/setup')).text).toContain('already set up');
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM tenants WHERE kind = $1', ['group'])).rows[0].n).toBe(1);
  });
});

describe('Clocking in', () => {
  test('When someone presses Join, then they become a member', async () => {
    const answer = await press(dana, keyboard, 'join');
    expect(answer.text).toContain('Dana joined attendance');
    const { rows } = await stack.appPool.query('SELECT active FROM members WHERE telegram_user_id = $1', [dana.id]);
    expect(rows).toEqual([{ active: true }]);
  });

  test('When a member who opened the bot arrives 20 minutes late, then the late penalty is sent to them directly', async () => {
    await stack.say(aida, '/start');
    const answer = await press(aida, keyboard, 'clock:in');
    expect(answer).toMatchObject({ showAlert: false });
    expect(answer.text).toMatch(/Aida started the day at \d\d:\d\d/);

    const notice = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('late'), 20_000, 'the late notice');
    expect(notice.text).toMatch(/@aida_n was 2[01] min late\. Penalty: 2,[01]00\.00 KZT/);
    expect(notice.text).toMatch(/迟到 2[01] 分钟/);
    const { rows } = await stack.appPool.query(
      "SELECT v.kind, v.minutes, v.amount, v.currency FROM violations v JOIN members m ON m.id = v.member_id WHERE m.telegram_user_id = $1",
      [aida.id],
    );
    expect(rows).toEqual([{ kind: 'late', minutes: expect.any(Number), amount: rows[0].minutes * 100_00, currency: 'KZT' }]);
  });

  test('When a member who never opened the bot is late by command, then the group is told, by name', async () => {
    const reply = await inGroup(bolat, '/in');
    expect(reply.text).toContain('Bolat started the day');
    const notice = await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('</a> was'), 20_000, 'the late notice in the group');
    expect(notice.text).toContain('<a href="tg://user?id=4003">Bolat</a> was');
    expect(notice.text).toContain('Penalty');
  });

  test('When a member ends the day an hour early, then the early-departure penalty follows', async () => {
    await inGroup(bolat, '/out');
    const notice = await stack.fake.waitForSent((s) => s.chatId === group.id && s.text.includes('Bolat</a> left'), 20_000, 'the early-leave notice');
    expect(notice.text).toMatch(/left (59|60|61) min early\. Penalty: 3,000\.00 KZT/);
  });

  test('Every impossible move is refused with a reason, and the day is unchanged', async () => {
    const before = await punchesOf(bolat);
    expect(before).toEqual(['check-in', 'check-out']);
    expect((await inGroup(bolat, '/in')).text).toContain('You have already ended the day');
    expect((await inGroup(bolat, '/smoke')).text).toContain('already ended the day');
    expect((await inGroup(bolat, '/out')).text).toContain('already ended the day');

    expect((await inGroup(chen, '/back')).text).toContain('You are not on a break');
    expect((await inGroup(chen, '/smoke')).text).toContain('You have not started the day yet');
    expect((await inGroup(chen, '/out')).text).toContain('You have not started the day yet');
    await inGroup(chen, '/in');
    expect((await inGroup(chen, '/in')).text).toContain('You have already started the day');
    expect((await inGroup(chen, '/back')).text).toContain('not on a break');
    await inGroup(chen, '/lunch');
    expect((await inGroup(chen, '/break')).text).toContain('already on a break');
    expect((await inGroup(chen, '/out')).text).toContain('Clock back from your break before ending the day');

    expect(await punchesOf(bolat)).toEqual(before);
    expect(await punchesOf(chen)).toEqual(['check-in', 'break-out']);
  });

  test('When a smoke break overruns its allowance, then the member is told at once and the overrun is penalised on return', async () => {
    await inGroup(aida, '/smoke'); // allowance: 3 seconds
    const warning = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('break allowance'), 20_000, 'the overrun warning');
    expect(warning.text).toContain('休息时间');
    expect(warning.text).toContain('Overrun is penalised by the rules');
    // Back a moment after the warning: clock-ins are timed to the second, so the overrun is whole.
    await new Promise((r) => setTimeout(r, 1_100));
    await inGroup(aida, '/back');
    const penalty = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('overran the break'), 20_000, 'the overrun penalty');
    expect(penalty.text).toContain('Penalty: 500.00 KZT');
    const { rows } = await stack.appPool.query(
      "SELECT v.kind, v.break_type FROM violations v JOIN members m ON m.id = v.member_id WHERE m.telegram_user_id = $1 AND v.kind = 'break-overrun'",
      [aida.id],
    );
    expect(rows).toEqual([{ kind: 'break-overrun', break_type: 'smoke' }]);
  });

  test('When a member comes back and takes the next break within the same second, then the new break is watched and its overrun warned', async () => {
    const warnings = () => stack.fake.sentTo(aida.id).filter((s) => s.text.includes('break allowance')).length;
    const before = warnings();
    // Three presses Telegram stamps with the same second: a break, back, and the next break.
    const second = Math.floor(Date.now() / 1000);
    for (const text of ['/smoke', '/back', '/smoke']) {
      const message = stack.fake.userSends(aida, text, group, undefined, second);
      await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === message.message_id, 15_000, `a reply to "${text}"`);
    }
    // The first "back" does not end the second break: its watch warns when the 3 s are up.
    await stack.fake.waitForSent(() => warnings() === before + 1, 20_000, 'the second smoke break warned');
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await inGroup(aida, '/back')).text).toContain('Aida is back');
    expect(await punchesOf(aida)).toEqual(['check-in', 'break-out', 'break-in', 'break-out', 'break-in', 'break-out', 'break-in']);
  });

  test('When a short break ends in time, then nobody is warned and the watch ends', async () => {
    const before = stack.fake.sentTo(dana.id).length + groupMessages().filter((s) => s.text.includes('Dana') && s.text.includes('allowance')).length;
    await inGroup(dana, '/in');
    await inGroup(dana, '/break'); // allowance: 10 minutes
    const breakPunch = (await stack.appPool.query(
      "SELECT p.uid FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 AND p.kind = 'break-out'",
      [dana.id],
    )).rows[0];
    const watch = stack.temporal.workflow.getHandle(breakWatchId(breakPunch.uid));
    await eventually(async () => (await watch.describe()).status.name === 'RUNNING', 15_000, 'the break watch to start');
    await inGroup(dana, '/back');
    expect(await watch.result()).toEqual({ overran: false });
    const after = stack.fake.sentTo(dana.id).length + groupMessages().filter((s) => s.text.includes('Dana') && s.text.includes('allowance')).length;
    expect(after).toBe(before);
  });

  test('When a member types the Chinese keyword 抽烟, then a smoke break starts like the button would', async () => {
    await inGroup(erlan, '上班');
    const reply = await inGroup(erlan, '抽烟');
    expect(reply.text).toContain('抽烟');
    expect(reply.text).toContain('took a smoke break');
    expect(await punchesOf(erlan)).toEqual(['check-in', 'break-out']);
  });

  test('When someone asks for the keyword keyboard, then the six Chinese keywords come as buttons that send themselves', async () => {
    const before = groupMessages().length;
    stack.fake.userSends(erlan, '/keyboard', group);
    // Other notices (a late start judged a moment ago) may reach the group first: take the keyboard.
    const reply = await stack.fake.waitForSent((s) => s.chatId === group.id && groupMessages().indexOf(s) >= before && !!(s.replyMarkup as { keyboard?: unknown } | null)?.keyboard, 15_000, 'the keyword keyboard');
    const keys = (reply.replyMarkup as { keyboard: Array<Array<{ text: string }>> }).keyboard.flat().map((k) => k.text);
    expect(keys).toEqual(['上班', '下班', '吃饭', '休息', '抽烟', '回座']);
  });

  test('When someone with the longest name Telegram allows presses Join and Start, then both answers arrive within its 200 characters, in both languages', async () => {
    // Arrange: 64 characters of first name and 64 of last name (the fake refuses a longer answer, as Telegram does).
    const long: FakeUser = { id: 4007, first_name: 'Алтынбек'.repeat(8), last_name: 'Нурмухамедов'.repeat(5) + 'ов12' };
    stack.fake.setChatMember(group.id, long, 'member');

    // Act
    const joined = await press(long, keyboard, 'join');
    const started = await press(long, keyboard, 'clock:in');

    // Assert
    for (const answer of [joined, started]) {
      expect(answer.text!.length).toBeLessThanOrEqual(200);
      expect(answer.text!.split('\n')).toHaveLength(2);
      expect(answer.text!.split('\n').every((line) => line.includes('Алтынбек'))).toBe(true);
    }
    expect(await punchesOf(long)).toEqual(['check-in']);
  });

  test('When someone sends a clock-in command in a private chat, then they are told to use the group', async () => {
    expect((await stack.say(aida, '/in')).text).toContain('Please clock in inside your company group');
  });
});

describe('The company\'s standing and the group\'s life', () => {
  test('When the company is suspended, then clock-ins are refused with a clear message and nothing is stored', async () => {
    const tenant = await tenantRow();
    await stack.appPool.query("UPDATE tenants SET subscription_state = 'suspended' WHERE id = $1", [tenant.id]);
    const before = await punchesOf(chen);
    expect((await inGroup(chen, '/back')).text).toContain('Attendance is suspended for this group');
    expect(await punchesOf(chen)).toEqual(before);
    await stack.appPool.query("UPDATE tenants SET subscription_state = 'trial' WHERE id = $1", [tenant.id]);
  });

  test('When the company\'s trial has ended, then clock-ins are refused (commands and buttons) and nothing is stored', async () => {
    const tenant = await tenantRow();
    await stack.appPool.query("UPDATE tenants SET subscription_state = 'trial', trial_ends_at = now() - interval '1 minute' WHERE id = $1", [tenant.id]);
    try {
      const before = await punchesOf(chen);
      const reply = await inGroup(chen, '/back');
      expect(reply.text).toContain('trial or subscription has expired');
      expect(reply.text).toContain('试用/订阅已到期');
      const pressed = await press(chen, keyboard, 'clock:out');
      expect(pressed).toMatchObject({ showAlert: true });
      expect(pressed.text).toContain('has expired');
      expect(await punchesOf(chen)).toEqual(before);
    } finally {
      await stack.appPool.query("UPDATE tenants SET trial_ends_at = now() + interval '14 days' WHERE id = $1", [tenant.id]);
    }
  });

  test('When the group is upgraded to a supergroup with a new id while a break is watched, then the company, its members and the break warning carry over', async () => {
    const tenant = await tenantRow();
    const upgraded: FakeChat = { id: -1009999999999, type: 'supergroup', title: 'Acme Almaty' };
    // Dana never opened the bot privately: her smoke break's watch will warn the group, by the id
    // the group had when the break began. (Smoke breaks are 12 s here, time to upgrade the group first.)
    const smoke = (seconds: number) =>
      stack.appPool.query(`UPDATE tenant_rules SET rules = jsonb_set(rules, '{breaks,smoke,minutesPerBreak}', to_jsonb($2::numeric)) WHERE tenant_id = $1`, [tenant.id, seconds / 60]);
    await smoke(12);
    let watchInput: { allowanceMs: number; overrunNotice: { chatId: number } };
    try {
      await inGroup(dana, '/smoke');
      const breakPunch = (await stack.appPool.query(
        "SELECT p.uid FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1 AND p.kind = 'break-out' ORDER BY p.id DESC LIMIT 1",
        [dana.id],
      )).rows[0] as { uid: string };
      const watch = stack.temporal.workflow.getHandle(breakWatchId(breakPunch.uid));
      await eventually(async () => (await watch.describe().catch(() => null))?.status.name === 'RUNNING', 10_000, 'the break watch to start');
      const [payload] = (await watch.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
      watchInput = JSON.parse(Buffer.from(payload!.data!).toString());
    } finally {
      await smoke(3);
    }
    expect(watchInput).toMatchObject({ allowanceMs: 12_000, overrunNotice: { chatId: group.id } });

    // Telegram upgrades the group: the old id is refused from now on; the bot gets the service messages.
    stack.fake.migrateGroup(group.id, upgraded.id, { by: boss, title: upgraded.title });
    await eventually(async () => (await tenantRow(upgraded.id))?.id === tenant.id, 15_000, 'the tenant to follow the group');

    // The warning was refused at the old id and went to the new one, once; none went to the old id.
    const isDanasWarning = (m: SentRecord) => m.text.includes('break allowance') && m.text.includes('Dana');
    await stack.fake.waitForSent((m) => m.chatId === upgraded.id && isDanasWarning(m), 30_000, "Dana's overrun warning in the supergroup");
    expect(stack.fake.calls.some((c) => c.method === 'sendMessage' && c.chatId === group.id && c.status === 400)).toBe(true);
    expect(stack.fake.sent.filter(isDanasWarning).map((m) => m.chatId)).toEqual([upgraded.id]);

    // The company and its members go on in the supergroup.
    expect((await inGroup(chen, '/back', upgraded)).text).toContain('Chen is back');
    expect((await inGroup(dana, '/back', upgraded)).text).toContain('Dana is back');
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM tenants WHERE kind = $1', ['group'])).rows[0].n).toBe(1);
    // Telegram also told the bot it joined the supergroup: a company's group is not greeted as new.
    expect(stack.fake.sentTo(upgraded.id).filter((m) => m.text.includes('A group admin can press Setup'))).toEqual([]);
  });

  test('When a member leaves the group, then they are deactivated and their history kept', async () => {
    const upgradedId = -1009999999999;
    stack.fake.pushUpdate({
      message: { message_id: 1000, date: Math.floor(Date.now() / 1000), chat: { id: upgradedId, type: 'supergroup', title: 'Acme' }, from: erlan, left_chat_member: erlan } as never,
    });
    await eventually(async () => {
      const { rows } = await stack.appPool.query('SELECT active FROM members WHERE telegram_user_id = $1', [erlan.id]);
      return rows.length === 1 && rows[0].active === false;
    }, 15_000, 'Erlan to be deactivated');
    expect(await punchesOf(erlan)).toEqual(['check-in', 'break-out']);
  });

  test('When an admin removes a member and the group hides the service message, then the chat_member update deactivates them once, audited as the admin', async () => {
    const upgraded: FakeChat = { id: -1009999999999, type: 'supergroup', title: 'Acme' };
    const farida: FakeUser = { id: 4011, first_name: 'Farida' };
    expect((await inGroup(farida, '/in', upgraded)).text).toContain('Farida');
    const active = async () => (await stack.appPool.query('SELECT active FROM members WHERE telegram_user_id = $1', [farida.id])).rows[0]?.active;
    expect(await active()).toBe(true);
    // A restriction that keeps her in the group is not leaving it.
    const date = Math.floor(Date.now() / 1000);
    const change = (from: Record<string, unknown>, to: Record<string, unknown>) =>
      stack.fake.pushUpdate({
        chat_member: { chat: upgraded, from: boss, date, old_chat_member: { user: farida, ...from }, new_chat_member: { user: farida, ...to } },
      } as never);
    const restricted = { status: 'restricted', is_member: true, until_date: 0 };
    change({ status: 'member' }, restricted);
    change(restricted, { status: 'kicked', until_date: 0 });
    await eventually(async () => (await active()) === false, 15_000, 'Farida to be deactivated');
    const audit = async () =>
      (await stack.appPool.query("SELECT actor FROM audit_log WHERE action = 'member.left' AND target = (SELECT 'member:' || id FROM members WHERE telegram_user_id = $1)", [farida.id])).rows;
    expect(await eventually(async () => ((await audit()).length ? audit() : null), 15_000, 'the audit row')).toEqual([{ actor: `telegram:${boss.id}` }]);
    // Where the group shows it, Telegram sends the service message too: nothing more happens.
    stack.fake.pushUpdate({ message: { message_id: 1001, date, chat: upgraded, from: boss, left_chat_member: farida } as never });
    await inGroup(chen, '/in', upgraded);
    expect(await audit()).toEqual([{ actor: `telegram:${boss.id}` }]);
  });
});

describe('Crash safety', () => {
  test('When the bot dies between answering a clock-in and starting its workflow, then the restarted bot hands it over', async () => {
    const chat: FakeChat = { id: -1009999999999, type: 'supergroup', title: 'Acme Almaty' };
    const tenant = await tenantRow(chat.id);
    const frank: FakeUser = { id: 4010, first_name: 'Frank' };
    // What the bot had done before the crash: the clock-in stored, nothing handed to Temporal.
    const member = (await stack.appPool.query(
      "INSERT INTO members (tenant_id, telegram_user_id, telegram_chat_id, full_name) VALUES ($1, $2, $2, 'Frank') RETURNING *",
      [tenant.id, frank.id],
    )).rows[0];
    await stack.stop('bot');
    const appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 1 });
    const stored = await recordGroupClockIn(appRole, {
      tenantId: tenant.id,
      member: { id: member.id, uid: member.uid, tenantId: tenant.id, telegramUserId: frank.id, telegramChatId: frank.id, telegramUsername: null, iin: null, employeeCode: null, fullName: 'Frank', notify: true, active: true, hr: false },
      action: { kind: 'start' },
      at: new Date(),
      sourceId: `${chat.id}:crash-1`,
      rules: (await stack.appPool.query('SELECT rules FROM tenant_rules WHERE tenant_id = $1', [tenant.id])).rows[0].rules,
      workday: new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE }).format(new Date()),
    });
    await appRole.end();
    expect(stored.ok).toBe(true);
    await stack.start('bot', { HANDOFF_GRACE_SECONDS: '1' });

    const handle = stack.temporal.workflow.getHandle(`punch:group:${chat.id}:crash-1`);
    const outcome = await eventually(async () => handle.result(), 30_000, 'the swept clock-in to be judged');
    expect(outcome).toMatchObject({ violations: 1 });
    const { rows } = await stack.appPool.query('SELECT 1 FROM punch_handoffs h JOIN punches p ON p.id = h.punch_id WHERE p.source_id = $1 AND h.handed_at IS NOT NULL', [`${chat.id}:crash-1`]);
    expect(rows).toHaveLength(1);
  });
});

describe('Anonymous admins and channels', () => {
  const chat: FakeChat = { id: -1009999999999, type: 'supergroup', title: 'Acme Almaty' };
  const channel: FakeChat = { id: -1007000000001, type: 'channel', title: 'Acme News' };
  // Who Telegram says a message is from when an admin posts as the group, or someone as a channel.
  const GROUP_ANONYMOUS_BOT: FakeUser = { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
  const CHANNEL_BOT: FakeUser = { id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' };
  let nextId = 50_000;

  /** A message posted as `as` (the group itself: an anonymous admin; or a channel), and the bot's reply to it, if any. */
  function postAs(as: FakeChat, text: string, extra: Record<string, unknown> = {}) {
    const command = /^\/\S+/.exec(text);
    const message = {
      message_id: (nextId += 1), date: Math.floor(Date.now() / 1000), chat, text,
      from: as.id === chat.id ? GROUP_ANONYMOUS_BOT : CHANNEL_BOT, sender_chat: as,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      ...extra,
    };
    stack.fake.pushUpdate({ message: message as never });
    return message;
  }
  const replyTo = (message: { message_id: number }) =>
    stack.fake.waitForSent((s) => s.chatId === chat.id && s.replyTo === message.message_id, 15_000, `a reply to message ${message.message_id}`);
  const members = async () => (await stack.appPool.query('SELECT count(*)::int AS n FROM members')).rows[0].n as number;
  const punches = async () => (await stack.appPool.query('SELECT count(*)::int AS n FROM punches')).rows[0].n as number;

  test('When an admin posting anonymously clocks in or asks for a private link, then they are told to post as themselves and nothing is recorded', async () => {
    const [membersBefore, punchesBefore] = [await members(), await punches()];
    for (const text of ['/in', '上班', '/panel', '/penalty @chen 100 late', '/in@attendance_test_bot']) {
      const reply = await replyTo(postAs(chat, text));
      expect(reply.text).toContain('您正在匿名发言');
      expect(reply.text).toContain('You are posting anonymously, so I cannot tell who you are');
    }
    expect(await members()).toBe(membersBefore);
    expect(await punches()).toBe(punchesBefore);
    expect((await stack.appPool.query("SELECT count(*)::int AS n FROM members WHERE full_name = 'Group'")).rows[0].n).toBe(0);
  });

  test('When an admin posting anonymously sets the group up or asks for the day, then they are an admin, audited as anonymous', async () => {
    expect((await replyTo(postAs(chat, '/setup'))).text).toContain('already set up');
    const language = await replyTo(postAs(chat, '/language zh-en'));
    expect(language.text).toContain('zh-en');
    const audit = await stack.appPool.query("SELECT actor FROM audit_log WHERE action = 'tenant.language.set' ORDER BY id DESC LIMIT 1");
    expect(audit.rows[0]).toEqual({ actor: 'telegram:anonymous-admin' });
    expect((await replyTo(postAs(chat, '/report'))).text).not.toContain('Only a group admin');
  });

  test("When someone posts as a channel, then a clock-in is refused with why; the channel's own posts copied into the group are left alone", async () => {
    const punchesBefore = await punches();
    const refused = await replyTo(postAs(channel, '/out'));
    expect(refused.text).toContain('您正在以频道身份发言');
    expect(refused.text).toContain('You are posting as a channel');
    const copied = postAs(channel, '上班', { is_automatic_forward: true, from: { id: 777000, first_name: 'Telegram' } });
    // Chen's message after it is answered, and the chat's updates are handled in order.
    expect((await replyTo(stack.fake.userSends(chen, '/in', chat))).text).toContain('already started the day');
    expect(stack.fake.sent.filter((s) => s.replyTo === copied.message_id)).toEqual([]);
    expect(await punches()).toBe(punchesBefore);
  });

  test('When a member forwards a clock-in word or command, then it is nobody\'s clock-in and nothing is answered', async () => {
    const punchesBefore = await punches();
    const quoted = { type: 'user', date: Math.floor(Date.now() / 1000) - 3600, sender_user: chen };
    const forwards = ['下班', '/out'].map((text) => {
      const command = /^\/\S+/.exec(text);
      const message = {
        message_id: (nextId += 1), date: Math.floor(Date.now() / 1000), chat, from: dana, text, forward_origin: quoted,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      };
      stack.fake.pushUpdate({ message: message as never });
      return message;
    });
    // Dana's own message after them is answered, and the chat's updates are handled in order.
    expect((await replyTo(stack.fake.userSends(dana, '/in', chat))).text).toContain('already started the day');
    expect(stack.fake.sent.filter((s) => forwards.some((f) => s.replyTo === f.message_id))).toEqual([]);
    expect(await punches()).toBe(punchesBefore);
  });
});

describe('Languages', () => {
  const chat: FakeChat = { id: -1009999999999, type: 'supergroup', title: 'Acme Almaty' };

  test('When a non-admin asks for another language pair, then it is refused', async () => {
    expect((await inGroup(chen, '/language ru-kk', chat)).text).toContain('Only a group admin can do this');
  });

  test('When the admin chooses Russian + Kazakh, then every answer comes in those two languages', async () => {
    stack.fake.setChatMember(chat.id, boss, 'creator');
    const set = await inGroup(boss, '/language ru-kk', chat);
    expect(set.text).toContain('Языки этой группы: ru-kk');
    expect(set.text).toContain('Бұл топтың тілдері: ru-kk');
    const refusal = await inGroup(chen, '/back', chat);
    expect(refusal.text).toContain('Вы сейчас не на перерыве');
    expect(refusal.text).toContain('Сіз қазір үзілісте емессіз');
    expect(refusal.text).not.toContain('You are not on a break');
    expect((await inGroup(boss, '/language xx', chat)).text).toContain('/language ru-kk');
  });
});

describe('Two admins setting up at once', () => {
  const shop: FakeChat = { id: -4001234567, type: 'group', title: 'Acme Shop' };
  const owner: FakeUser = { id: 4021, first_name: 'Owner' };
  const manager: FakeUser = { id: 4022, first_name: 'Manager' };

  test('When two admins press Setup at the same moment, then the group is set up once and told once, the other is answered on the button, and the button goes', async () => {
    // Arrange: the bot greets a new group with the Setup button.
    stack.fake.setChatMember(shop.id, owner, 'creator');
    stack.fake.setChatMember(shop.id, manager, 'administrator');
    stack.fake.addBot(shop, owner);
    const hello = await stack.fake.waitForSent((s) => s.chatId === shop.id, 15_000, 'the greeting');

    // Act: both press it together.
    const [first, second] = await Promise.all([press(owner, hello, 'setup'), press(manager, hello, 'setup')]);

    // Assert: one company, one "attendance is on" in the group; the other press is told it is on already.
    await eventually(async () => stack.fake.sentTo(shop.id).some((s) => s.text.includes('Attendance is on for this group')), 15_000, 'the setup message');
    const answers = [first, second].map((a) => a.text ?? '');
    expect(answers.filter((t) => t.includes('Attendance is already set up in this group'))).toHaveLength(1);
    expect(answers.filter((t) => t === '')).toHaveLength(1);
    expect((await stack.appPool.query('SELECT count(*)::int AS n FROM tenants WHERE telegram_chat_id = $1', [shop.id])).rows[0].n).toBe(1);
    await eventually(async () => hello.edits.length > 0, 15_000, 'the greeting edited');
    expect(hello.edits.at(-1)!.replyMarkup).toBeNull();

    // A later press of the old greeting posts nothing either.
    const late = await press(owner, { ...hello, edits: [] }, 'setup');
    expect(late.text).toContain('已经');
    const posted = stack.fake.sentTo(shop.id).filter((s) => s.text.includes('Attendance is'));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain('Attendance is on for this group');
    expect(JSON.stringify(posted[0]!.replyMarkup)).toContain('clock:in');
  });

  test('When Telegram reports the bot joining the upgraded supergroup before the upgrade itself, then the company is not greeted as a new group', async () => {
    // Arrange: the shop's company (set up above).
    const tenant = await tenantRow(shop.id);
    const upgraded: FakeChat = { id: -1001234567892, type: 'supergroup', title: 'Acme Shop' };

    // Act: the upgrade, with the bot's join first.
    stack.fake.migrateGroup(shop.id, upgraded.id, { by: owner, title: upgraded.title, joinFirst: true });

    // Assert: the company follows; past the greeting's wait, nothing was posted in the supergroup.
    await eventually(async () => (await tenantRow(upgraded.id))?.id === tenant.id, 15_000, 'the company to follow the group');
    await sleep(4_000);
    expect(stack.fake.sentTo(upgraded.id)).toEqual([]);
    expect((await inGroup(owner, '/in', upgraded)).text).toContain('Owner');
  });

  test('When someone presses a button posted in the group before the upgrade, then it is the same company: the clock-in counts, and the old Setup says it is on', async () => {
    // Arrange: the keyboard and the greeting the basic group got (its messages stay in the old chat).
    const tenant = await tenantRow(-1001234567892);
    const oldKeyboard = stack.fake.sentTo(shop.id).find((s) => JSON.stringify(s.replyMarkup).includes('clock:in'))!;
    const oldGreeting = stack.fake.sentTo(shop.id).find((s) => s.text.includes('A group admin can press Setup'))!;

    // Act
    const clockedIn = await press(manager, oldKeyboard, 'clock:in');
    const setUpAgain = await press(owner, { ...oldGreeting, edits: [] }, 'setup');

    // Assert: the manager is in for the company, answered on the button; no company for the old chat.
    expect(clockedIn.showAlert).toBe(false);
    expect(clockedIn.text).toContain('Manager');
    const punches = await stack.appPool.query(
      'SELECT p.kind, p.tenant_id FROM punches p JOIN members m ON m.id = p.member_id WHERE m.telegram_user_id = $1',
      [manager.id],
    );
    expect(punches.rows).toEqual([{ kind: 'check-in', tenant_id: tenant.id }]);
    expect(setUpAgain.text).toContain('Attendance is already set up in this group');
    expect(setUpAgain.showAlert).toBe(false);
    const companies = await stack.appPool.query("SELECT telegram_chat_id FROM tenants WHERE slug = 'group-4001234567' OR telegram_chat_id = $1", [shop.id]);
    expect(companies.rows).toEqual([{ telegram_chat_id: -1001234567892 }]);
  });

  test('When a group is upgraded before anyone set it up and an admin then presses its old greeting, then they are told to send /setup and no company is made of the old chat', async () => {
    // Arrange: a new basic group greeted, then upgraded by Telegram.
    const kiosk: FakeChat = { id: -4001234568, type: 'group', title: 'Acme Kiosk' };
    const upgraded: FakeChat = { id: -1001234567893, type: 'supergroup', title: 'Acme Kiosk' };
    stack.fake.setChatMember(kiosk.id, owner, 'creator');
    stack.fake.addBot(kiosk, owner);
    const hello = await stack.fake.waitForSent((s) => s.chatId === kiosk.id, 15_000, 'the greeting');
    stack.fake.migrateGroup(kiosk.id, upgraded.id, { by: owner, title: upgraded.title });

    // Act
    const pressed = await press(owner, hello, 'setup');

    // Assert
    expect(pressed.showAlert).toBe(true);
    expect(pressed.text).toContain('/setup');
    const companies = await stack.appPool.query('SELECT id FROM tenants WHERE telegram_chat_id = ANY($1::bigint[])', [[kiosk.id, upgraded.id]]);
    expect(companies.rows).toEqual([]);
  });
});

describe('Personal commands in a group', () => {
  test('When someone sends /start in a group that is no company yet, then the group is greeted with the Setup button, which sets it up', async () => {
    // Arrange
    const cafe: FakeChat = { id: -1001234567894, type: 'supergroup', title: 'Acme Cafe' };
    const owner: FakeUser = { id: 4031, first_name: 'Cafe owner' };
    stack.fake.setChatMember(cafe.id, owner, 'creator');

    // Act
    const hello = await inGroup(owner, '/start', cafe);
    const pressed = await press(owner, hello, 'setup');

    // Assert
    expect(hello.text).toContain('A group admin can press Setup');
    expect(JSON.stringify(hello.replyMarkup)).toContain('"setup"');
    expect(pressed.showAlert).toBe(false);
    await eventually(async () => (await tenantRow(cafe.id)) !== undefined, 15_000, 'the cafe set up');
  });

  test("When a member sends /start or /notify in a company group, then they are pointed to a private chat, in the company's languages, with a button that opens it", async () => {
    // Arrange: Acme's group, upgraded to a supergroup above, speaking Russian + Kazakh.
    const acme: FakeChat = { id: -1009999999999, type: 'supergroup', title: 'Acme Almaty' };

    // Act
    const answers = [await inGroup(aida, '/start', acme), await inGroup(aida, `/notify@${stack.fake.botUser.username}`, acme)];

    // Assert
    for (const answer of answers) {
      expect(answer.text).toContain('Регистрация и уведомления — в личном чате со мной');
      expect(answer.replyMarkup).toEqual({ inline_keyboard: [[{ text: '💬 Открыть личный чат · 💬 Жеке чатты ашу', url: `https://t.me/${stack.fake.botUser.username}` }]] });
    }
  });
});
