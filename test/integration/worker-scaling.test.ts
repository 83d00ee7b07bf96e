// Workers scale by starting more: two workers on the task queue share the punches (Temporal's
// histories name the worker that ran each task), and killing one mid-flow loses and doubles nothing.
// A worker can also serve one task queue only (WORKER_TASK_QUEUES): workflows in one, sends in another.
import { hostname } from 'node:os';
import path from 'node:path';
import { ServiceProcess } from '../../scripts/service-process';
import { eventually, sleep, startStack, type Stack } from '../support/stack';

let stack: Stack;
let second: ServiceProcess | null = null;
const aida = { id: 9601, first_name: 'Aida' };
const IIN = '791028302728';

const notified = (prefix: string) => stack.fake.sentTo(aida.id).flatMap((s) => new RegExp(`Terminal: (${prefix}-\\d+)`).exec(s.text)?.[1] ?? []);

/** The identities of the workers that ran these workflows' workflow tasks and activity tasks. */
async function taskRunners(workflowIds: string[]): Promise<{ workflowTasks: Set<string>; activityTasks: Set<string> }> {
  const runners = { workflowTasks: new Set<string>(), activityTasks: new Set<string>() };
  for (const id of workflowIds) {
    const history = await stack.temporal.workflow.getHandle(id).fetchHistory();
    for (const event of history.events ?? []) {
      const workflowTask = event.workflowTaskStartedEventAttributes?.identity;
      const activityTask = event.activityTaskStartedEventAttributes?.identity;
      if (workflowTask) runners.workflowTasks.add(workflowTask);
      if (activityTask) runners.activityTasks.add(activityTask);
    }
  }
  return runners;
}

async function workersOf(workflowIds: string[]): Promise<Set<string>> {
  const { workflowTasks, activityTasks } = await taskRunners(workflowIds);
  return new Set([...workflowTasks, ...activityTasks]);
}

beforeAll(async () => {
  stack = await startStack({ services: ['worker', 'bot', 'listener'] });
  await stack.register(aida, IIN);
  second = new ServiceProcess('worker', { env: stack.env, logFile: path.join(stack.logDir, 'second-worker.log') });
  await second.ready;
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await stack?.close();
});

test('When two workers run, then the punches are shared between them and each is notified once', async () => {
  // Act
  for (let i = 1; i <= 40; i++) await stack.insertPunch({ employee: IIN, terminal: `Shared-${i}` });

  // Assert
  await eventually(async () => notified('Shared').length >= 40, 60_000, '40 notifications');
  await sleep(1_000);
  expect(new Set(notified('Shared')).size).toBe(40);
  expect(notified('Shared')).toHaveLength(40);
  const { rows } = await stack.appPool.query<{ workflow_id: string }>("SELECT workflow_id FROM punches WHERE terminal LIKE 'Shared-%'");
  expect(rows).toHaveLength(40);
  expect((await workersOf(rows.map((r) => r.workflow_id))).size).toBeGreaterThanOrEqual(2);
});

test('When one of two workers is killed while punches flow, then the other finishes its work: none lost, none doubled but what the dead one had sent', async () => {
  // Act: 40 punches; the first worker is killed (SIGKILL) after the 15th.
  let killedAt = 0;
  for (let i = 1; i <= 40; i++) {
    await stack.insertPunch({ employee: IIN, terminal: `Killed-${i}` });
    if (i === 15) {
      await stack.kill('worker');
      killedAt = Date.now();
    }
    await sleep(50);
  }

  // Assert: the surviving worker delivers all of them (a task the dead one held is retried after its timeout).
  await eventually(async () => new Set(notified('Killed')).size >= 40, 90_000, '40 notifications after the kill');
  await sleep(1_500);
  expect(new Set(notified('Killed')).size).toBe(40);
  // A second copy only where Telegram took the first before the worker died, too soon for it to
  // report the send (Telegram's at-least-once window: nobody can know such a message arrived).
  const copies = new Map<string, number[]>();
  for (const s of stack.fake.sentTo(aida.id)) {
    const tag = /Terminal: (Killed-\d+)/.exec(s.text)?.[1];
    if (tag) copies.set(tag, [...(copies.get(tag) ?? []), s.at]);
  }
  for (const [tag, times] of copies) {
    if (times.length === 1) continue;
    expect({ tag, copies: times.length }).toEqual({ tag, copies: 2 });
    expect(times[0]!).toBeLessThanOrEqual(killedAt);
  }
  expect([...copies.values()].filter((t) => t.length > 1).length).toBeLessThanOrEqual(2);
});

test('When one worker serves only the workflows and another only the sends, then every punch is recorded by the first and sent by the second, once', async () => {
  // Arrange: the both-queue workers are gone (one was killed above); one of each kind instead.
  await second?.stop();
  second = null;
  const workflows = new ServiceProcess('worker', { env: { ...stack.env, WORKER_TASK_QUEUES: 'attendance' }, logFile: path.join(stack.logDir, 'workflows-worker.log') });
  const sender = new ServiceProcess('worker', { env: { ...stack.env, WORKER_TASK_QUEUES: 'telegram-outbound' }, logFile: path.join(stack.logDir, 'sender-worker.log') });
  try {
    await Promise.all([workflows.ready, sender.ready]);

    // Act
    for (let i = 1; i <= 20; i++) await stack.insertPunch({ employee: IIN, terminal: `Split-${i}` });

    // Assert
    await eventually(async () => notified('Split').length >= 20, 60_000, '20 notifications');
    await sleep(1_000);
    expect(notified('Split')).toHaveLength(20);
    expect(new Set(notified('Split')).size).toBe(20);
    const { rows } = await stack.appPool.query<{ workflow_id: string }>("SELECT workflow_id FROM punches WHERE terminal LIKE 'Split-%'");
    expect(rows).toHaveLength(20);
    const runners = await taskRunners(rows.map((r) => r.workflow_id));
    const identity = (p: ServiceProcess) => `${p.child.pid}@${hostname()}`;
    expect([...runners.workflowTasks]).toEqual([identity(workflows)]);
    expect([...runners.activityTasks]).toEqual([identity(sender)]);
  } finally {
    await sender.stop();
    await workflows.stop();
  }
});
