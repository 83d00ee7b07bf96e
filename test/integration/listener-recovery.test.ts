// NOTIFY is not durable and processes stop: every punch is still delivered exactly once.
import { advanceCursor } from '../../db/repositories/biotime-cursor';
import { normalizeBiotimeRow } from '../../domain/biotime';
import { eventually, sleep, startStack, type Stack } from '../support/stack';

const employees = [
  { user: { id: 8101, first_name: 'Aida' }, iin: '791028302728' },
  { user: { id: 8102, first_name: 'Li' }, iin: '061211600012' },
];

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  for (const e of employees) await stack.register(e.user, e.iin);
});
afterAll(async () => {
  await stack?.close();
});

const notices = (chatId: number) => stack.fake.sentTo(chatId).filter((s) => s.text.includes('Punch recorded'));

test('When the listener is stopped while 200 punches are recorded, then after its restart each one is notified exactly once', async () => {
  await stack.stop('listener');
  const rows: number[] = [];
  for (let i = 0; i < 200; i++) {
    const e = employees[i % 2]!;
    rows.push(await stack.insertPunch({ employee: e.iin, terminal: `T-${i}` }));
  }
  expect(notices(8101)).toHaveLength(0);

  await stack.start('listener');

  await stack.fake.waitForSent(() => notices(8101).length + notices(8102).length >= 200, 90_000, '200 punch notifications');
  await sleep(1_000); // a moment for any duplicate to show up
  for (const e of employees) {
    const terminals = notices(e.user.id).map((s) => /Terminal: (T-\d+)/.exec(s.text)![1]);
    expect(terminals).toHaveLength(100);
    expect(new Set(terminals).size).toBe(100);
  }
  const { rows: cursor } = await stack.appPool.query('SELECT last_id FROM biotime_sources');
  expect(cursor[0].last_id).toBe(rows.at(-1));
});

test('When the same row is announced twice by NOTIFY, then one message is sent', async () => {
  const before = notices(8101).length;
  const id = await stack.insertPunch({ employee: employees[0]!.iin, terminal: 'Dup' });
  const { rows } = await stack.biotimePool.query('SELECT row_to_json(t)::text AS payload FROM iclock_transaction t WHERE id = $1', [id]);
  await stack.biotimePool.query("SELECT pg_notify('attendance_events', $1), pg_notify('attendance_events', $1)", [rows[0].payload]);
  await stack.punchOutcome(id);
  await sleep(1_000);
  expect(notices(8101).filter((s) => s.text.includes('Dup'))).toHaveLength(1);
  expect(notices(8101)).toHaveLength(before + 1);
});

test('When the cursor is lost and rows are handed to Temporal again, then nobody gets a second message', async () => {
  // As if the listener crashed after Temporal accepted the starts but before saving the cursor.
  const before = notices(8101).length + notices(8102).length;
  await stack.stop('listener');
  await stack.appPool.query('UPDATE biotime_sources SET last_id = 0');
  await stack.start('listener');
  const last = (await stack.biotimePool.query('SELECT max(id) AS max FROM iclock_transaction')).rows[0].max;
  await eventually(async () => {
    const { rows } = await stack.appPool.query('SELECT last_id FROM biotime_sources');
    return rows[0].last_id === last;
  }, 30_000, 'the cursor to catch up again');
  await sleep(1_000); // a moment for any duplicate to show up
  expect(notices(8101).length + notices(8102).length).toBe(before);
});

test('When a row cannot be used, then it is skipped with an audit entry and later punches still flow', async () => {
  await stack.biotimePool.query("INSERT INTO iclock_transaction (emp_code, punch_time) VALUES ('   ', now())");
  const good = await stack.insertPunch({ employee: employees[1]!.iin, terminal: 'After-bad-row' });
  await stack.fake.waitForSent((s) => s.chatId === 8102 && s.text.includes('After-bad-row'));
  const { rows } = await stack.appPool.query("SELECT target, payload FROM audit_log WHERE action = 'biotime.row.skipped'");
  expect(rows).toHaveLength(1);
  expect(rows[0].target).toBe(`iclock_transaction:${good - 1}`);
  expect(rows[0].payload.reason).toBe('row has no employee code');
});

test('The cursor never moves backwards', async () => {
  const { rows } = await stack.appPool.query('SELECT last_id FROM biotime_sources');
  await advanceCursor(stack.appPool, 'default', 1);
  const after = await stack.appPool.query('SELECT last_id FROM biotime_sources');
  expect(after.rows[0].last_id).toBe(rows[0].last_id);
});

