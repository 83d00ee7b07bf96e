// Starting workflows from outside: the workflow id is the business key, so a second start for
// the same thing (a repeated NOTIFY, a sweep after a crash, /setup twice, a re-delivered
// command) is accepted and does nothing.
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
  options: { workflowId: string; tenantId: number; args: unknown[]; reuse?: 'running' },
): Promise<'started' | 'duplicate'> {
  try {
    await client.workflow.start(workflowType, {
      taskQueue: TASK_QUEUES.attendance,
      workflowId: options.workflowId,
      args: options.args,
      ...(options.reuse === 'running' ? { workflowIdConflictPolicy: 'USE_EXISTING' as const } : { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const }),
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.tenantId, value: String(options.tenantId) }],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
    throw err;
  }
}

export function startPunchWorkflow(client: Client, input: PunchInput): Promise<'started' | 'duplicate'> {
  return startOnce(client, 'punch', { workflowId: punchWorkflowId(input.source, input.sourceId), tenantId: input.tenantId, args: [input] });
}

/** The company's shift reminder loop; one per tenant, for as long as the tenant exists. */
export function startShiftReminders(client: Client, tenantId: number): Promise<'started' | 'duplicate'> {
  return startOnce(client, 'shiftReminders', { workflowId: shiftRemindersId(tenantId), tenantId, args: [tenantId], reuse: 'running' });
}
