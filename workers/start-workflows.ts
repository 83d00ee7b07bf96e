// Starting workflows from outside: the workflow id is the business key, so a second start for
// the same thing (a repeated NOTIFY, a sweep after a crash, /setup twice, a re-delivered
// command) is accepted and does nothing.
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { punchWorkflowId, type PunchInput } from '../domain/punch';
import { shiftRemindersId } from '../domain/signals';
import { SEARCH_ATTRIBUTES, TASK_QUEUES } from '../domain/temporal';

/**
 * Starts `workflowType` once per id on the attendance queue, tagged with its tenant.
 * `running` workflows are reused (long-lived loops); otherwise an id is never used twice.
 */
export async function startOnce(
  client: Client,
  workflowType: string,
  options: { workflowId: string; tenantId: number; args: unknown[]; reuse?: 'running'; memo?: Record<string, unknown>; eager?: boolean },
): Promise<'started' | 'eagerly started' | 'duplicate'> {
  try {
    const handle = await client.workflow.start(workflowType, {
      // Only on a client sharing the worker's NativeConnection (a worker that runs the listener).
      ...(options.eager ? { requestEagerStart: true } : {}),
      taskQueue: TASK_QUEUES.attendance,
      workflowId: options.workflowId,
      args: options.args,
      ...(options.reuse === 'running' ? { workflowIdConflictPolicy: 'USE_EXISTING' as const } : { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const }),
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.tenantId, value: String(options.tenantId) }],
      ...(options.memo ? { memo: options.memo } : {}),
    });
    return handle.eagerlyStarted ? 'eagerly started' : 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
    throw err;
  }
}

/** What a punch is, independent of where it came from: the same punch read twice has the same fingerprint. */
export function punchFingerprint(input: PunchInput): string {
  return createHash('sha256')
    .update(JSON.stringify([input.tenantId, input.source, input.sourceId, input.employeeCode, input.punchedAt, input.kind, input.terminal]))
    .digest('hex')
    .slice(0, 24);
}

/** A workflow id already names a different punch: the two must never be taken for one another. */
export class PunchIdTakenError extends Error {
  constructor(readonly workflowId: string) {
    super(`workflow id ${workflowId} already names a different punch`);
    this.name = 'PunchIdTakenError';
  }
}

/**
 * Starts a punch's workflow once. "Already started" counts as done only when the workflow under
 * that id is this very punch (its memo carries the punch's fingerprint); a different punch under
 * the same id (a BioTime table recreated behind a source that kept its registration, so row ids
 * start again) is refused loudly rather than taken as done.
 */
export async function startPunchWorkflow(
  client: Client,
  input: PunchInput,
  o: { eager?: boolean } = {},
): Promise<'started' | 'eagerly started' | 'duplicate'> {
  const fingerprint = punchFingerprint(input);
  const workflowId = punchWorkflowId(input.source, input.sourceId);
  const started = await startOnce(client, 'punch', { workflowId, tenantId: input.tenantId, args: [input], memo: { fingerprint }, eager: o.eager });
  if (started !== 'duplicate') return started;
  const existing = await client.workflow.getHandle(workflowId).describe();
  if (existing.memo?.fingerprint !== fingerprint) throw new PunchIdTakenError(workflowId);
  return 'duplicate';
}

/** The company's shift reminder loop; one per tenant, for as long as the tenant exists. */
export function startShiftReminders(client: Client, tenant: { id: number; uid: string }): Promise<'started' | 'eagerly started' | 'duplicate'> {
  return startOnce(client, 'shiftReminders', { workflowId: shiftRemindersId(tenant.uid), tenantId: tenant.id, args: [tenant.id], reuse: 'running' });
}