test('When a punch workflow runs again under another id (its history long gone), then nobody is messaged twice', async () => {
  const id = await stack.insertPunch({ employee: employees[0]!.iin, terminal: 'Replayed' });
  await stack.punchOutcome(id);
  const before = notices(8101).length;
  const { rows } = await stack.biotimePool.query('SELECT * FROM iclock_transaction WHERE id = $1', [id]);
  const source = (await stack.appPool.query('SELECT tenant_id, uid FROM biotime_sources')).rows[0];
  const normalized = normalizeBiotimeRow('iclock_transaction', rows[0], 'Asia/Almaty', { tenantId: source.tenant_id, uid: source.uid });
  if (!normalized.ok) throw new Error(normalized.reason);
  const outcome = await stack.temporal.workflow.execute('punch', {
    taskQueue: 'attendance',
    workflowId: `${await stack.biotimePunchWorkflowId(id)}:after-retention`,
    args: [normalized.punch],
  });
  expect(outcome).toMatchObject({ created: false, sent: 0 });
  await sleep(500);
  expect(notices(8101)).toHaveLength(before);
});

test('When BioTime\'s database restarts (every connection dropped, refused for a while, then back), then the listener reconnects and every punch is notified once', async () => {
  // Arrange: the listener reaches BioTime through a link the test can cut, as a restart would.
  const link = await stack.restartBehindLink('listener', 'BIOTIME_DATABASE_URL');
  try {
    await stack.insertPunch({ employee: employees[0]!.iin, terminal: 'Before-restart' });
    await stack.fake.waitForSent((s) => s.chatId === 8101 && s.text.includes('Before-restart'), 20_000, 'the punch before the restart');

    // Act: the database goes away; a terminal records a punch meanwhile (its NOTIFY reaches nobody).
    await link.cut();
    await stack.insertPunch({ employee: employees[0]!.iin, terminal: 'During-restart' });
    await sleep(3_000);
    await link.restore();
    await stack.insertPunch({ employee: employees[1]!.iin, terminal: 'After-restart' });

    // Assert
    await stack.fake.waitForSent((s) => s.chatId === 8101 && s.text.includes('During-restart'), 60_000, 'the punch made during the restart');
    await stack.fake.waitForSent((s) => s.chatId === 8102 && s.text.includes('After-restart'), 60_000, 'the punch after the restart');
    await sleep(1_000); // a moment for any duplicate to show up
    for (const terminal of ['Before-restart', 'During-restart']) expect(notices(8101).filter((s) => s.text.includes(terminal))).toHaveLength(1);
    expect(notices(8102).filter((s) => s.text.includes('After-restart'))).toHaveLength(1);
  } finally {
    await stack.restoreDirect('listener', link);
  }
});

test('When the listener starts while BioTime refuses connections, then once BioTime answers it becomes ready and relays every punch once, the later ones as they are recorded', async () => {
  // Arrange: the listener reaches BioTime only through a link that is down when it starts. With
  // BIOTIME_START_FROM=beginning (the cursor is kept) nothing reads BioTime before its LISTEN
  // connection is opened, so that connection is the first to be refused.
  await stack.stop('listener');
  const { link, url } = await stack.linkTo('BIOTIME_DATABASE_URL');
  await link.cut();
  try {
    const starting = stack.start('listener', { BIOTIME_DATABASE_URL: url, BIOTIME_START_FROM: 'beginning', BIOTIME_SWEEP_INTERVAL_MS: '600000' });
    await sleep(3_000);
    await stack.insertPunch({ employee: employees[0]!.iin, terminal: 'While-refused' });

    // Act: BioTime answers again.
    await link.restore();

    // Assert: ready, the waiting punch relayed, and a new one relayed by its NOTIFY (the sweep is
    // 10 minutes away).
    await starting;
    await stack.fake.waitForSent((s) => s.chatId === 8101 && s.text.includes('While-refused'), 30_000, 'the punch recorded while BioTime refused');
    await stack.insertPunch({ employee: employees[1]!.iin, terminal: 'After-refused' });
    await stack.fake.waitForSent((s) => s.chatId === 8102 && s.text.includes('After-refused'), 15_000, 'the punch recorded once BioTime answered');
    await sleep(1_000); // a moment for any duplicate to show up
    expect(notices(8101).filter((s) => s.text.includes('While-refused'))).toHaveLength(1);
    expect(notices(8102).filter((s) => s.text.includes('After-refused'))).toHaveLength(1);
  } finally {
    await stack.stop('listener');
    await link.stop();
    await stack.start('listener');
  }
});
