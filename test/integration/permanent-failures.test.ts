// Errors that will never succeed fail their workflow at once, visibly; errors of the moment (the
// database out of reach) are still retried until they pass.
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { PunchInput } from '../../domain/punch';
import { eventually, startStack, type Stack } from '../support/stack';

let stack: Stack;
let biotimeTenantId: number;
const aida = { id: 6201, first_name: 'Aida' };
const AIDA_IIN = '791028302728';

beforeAll(async () => {
  stack = await startStack();
  await stack.register(aida, AIDA_IIN);
  biotimeTenantId = (await stack.appPool.query('SELECT tenant_id FROM biotime_sources')).rows[0].tenant_id;
});
afterAll(async () => {
  await stack?.close();
});

const punch = (overrides: Partial<PunchInput>): PunchInput => ({
  tenantId: biotimeTenantId,
  source: 'biotime',
  sourceId: `test:${Math.random().toString(36).slice(2)}`,
  employeeCode: AIDA_IIN,
  punchedAt: new Date().toISOString(),
  kind: 'check-in',
  punchState: 0,
  terminal: 'Test',
  raw: {},
  ...overrides,
});

/** Runs a workflow and returns how it failed and how long that took. */
async function failureOf(type: string, args: unknown[]): Promise<{ cause: ApplicationFailure; ms: number }> {
  const started = Date.now();
  const handle = await stack.temporal.workflow.start(type, { taskQueue: 'attendance', workflowId: `failure-test:${Math.random()}`, args });
  try {
    // Old behaviour (retried forever) would hang here: give up well before jest does.
    await Promise.race([handle.result(), new Promise((_, reject) => setTimeout(() => reject(new Error('still retrying after 20 s')), 20_000))]);
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    let cause: unknown = err.cause;
    while (cause && !(cause instanceof ApplicationFailure)) cause = (cause as { cause?: unknown }).cause;
    if (!(cause instanceof ApplicationFailure)) throw err;
    return { cause, ms: Date.now() - started };
  }
  throw new Error(`${type} did not fail`);
}

test('When a punch names a company that does not exist, then its workflow fails at once with NotFound instead of retrying forever', async () => {
  const { cause, ms } = await failureOf('punch', [punch({ tenantId: 999_999 })]);
  expect(cause.type).toBe('NotFound');
  expect(cause.nonRetryable).toBe(true);
  expect(ms).toBeLessThan(10_000);
});

test('When a request\'s row is gone before its workflow runs, then the workflow fails at once with NotFound', async () => {
  const { cause } = await failureOf('advanceRequest', [
    { tenantId: biotimeTenantId, memberId: 1, adminUserIds: [1], expiresAt: new Date(Date.now() + 3_600_000).toISOString(), advanceId: 424_242, amount: 100, currency: 'KZT' },
  ]);
  expect(cause.type).toBe('NotFound');
});

test('When PostgreSQL rejects the data itself, then the step is not retried', async () => {
  const { cause } = await failureOf('punch', [punch({ punchedAt: 'the day after tomorrow' })]);
  expect(cause.type).toBe('PostgresDataError');
  expect(cause.message).toContain('22007');
});

test('When the worker cannot reach PostgreSQL for a while, then the punch is retried and delivered once it can', async () => {
  // Arrange: the worker reaches PostgreSQL through a link that the test cuts.
  const link = await stack.restartBehindLink('worker', 'DATABASE_URL');
  try {
    await link.cut();

    // Act: a punch arrives while the worker is cut off, and the link comes back 4 s later.
    const row = await stack.insertPunch({ employee: AIDA_IIN, terminal: 'Through the outage' });
    await new Promise((r) => setTimeout(r, 4_000));
    expect(stack.fake.sentTo(aida.id).some((s) => s.text.includes('Through the outage'))).toBe(false);
    await link.restore();

    // Assert
    await stack.fake.waitForSent((s) => s.chatId === aida.id && s.text.includes('Through the outage'), 60_000, 'the punch after the outage');
    expect(await stack.punchOutcome(row, 30_000)).toMatchObject({ sent: 1 });
    await eventually(async () => stack.fake.sentTo(aida.id).filter((s) => s.text.includes('Through the outage')).length === 1, 2_000, 'exactly one notice');
  } finally {
    await stack.restoreDirect('worker', link);
  }
});
