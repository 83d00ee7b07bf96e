// Signal definitions shared by workflows and the code that signals them.
import { defineSignal } from '@temporalio/workflow';

/** The member clocked back from the break a breakWatch is timing. */
export const breakEndedSignal = defineSignal<[{ at: string; punchId: number }]>('breakEnded');

export function breakWatchId(tenantId: number, memberId: number, breakPunchId: number): string {
  return `break:${tenantId}:${memberId}:${breakPunchId}`;
}
