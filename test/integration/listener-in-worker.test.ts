// Workers that also run the BioTime listener (WORKER_RUNS_LISTENER): the listener's client shares
// the worker's NativeConnection, so the server hands each punch's first workflow task straight
// back to that worker (eager start). Two such workers: one relays, the other stands by, and a
// SIGKILL of the active one loses and doubles nothing.
import path from 'node:path';
import { ServiceProcess } from '../../scripts/service-process';
import { freePort } from '../support/free-port';
import { eventually, sleep, startStack, type Stack } from '../support/stack';

let stack: Stack;
let second: ServiceProcess | null = null;
const metricsPorts: number[] = [];
const aida = { id: 9601, first_name: 'Aida' };
const IIN = '791028302728';

/** The value of one series in Prometheus text (0 when it has not appeared yet). */
function sample(metrics: string, name: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('source="default"'));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}
const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const notifiedTerminals = () => stack.fake.sentTo(aida.id).flatMap((s) => /Terminal: (Eager-\d+)/.exec(s.text)?.[1] ?? []);

beforeAll(async () => {
  stack = await startStack({ services: ['bot'] });
  metricsPorts.push(await freePort(), await freePort());
  await stack.start('worker', { WORKER_RUNS_LISTENER: 'true', METRICS_PORT: String(metricsPorts[0]) });
  await stack.register(aida, IIN);
  second = new ServiceProcess('worker', {
    env: { ...stack.env, WORKER_RUNS_LISTENER: 'true', METRICS_PORT: String(metricsPorts[1]) },
    logFile: path.join(stack.logDir, 'second-worker.log'),
  });
  await second.ready;
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await stack?.close();
});

test('When terminals punch at once, then the worker running the listener starts every punch eagerly and each is notified once', async () => {
  // Arrange
  const before = await scrape(metricsPorts[0]!);
  expect(second!.tail()).toContain('listener ready as standby');

  // Act: 20 punches committed together.
  const rows = await Promise.all(Array.from({ length: 20 }, (_, i) => stack.insertPunch({ employee: IIN, terminal: `Eager-${i + 1}` })));

  // Assert
  for (const row of rows) expect((await stack.punchOutcome(row)).sent).toBe(1);
  await sleep(1_000);
  expect(notifiedTerminals().sort()).toEqual(Array.from({ length: 20 }, (_, i) => `Eager-${i + 1}`).sort());
  const after = await scrape(metricsPorts[0]!);
  const relayed = sample(after, 'attendance_punches_relayed_total') - sample(before, 'attendance_punches_relayed_total');
  const eager = sample(after, 'attendance_punches_started_eagerly_total') - sample(before, 'attendance_punches_started_eagerly_total');
  expect(relayed).toBe(20);
  expect(eager).toBe(20);
  // The standby relayed nothing.
  expect(sample(await scrape(metricsPorts[1]!), 'attendance_punches_relayed_total')).toBe(0);
});

test('When the active worker is killed while punches flow, then the other takes over the source and the work, and every punch is notified once', async () => {
  // Arrange: a terminal punching every 100 ms for 3 seconds.
  const total = 30;
  const punching = (async () => {
    for (let i = 21; i < 21 + total; i++) {
      await stack.insertPunch({ employee: IIN, terminal: `Eager-${i}` });
      // Act: the worker relaying and running the punches dies mid-flow.
      if (i === 30) await stack.kill('worker');
      await sleep(100);
    }
  })();
  await punching;

  // Assert
  await eventually(async () => second!.tail(200).includes('took the listener lock'), 15_000, 'the second worker to take the source');
  await eventually(async () => notifiedTerminals().length >= 20 + total, 60_000, `${20 + total} notifications`);
  await sleep(1_500);
  const terminals = notifiedTerminals();
  expect(terminals).toHaveLength(20 + total);
  expect(new Set(terminals).size).toBe(20 + total);
  expect(sample(await scrape(metricsPorts[1]!), 'attendance_punches_started_eagerly_total')).toBeGreaterThan(0);
});
