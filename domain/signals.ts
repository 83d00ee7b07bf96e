// Signal definitions shared by workflows and the code that signals them, and the ids of the
// workflows they reach. Ids name entities by their UUIDs: unique for all time, even when the
// product's database is recreated or restored while Temporal keeps its history.
import { defineSignal } from '@temporalio/workflow';

/** The member clocked back from the break a breakWatch is timing. */
export const breakEndedSignal = defineSignal<[{ at: string; punchId: number }]>('breakEnded');

export function breakWatchId(breakPunchUid: string): string {
  return `break:${breakPunchUid}`;
}

/** The company's rules changed: the reminder schedule must be worked out again. */
export const rulesChangedSignal = defineSignal('rulesChanged');

export function shiftRemindersId(tenantUid: string): string {
  return `reminders:${tenantUid}`;
}

export function shiftWatchId(memberUid: string, workday: string): string {
  return `shift:${memberUid}:${workday}`;
}

/** Ids of workflows started before entities had UUIDs; running ones still answer to them. */
export const legacyIds = {
  breakWatch: (tenantId: number, memberId: number, breakPunchId: number) => `break:${tenantId}:${memberId}:${breakPunchId}`,
  shiftWatch: (tenantId: number, memberId: number, workday: string) => `shift:${tenantId}:${memberId}:${workday}`,
  isShiftReminders: (workflowId: string) => /^reminders:\d+$/.test(workflowId),
};
