// Workflow ids are business keys unique for all time: a database recreated under the same
// Temporal namespace, or a second BioTime server whose row ids overlap the first's, never finds
// its new work taken for something Temporal has already done.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ensureDatabase, createPool } from '../../db/pool';
import { prepareDemoBiotime } from '../../scripts/demo-biotime';
import { ROOT, ServiceProcess } from '../../scripts/service-process';
import type { FakeChat, FakeUser, SentRecord } from '../support/fake-telegram/types';
import { testRunEnv } from '../support/env';
import { eventually, localNow, startStack, type Stack } from '../support/stack';

let stack: Stack;
const group: FakeChat = { id: -1005550401, type: 'supergroup', title: 'Lasting Co' };
const boss: FakeUser = { id: 5901, first_name: 'Boss' };
const aida: FakeUser = { id: 5902, first_name: 'Aida' };
const AIDA_IIN = '791028302728';

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

/** The company's group is set up and Aida has opened the bot and joined by clocking in. */
async function setUpCompany(): Promise<number> {
  stack.fake.setChatMember(group.id, boss, 'creator');
  stack.fake.setChatMember(group.id, aida, 'member');
  const { tenantId } = await stack.setUpGroup(group, boss);
  await stack.openBotAndJoin(aida, group);
  return tenantId;
}

const approveButton = (copy: SentRecord) =>
  (copy.replyMarkup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard.flat().find((b) => b.callback_data.endsWith(':a'))!.callback_data;

/** Aida asks for an advance; resolves with the boss's copy. */
async function advanceCopy(reason: string): Promise<SentRecord> {
  await stack.say(aida, `/advance 100 ${reason}`);
  return stack.fake.waitForSent((s) => s.chatId === boss.id && s.text.includes(reason), 20_000, `the boss's copy of "${reason}"`);
}

test('When the app database is recreated under the same Temporal namespace, then a new request with the same serial id is handled', async () => {
  // Arrange: advance 1 of company 2 is requested, approved, and its workflow has finished.
  const tenantId = await setUpCompany();
  const firstCopy = await advanceCopy('first life');
  const oldApprove = approveButton(firstCopy);
  expect((await stack.press(boss, firstCopy, oldApprove)).text).toContain('Approved');
  const first = (await stack.appPool.query('SELECT id, workflow_id FROM advances')).rows[0];
  await stack.temporal.workflow.getHandle(first.workflow_id).result();

  // Act: the database is recreated (empty schema, migrations run again) while Temporal keeps
  // every history, and the company starts over.
  await Promise.all(['bot', 'worker', 'listener'].map((s) => stack.stop(s as 'bot')));
  await stack.appPool.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: String(stack.env.DATABASE_URL) }, stdio: 'pipe' });
  await Promise.all(['worker', 'listener', 'bot'].map((s) => stack.start(s as 'bot')));
  stack.fake.sent.length = 0;
  const sameTenantId = await setUpCompany();
  const secondCopy = await advanceCopy('second life');
  // A button left from the first life names the old request, not the one with its serial id now;
  // nor does a button of the form used before UUIDs.
  expect((await stack.press(boss, secondCopy, oldApprove)).text).toContain('This request does not exist');
  expect((await stack.press(boss, secondCopy, `adv:${tenantId}:${first.id}:a`)).text).toContain('This request does not exist');
  expect((await stack.appPool.query('SELECT status FROM advances')).rows).toEqual([{ status: 'pending' }]);
  expect((await stack.press(boss, secondCopy, approveButton(secondCopy))).text).toContain('Approved');
  const approval = await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('100.00 KZT was approved'), 20_000, 'the approval');

  // Assert: the same serial ids as before, and still a new workflow that did its work.
  expect(sameTenantId).toBe(tenantId);
  const second = (await stack.appPool.query('SELECT id, status, workflow_id FROM advances')).rows[0];
  expect(second).toMatchObject({ id: first.id, status: 'approved' });
  expect(second.workflow_id).not.toBe(first.workflow_id);
  expect(approval.text).toContain('was approved');
});

test('When two BioTime servers each record a row with the same id for the same employee, then both punches are recorded and judged', async () => {
  // Arrange: a second BioTime server with its own listener (its own source key and cursor).
  await stack.register(aida, AIDA_IIN);
  const run = testRunEnv();
  const secondUrl = `${String(stack.env.BIOTIME_DATABASE_URL)}2`;
  await ensureDatabase(secondUrl);
  const secondPool = createPool(secondUrl, { max: 2 });
  await prepareDemoBiotime(secondPool, 'iclock_transaction');
  const secondListener = new ServiceProcess('listener', {
    env: { ...stack.env, BIOTIME_DATABASE_URL: secondUrl, BIOTIME_SOURCE_KEY: 'second-site', TENANT_NAME: 'Second site' },
    logFile: path.join(run.stateDir, 'logs', 'lasting-ids-second-listener.log'),
  });
  try {
    await secondListener.ready;
    // Both servers' next row gets the same id.
    for (const pool of [stack.biotimePool, secondPool]) await pool.query("SELECT setval('iclock_transaction_id_seq', 700)");

    // Act: Aida punches in at the first site and out at the second, each row id 701.
    const firstRow = await stack.insertPunch({ employee: AIDA_IIN, state: 0, terminal: 'First site' });
    const { rows } = await secondPool.query(
      "INSERT INTO iclock_transaction (emp_code, punch_time, punch_state, terminal_alias) VALUES ($1, $2, '1', 'Second site') RETURNING id",
      [AIDA_IIN, localNow(undefined, 60)],
    );
    expect(rows[0].id).toBe(firstRow);

    // Assert: two punch workflows, and both punches reached the company that employs her.
    const sources = (await stack.appPool.query('SELECT source_key, uid FROM biotime_sources ORDER BY id')).rows;
    expect(sources.map((s) => s.source_key)).toEqual(['default', 'second-site']);
    for (const source of sources) {
      const handle = stack.temporal.workflow.getHandle(`punch:biotime:${source.uid}:${firstRow}`);
      await eventually(() => handle.result().then(() => true), 20_000, `the punch workflow of ${source.source_key}`);
    }
    const copies = await stack.appPool.query(
      "SELECT p.kind, p.terminal FROM punches p JOIN tenants t ON t.id = p.tenant_id WHERE t.kind = 'group' AND p.source = 'biotime' ORDER BY p.punched_at",
    );
    expect(copies.rows).toEqual([
      { kind: 'check-in', terminal: 'First site' },
      { kind: 'check-out', terminal: 'Second site' },
    ]);
  } finally {
    await secondListener.stop();
    await secondPool.end();
  }
});
