// Signal definitions shared by workflows and the code that signals them.
import { defineSignal } from '@temporalio/workflow';

/** The member clocked back from the break a breakWatch is timing. */
export const breakEndedSignal = defineSignal<[{ at: string; punchId: number }]>('breakEnded');

export function breakWatchId(tenantId: number, memberId: number, breakPunchId: number): string {
  return `break:${tenantId}:${memberId}:${breakPunchId}`;
}

/** The company's rules changed: the reminder schedule must be worked out again. */
export const rulesChangedSignal = defineSignal('rulesChanged');

export function shiftRemindersId(tenantId: number): string {
  return `reminders:${tenantId}`;
}

export function shiftWatchId(tenantId: number, memberId: number, workday: string): string {
  return `shift:${tenantId}:${memberId}:${workday}`;
}
