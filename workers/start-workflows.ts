// Starting workflows from outside: the workflow id is the business key, so a second start for
// the same thing (a repeated NOTIFY, a sweep after a crash, /setup twice) is accepted and does nothing.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { punchWorkflowId, type PunchInput } from '../domain/punch';
import { shiftRemindersId } from '../domain/signals';
import { SEARCH_ATTRIBUTES, TASK_QUEUES } from '../domain/temporal';

export async function startPunchWorkflow(client: Client, input: PunchInput): Promise<'started' | 'duplicate'> {
  try {
    await client.workflow.start('punch', {
      taskQueue: TASK_QUEUES.attendance,
      workflowId: punchWorkflowId(input.source, input.sourceId),
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.tenantId, value: String(input.tenantId) }],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
    throw err;
  }
}

/** The company's shift reminder loop; one per tenant, for as long as the tenant exists. */
export async function startShiftReminders(client: Client, tenantId: number): Promise<'started' | 'duplicate'> {
  try {
    await client.workflow.start('shiftReminders', {
      taskQueue: TASK_QUEUES.attendance,
      workflowId: shiftRemindersId(tenantId),
      args: [tenantId],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.tenantId, value: String(tenantId) }],
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
    throw err;
  }
}
