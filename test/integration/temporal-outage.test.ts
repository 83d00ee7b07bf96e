// Temporal itself goes down: the listener keeps the punches (its cursor does not move) and
// hands them over once the server is back; nothing is lost, nothing doubled.
import { testRunEnv } from '../support/env';
import { eventually, sleep, startStack, type Stack } from '../support/stack';
import { startTestTemporal, temporalKind, type TestTemporal } from '../support/temporal-server';

// A server of its own (the run's kind: dev server or PostgreSQL-backed), since this test stops it.
let temporal: TestTemporal;
let stack: Stack;
const aida = { id: 9401, first_name: 'Aida' };

beforeAll(async () => {
  const run = testRunEnv();
  temporal = await startTestTemporal({
    kind: temporalKind(),
    devBin: run.temporalBin,
    namespaces: ['default'],
    databasePrefix: `att_${run.runId}_outage`,
    postgresUrl: run.postgresUrl,
    persistent: true,
  });
  stack = await startStack({ env: { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default' } });
  await stack.register(aida, '791028302728');
});
afterAll(async () => {
  await stack?.close();
  await temporal?.close();
});

test('When Temporal is down while punches are recorded, then they are all delivered once after it returns', async () => {
  const cursorBefore = (await stack.appPool.query('SELECT last_id FROM biotime_sources')).rows[0].last_id;
  await temporal.stop();

  const rows: number[] = [];
  for (let i = 0; i < 20; i++) rows.push(await stack.insertPunch({ employee: '791028302728', terminal: `Outage-${i}` }));
  await sleep(3_000);
  expect((await stack.appPool.query('SELECT last_id FROM biotime_sources')).rows[0].last_id).toBe(cursorBefore);
  expect(stack.fake.sentTo(aida.id).some((s) => s.text.includes('Outage-'))).toBe(false);

  await temporal.start();

  await eventually(async () => stack.fake.sentTo(aida.id).filter((s) => s.text.includes('Outage-')).length >= 20, 90_000, '20 notifications');
  await sleep(1_000);
  const terminals = stack.fake.sentTo(aida.id).flatMap((s) => /Terminal: (Outage-\d+)/.exec(s.text)?.[1] ?? []);
  expect(terminals).toHaveLength(20);
  expect(new Set(terminals).size).toBe(20);
  expect((await stack.appPool.query('SELECT last_id FROM biotime_sources')).rows[0].last_id).toBe(rows.at(-1));
});
