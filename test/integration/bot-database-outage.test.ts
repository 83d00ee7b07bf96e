// The bot's PostgreSQL goes away in the middle of updates (a restart, a dropped connection): the
// updates wait and run again instead of being dropped, every clock-in is recorded and answered
// exactly once, and one whose commit went through while its acknowledgement was lost is found
// recorded on the next run and answered then.
import { punchWorkflowId } from '../../domain/punch';
import type { TcpProxy } from '../support/tcp-proxy';
import type { FakeChat, FakeMessage, FakeUser } from '../support/fake-telegram/types';
import { eventually, sleep, startStack, type Stack } from '../support/stack';
import { NOON_ZONE } from '../support/zones';

let stack: Stack;
let link: TcpProxy;
const group: FakeChat = { id: -1005700001, type: 'supergroup', title: 'Outage Works' };
const boss: FakeUser = { id: 5701, first_name: 'Boss' };
const people: FakeUser[] = [5702, 5703, 5704, 5705, 5706].map((id, i) => ({ id, first_name: `Member${i + 1}` }));
const [aida, bolat] = people as [FakeUser, FakeUser];

const answersTo = (m: FakeMessage) => stack.fake.sent.filter((s) => s.chatId === group.id && s.replyTo === m.message_id);
const punchesFor = async (m: FakeMessage) =>
  Number((await stack.appPool.query("SELECT count(*)::int AS n FROM punches WHERE source = 'group' AND source_id = $1", [`${group.id}:m${m.message_id}`])).rows[0].n);
