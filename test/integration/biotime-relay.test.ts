// The relay's promise: the cursor moves only over rows whose workflow start Temporal accepted.
// Temporal's client is replaced by one that refuses chosen starts, so a refusal can be
// produced on demand (the real client mostly waits out a short outage instead of failing).
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { createBiotimeSource } from '../../db/biotime-source';
import { readCursor, readPosition } from '../../db/repositories/biotime-cursor';
import { ensureBiotimeTenant } from '../../db/repositories/tenants';
import { createTenantScopedPool } from '../../db/tenant-scope';
import { biotimeSourceId } from '../../domain/biotime';
import { punchWorkflowId } from '../../domain/punch';
import { BiotimeRelay, GAP_SETTLE_MS, missingBetween } from '../../workers/biotime-relay';
import { eventually, localNow, startStack, type Stack } from '../support/stack';

let stack: Stack;
const started: string[] = [];
let refuse = new Set<string>();

const memos = new Map<string, Record<string, unknown> | undefined>();
const temporalDouble = {
  workflow: {
    async start(_type: string, options: { workflowId: string; memo?: Record<string, unknown> }) {
      if (refuse.has(options.workflowId)) throw new Error('UNAVAILABLE: connection refused');
      if (started.includes(options.workflowId)) throw new WorkflowExecutionAlreadyStartedError('already started', options.workflowId, 'punch');
      started.push(options.workflowId);
      memos.set(options.workflowId, options.memo);
      // What the SDK's start answers with (a handle that says whether it was started eagerly).
      return { workflowId: options.workflowId, eagerlyStarted: false };
    },
    getHandle(workflowId: string) {
      return { describe: async () => ({ memo: memos.get(workflowId) }) };
    },
  },
} as unknown as Client;

let relay: BiotimeRelay;
let appRole: ReturnType<typeof createTenantScopedPool>;
let clock = Date.now();
let sourceUid = '';
const workflowIdOf = (rowId: number) => punchWorkflowId('biotime', biotimeSourceId(sourceUid, rowId));

beforeAll(async () => {
  stack = await startStack({ services: [] });
  const { tenant, sourceUid: uid } = await ensureBiotimeTenant(stack.appPool, { sourceKey: 'default', tableName: 'iclock_transaction', tenantName: 'T', timeZone: 'Asia/Almaty' });
  await stack.appPool.query('UPDATE biotime_sources SET last_id = 0');
  appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 2 });
  relay = new BiotimeRelay({
    appPool: appRole,
    source: createBiotimeSource(stack.biotimePool, { table: 'iclock_transaction', iinColumn: 'emp_code' }),
    client: temporalDouble,
    log: pino({ level: 'silent' }),
    sourceKey: 'default',
    sourceUid: (sourceUid = uid),
    tenantId: tenant.id,
    timeZone: 'Asia/Almaty',
    parallelStarts: 4,
    now: () => clock,
  });
});
afterAll(async () => {
  await appRole?.end();
  await stack?.close();
});

test('When Temporal refuses one start, then the cursor stops before it and the rows after it are retried later, nothing skipped', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 6; i++) ids.push(await stack.insertPunch({ employee: '791028302728' }));
  refuse = new Set([workflowIdOf(ids[2]!)]);

  await expect(relay.drain()).rejects.toThrow(/UNAVAILABLE/);
  expect(await readCursor(stack.appPool, 'default')).toBe(ids[1]);

  refuse = new Set();
  const result = await relay.drain();
  expect(result.cursor).toBe(ids[5]);
  expect(await readCursor(stack.appPool, 'default')).toBe(ids[5]);
  // Every row was started; rows after the refused one that had been started already count as accepted.
  expect(new Set(started)).toEqual(new Set(ids.map(workflowIdOf)));
});

/** Drains until no gap is open (each drain is a chance to see every older transaction ended). */
async function gapsClosed(): Promise<void> {
  await eventually(async () => {
    await relay.drain();
    return (await readPosition(stack.appPool, 'default')).openGaps.length === 0;
  }, 20_000, 'the open gaps to close');
}

/** A terminal transaction that has inserted a row and not committed yet. */
async function openInsert(): Promise<{ id: number; client: PgClient }> {
  const client = new PgClient({ connectionString: String(stack.env.BIOTIME_DATABASE_URL) });
  await client.connect();
  await client.query('BEGIN');
  const { rows } = await client.query("INSERT INTO iclock_transaction (emp_code, punch_time) VALUES ('791028302728', $1) RETURNING id", [localNow()]);
  return { id: rows[0].id, client };
}

test('When a row commits after a later one, then it is handed over on the next drain; a gap stays open while its transaction runs, however long', async () => {
  const slow = await openInsert();
  const fast = await stack.insertPunch({ employee: '791028302728' });
  await relay.drain();
  expect(await readPosition(stack.appPool, 'default')).toEqual({ cursor: fast, openGaps: [[slow.id, slow.id]] });

  // An hour later the transaction is still open: the gap must not be given up.
  clock += GAP_SETTLE_MS;
  await relay.drain();
  clock += 3_600_000;
  await relay.drain();
  expect((await readPosition(stack.appPool, 'default')).openGaps).toEqual([[slow.id, slow.id]]);
  expect(started).not.toContain(workflowIdOf(slow.id));

  await slow.client.query('COMMIT');
  await slow.client.end();
  const result = await relay.drain();
  expect(result.handed).toBe(1);
  expect(started.filter((id) => id === workflowIdOf(slow.id))).toHaveLength(1);

  // Once every transaction that could have held the id has ended, the gap closes (transaction ids
  // are server-wide, so other databases' transactions may hold that moment back a little); later
  // drains do not start the row again.
  clock += GAP_SETTLE_MS;
  await gapsClosed();
  expect(started.filter((id) => id === workflowIdOf(slow.id))).toHaveLength(1);
});

test('When a transaction that took an id rolls back, then its gap closes after it has settled and nothing is started for it', async () => {
  const doomed = await openInsert();
  const after = await stack.insertPunch({ employee: '791028302728' });
  await relay.drain();
  await doomed.client.query('ROLLBACK');
  await doomed.client.end();

  // Too soon to tell: an id just taken may belong to a transaction that has no xid yet.
  await relay.drain();
  expect((await readPosition(stack.appPool, 'default')).openGaps).toEqual([[doomed.id, doomed.id]]);
  clock += GAP_SETTLE_MS;
  await relay.drain(); // the gap's horizon is taken
  await gapsClosed(); // every transaction below it has ended: closed
  expect(await readPosition(stack.appPool, 'default')).toEqual({ cursor: after, openGaps: [] });
  expect(started).not.toContain(workflowIdOf(doomed.id));
});

test('Missing ids between the cursor and the rows read are whole ranges, so a jump in the sequence costs one range', () => {
  expect(missingBetween(10, [11, 12, 13])).toEqual([]);
  expect(missingBetween(10, [12, 13, 17])).toEqual([[11, 11], [14, 16]]);
  expect(missingBetween(0, [1_000_001])).toEqual([[1, 1_000_000]]);
});
