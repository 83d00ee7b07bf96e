// A worker that dies mid-flight loses nothing: Temporal hands the workflow to the restarted worker.
import { eventually, sleep, startStack, type Stack } from '../support/stack';

let stack: Stack;
const aida = { id: 9201, first_name: 'Aida' };

beforeAll(async () => {
  stack = await startStack();
  await stack.register(aida, '791028302728');
});
afterAll(async () => {
  await stack?.close();
});

test('When the worker is killed while a punch is being delivered, then after a restart it completes with one message', async () => {
  // Telegram is failing (500s), so the punch is recorded and the send keeps retrying...
  stack.fake.failNext({ method: 'sendMessage', chatId: aida.id, errorCode: 500, description: 'Internal Server Error', times: 1000 });
  const row = await stack.insertPunch({ employee: '791028302728', terminal: 'Mid-flight' });
  await eventually(async () => (await stack.appPool.query("SELECT 1 FROM punches WHERE source_id LIKE '%:' || $1", [String(row)])).rowCount, 20_000, 'the punch to be recorded');
  await eventually(async () => stack.fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 500).length >= 1, 20_000, 'a failed send');

  // ...when the worker process dies without any chance to clean up.
  await stack.kill('worker');
  const handle = stack.temporal.workflow.getHandle(await stack.biotimePunchWorkflowId(row));
  expect((await handle.describe()).status.name).toBe('RUNNING');

  // Telegram recovers and the worker comes back.
  stack.fake.clearFailures();
  await sleep(500);
  await stack.start('worker');

  const outcome = await handle.result();
  expect(outcome).toMatchObject({ created: true, sent: 1 });
  await sleep(1_000);
  expect(stack.fake.sentTo(aida.id).filter((s) => s.text.includes('Mid-flight'))).toHaveLength(1);
  const { rows } = await stack.appPool.query("SELECT count(*)::int AS n FROM punches WHERE source_id LIKE '%:' || $1", [String(row)]);
  expect(rows[0].n).toBe(1);
});

test('When punches arrive while no worker runs at all, then they are all delivered once it starts', async () => {
  await stack.stop('worker');
  const rows = [];
  for (let i = 0; i < 5; i++) rows.push(await stack.insertPunch({ employee: '791028302728', terminal: `Queued-${i}` }));
  await sleep(1_000);
  expect(stack.fake.sentTo(aida.id).some((s) => s.text.includes('Queued-'))).toBe(false);

  await stack.start('worker');
  for (const row of rows) expect(await stack.punchOutcome(row)).toMatchObject({ sent: 1 });
  expect(stack.fake.sentTo(aida.id).filter((s) => s.text.includes('Queued-'))).toHaveLength(5);
});