/** Waits until one of this database's backends is in the state `where` describes (SQL on pg_stat_activity). */
const backendIn = (where: string, what: string) =>
  eventually(async () => (await stack.appPool.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND ${where}`)).rowCount! > 0, 10_000, what);
const judged = (m: FakeMessage) =>
  eventually(() => stack.temporal.workflow.getHandle(punchWorkflowId('group', `${group.id}:m${m.message_id}`)).result().then(() => true), 60_000, 'the clock-in judged');

beforeAll(async () => {
  stack = await startStack({ zone: NOON_ZONE });
  const { tenantId } = await stack.company(group, { creator: boss, members: people });
  await stack.setRules(tenantId, { advances: { monthlyLimit: 100_000_00, expiryHours: 72 } });
  await stack.say(boss, '/start');
  await stack.say(bolat, '/start');
  // Everyone is a member of the company before the outage (their first clock-in made them one).
  for (const p of people) await stack.clockIn(p, group, '/in');
  link = await stack.restartBehindLink('bot', 'DATABASE_URL');
}, 120_000);

afterAll(async () => {
  if (link) await stack?.restoreDirect('bot', link).catch(() => undefined);
  await stack?.close();
});

test('When PostgreSQL becomes unreachable while members clock out at once, then every clock-out waits, is recorded once and answered once when it is back', async () => {
  // Arrange: one member's transaction is held open on a row lock, so the cut lands inside it.
  const holder = await stack.appPool.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT id FROM members WHERE telegram_user_id = $1 FOR UPDATE', [aida.id]);
  try {
    const held = stack.fake.userSends(aida, '/out', group);
    await backendIn("wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'", "the bot's clock-out waiting on the held row");

    // Act: the link drops (the open transaction with it); three others clock out during the outage;
    // three seconds later PostgreSQL is reachable again.
    await link.cut();
    await holder.query('ROLLBACK');
    const during = people.slice(2).map((p) => stack.fake.userSends(p, '/out', group));
    await sleep(3_000);
    const answeredDuringOutage = [held, ...during].flatMap(answersTo).length;
    await link.restore();

    // Assert: nothing was answered while it was away; afterwards each one once, recorded once, judged.
    expect(answeredDuringOutage).toBe(0);
    for (const m of [held, ...during]) {
      await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === m.message_id, 60_000, 'the answer to a clock-out after the outage');
      await judged(m);
    }
    await sleep(1_000);
    for (const m of [held, ...during]) {
      expect(answersTo(m)).toHaveLength(1);
      expect(answersTo(m)[0]!.text).not.toMatch(/error|出错/i);
      expect(await punchesFor(m)).toBe(1);
    }
    expect(stack.logs()).toContain('the database was unreachable while handling this update; it is handled again');
  } finally {
    holder.release();
  }
}, 120_000);

test('When the commit of a clock-in goes through but its acknowledgement is lost, then the next run finds it recorded and answers it once', async () => {
  // Arrange: the commit of Bolat's next clock-in takes 1.5 s (a deferred trigger), long enough to
  // cut the link while the bot waits to hear it committed.
  const { rows } = await stack.appPool.query<{ id: number }>('SELECT id FROM members WHERE telegram_user_id = $1', [bolat.id]);
  const memberId = rows[0]!.id;
  await stack.appPool.query(`
    CREATE OR REPLACE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT member_id FROM punches WHERE id = NEW.punch_id) = ${memberId} THEN PERFORM pg_sleep(1.5); END IF;
      RETURN NULL;
    END $$;
    CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON punch_handoffs DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION test_slow_commit();`);
  try {
    // Act: Bolat starts a break; the link is cut while the commit sleeps, and restored 2 s later.
    const smoke = stack.fake.userSends(bolat, '/smoke', group);
    await backendIn("query LIKE 'COMMIT%' AND wait_event = 'PgSleep'", 'the commit under way');
    await link.cut();
    await eventually(async () => (await punchesFor(smoke)) === 1, 5_000, 'the commit completed on the server');
    await sleep(2_000);
    expect(answersTo(smoke)).toHaveLength(0);
    await link.restore();

    // Assert: answered once, after the link is back; one punch; its workflow ran.
    await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === smoke.message_id, 60_000, 'the answer to the break');
    await judged(smoke);
    await sleep(1_000);
    expect(answersTo(smoke)).toHaveLength(1);
    expect(await punchesFor(smoke)).toBe(1);
    const handoff = await stack.appPool.query(
      "SELECT h.answered_at, h.handed_at FROM punch_handoffs h JOIN punches p ON p.id = h.punch_id WHERE p.source_id = $1",
      [`${group.id}:m${smoke.message_id}`],
    );
    expect(handoff.rows[0]).toMatchObject({ answered_at: expect.any(Date), handed_at: expect.any(Date) });
  } finally {
    await stack.appPool.query('DROP TRIGGER IF EXISTS test_slow_commit ON punch_handoffs; DROP FUNCTION IF EXISTS test_slow_commit()');
  }
}, 120_000);

test('When a clock-in is delivered again after it was answered, then it is not answered twice', async () => {
  // Arrange
  const out = stack.fake.userSends(bolat, '/back', group);
  await stack.fake.waitForSent((s) => s.chatId === group.id && s.replyTo === out.message_id, 30_000, 'the answer to /back');
  await judged(out);

  // Act: Telegram delivers the same message again (a new update of the same message).
  stack.fake.pushUpdate({ message: out } as never);
  await sleep(2_000);

  // Assert
  expect(answersTo(out)).toHaveLength(1);
  expect(await punchesFor(out)).toBe(1);
});

test('When the commit of an advance request goes through but its acknowledgement is lost, then the next run files nothing new and answers it once', async () => {
  // Arrange: the commit of Bolat's request takes 1.5 s, long enough to cut the link while the bot waits.
  const filed = async () => Number((await stack.appPool.query("SELECT count(*)::int AS n FROM advances WHERE reason = 'slow-commit'")).rows[0].n);
  const answers = () => stack.fake.sentTo(bolat.id).filter((s) => s.text.includes('Your advance request for 500.00 KZT'));
  await stack.appPool.query(`
    CREATE OR REPLACE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.reason = 'slow-commit' THEN PERFORM pg_sleep(1.5); END IF;
      RETURN NULL;
    END $$;
    CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON advances DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION test_slow_commit();`);
  try {
    // Act: the link is cut while the commit sleeps, and restored 2 s later.
    stack.fake.userSends(bolat, '/advance 500 slow-commit');
    await backendIn("query LIKE 'COMMIT%' AND wait_event = 'PgSleep'", 'the commit under way');
    await link.cut();
    await eventually(async () => (await filed()) === 1, 5_000, 'the commit completed on the server');
    await sleep(2_000);
    expect(answers()).toHaveLength(0);
    await link.restore();

    // Assert: one request, answered once, one copy to the admin, handed to its workflow.
    await eventually(async () => answers().length > 0, 60_000, 'the answer to the request');
    await stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes('slow-commit'), 30_000, "the admin's copy");
    await sleep(1_500);
    expect(await filed()).toBe(1);
    expect(answers()).toHaveLength(1);
    expect(stack.fake.sentTo(boss.id).filter((s) => s.text.includes('slow-commit'))).toHaveLength(1);
    const { rows } = await stack.appPool.query("SELECT handed_at, submission_key FROM advances WHERE reason = 'slow-commit'");
    expect(rows[0]).toMatchObject({ handed_at: expect.any(Date), submission_key: expect.stringMatching(new RegExp(`^telegram:${bolat.id}:\\d+$`)) });
  } finally {
    await stack.appPool.query('DROP TRIGGER IF EXISTS test_slow_commit ON advances; DROP FUNCTION IF EXISTS test_slow_commit()');
  }
}, 120_000);
