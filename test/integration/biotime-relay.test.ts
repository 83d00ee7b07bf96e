// The relay's promise: the cursor moves only over rows whose workflow start Temporal accepted.
// Temporal's client is replaced by one that refuses chosen starts, so a refusal can be
// produced on demand (the real client mostly waits out a short outage instead of failing).
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import pino from 'pino';
import { createBiotimeSource } from '../../db/biotime-source';
import { readCursor } from '../../db/repositories/biotime-cursor';
import { ensureBiotimeTenant } from '../../db/repositories/tenants';
import { createTenantScopedPool } from '../../db/tenant-scope';
import { BiotimeRelay } from '../../workers/biotime-relay';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
const started: string[] = [];
let refuse = new Set<string>();

const temporalDouble = {
  workflow: {
    async start(_type: string, options: { workflowId: string }) {
      if (refuse.has(options.workflowId)) throw new Error('UNAVAILABLE: connection refused');
      if (started.includes(options.workflowId)) throw new WorkflowExecutionAlreadyStartedError('already started', options.workflowId, 'punch');
      started.push(options.workflowId);
    },
  },
} as unknown as Client;

let relay: BiotimeRelay;
let appRole: ReturnType<typeof createTenantScopedPool>;

beforeAll(async () => {
  stack = await startStack({ services: [] });
  const { tenant } = await ensureBiotimeTenant(stack.appPool, { sourceKey: 'default', tableName: 'iclock_transaction', tenantName: 'T', timeZone: 'Asia/Almaty' });
  await stack.appPool.query('UPDATE biotime_sources SET last_id = 0');
  appRole = createTenantScopedPool(String(stack.env.DATABASE_URL), { max: 2 });
  relay = new BiotimeRelay({
    appPool: appRole,
    source: createBiotimeSource(stack.biotimePool, { table: 'iclock_transaction', iinColumn: 'emp_code' }),
    client: temporalDouble,
    log: pino({ level: 'silent' }),
    sourceKey: 'default',
    tenantId: tenant.id,
    timeZone: 'Asia/Almaty',
    parallelStarts: 4,
  });
});
afterAll(async () => {
  await appRole?.end();
  await stack?.close();
});

test('When Temporal refuses one start, then the cursor stops before it and the rows after it are retried later, nothing skipped', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 6; i++) ids.push(await stack.insertPunch({ employee: '791028302728' }));
  refuse = new Set([`punch:biotime:${ids[2]}`]);

  await expect(relay.drain()).rejects.toThrow(/UNAVAILABLE/);
  expect(await readCursor(stack.appPool, 'default')).toBe(ids[1]);

  refuse = new Set();
  const result = await relay.drain();
  expect(result.cursor).toBe(ids[5]);
  expect(await readCursor(stack.appPool, 'default')).toBe(ids[5]);
  // Every row was started; rows after the refused one that had been started already count as accepted.
  expect(new Set(started)).toEqual(new Set(ids.map((id) => `punch:biotime:${id}`)));
});
