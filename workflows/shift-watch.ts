// shiftWatch: started by a member's start of the day (id shift:<tenant>:<member>:<workday>);
// when the shift is over (plus the rules' grace), tells them if they are still clocked in.
import { sleep } from '@temporalio/workflow';
import { storage } from './storage';
import { telegram } from './telegram';

export interface ShiftWatchInput {
  tenantId: number;
  memberId: number;
  workday: string;
  checkAt: string;
  notice: { chatId: number; text: string };
}

export async function shiftWatch(input: ShiftWatchInput): Promise<{ reminded: boolean }> {
  await sleep(Math.max(0, new Date(input.checkAt).getTime() - Date.now()));
  if (!(await storage.isStillClockedIn(input.tenantId, input.memberId, input.workday))) return { reminded: false };
  const outcome = await telegram.sendTelegramMessage(input.notice);
  return { reminded: outcome.status === 'sent' };
}
