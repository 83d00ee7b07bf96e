// Two listeners for one BioTime source: one relays, the other stands by (an advisory lock on the
// app database). Killing the active one while terminals keep punching hands the source to the
// standby within seconds, and every punch is notified exactly once.
import path from 'node:path';
import { ServiceProcess } from '../../scripts/service-process';
import { eventually, sleep, startStack, type Stack } from '../support/stack';

let stack: Stack;
let standby: ServiceProcess | null = null;
const aida = { id: 9501, first_name: 'Aida' };
const IIN = '791028302728';

const notifiedTerminals = () => stack.fake.sentTo(aida.id).flatMap((s) => /Terminal: (Standby-\d+)/.exec(s.text)?.[1] ?? []);

beforeAll(async () => {
  stack = await startStack({ services: ['worker', 'bot', 'listener'] });
  await stack.register(aida, IIN);
  standby = new ServiceProcess('listener', { env: stack.env, logFile: path.join(stack.logDir, 'standby-listener.log') });
  await standby.ready;
}, 120_000);

afterAll(async () => {
  await standby?.stop();
  await stack?.close();
});

test('When a second listener starts for the same source, then it stands by and relays nothing while the first is alive', async () => {
  await eventually(async () => standby!.tail().includes('listener ready as standby'), 10_000, 'the standby to say so');
  await stack.insertPunch({ employee: IIN, terminal: 'Standby-0' });
  await eventually(async () => notifiedTerminals().includes('Standby-0'), 20_000, 'the first punch notified');
  expect(standby!.tail()).not.toContain('took the listener lock');
  expect(standby!.tail()).not.toContain('punches handed to Temporal');
});

test('When the active listener is killed while punches flow, then the standby takes over within seconds and every punch is notified once', async () => {
  // Arrange: a terminal punching every 100 ms for 4 seconds.
  const total = 40;
  let killedAt = 0;
  const punching = (async () => {
    for (let i = 1; i <= total; i++) {
      await stack.insertPunch({ employee: IIN, terminal: `Standby-${i}` });
      if (i === 15) {
        // Act: the active listener dies mid-flow.
        killedAt = Date.now();
        await stack.kill('listener');
      }
      await sleep(100);
    }
  })();
  await punching;

  // Assert: the standby took the lock soon after the kill ...
  await eventually(async () => standby!.tail(200).includes('took the listener lock'), 15_000, 'the standby to take over');
  const tookAt = Date.parse(/"time":"([^"]+)"[^\n]*took the listener lock/.exec(standby!.tail(200))?.[1] ?? '');
  expect(tookAt - killedAt).toBeLessThan(5_000);
  // ... and every punch, before, during and after the switch, was notified exactly once.
  await eventually(async () => notifiedTerminals().length >= total + 1, 60_000, `${total + 1} notifications`);
  await sleep(1_500);
  const terminals = notifiedTerminals();
  expect(terminals).toHaveLength(total + 1);
  expect(new Set(terminals).size).toBe(total + 1);
});
