// Starting a punch workflow: the workflow id is the business key, so a second start for the
// same punch (a repeated NOTIFY, a sweep after a crash) is accepted and does nothing.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { punchWorkflowId, type PunchInput } from '../domain/punch';
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
