// breakWatch: a durable timer for one break's allowance. If the member is not back in time they
// are told (the penalty is priced when they clock back, from the real overrun minutes); the
// return punch ends it with a signal. The database is checked too, so a lost signal cannot
// produce a false warning.
import { condition, setHandler } from '@temporalio/workflow';
import { breakEndedSignal } from '../domain/signals';
import { storage } from './storage';
import { telegram } from './telegram';

export interface BreakWatchInput {
  tenantId: number;
  memberId: number;
  breakPunchId: number;
  allowanceMs: number;
  /**
   * When the break began (the punch's time): the allowance runs from then, so a break read late
   * (a backlog after an outage) is not given extra time. Absent in watches started before it existed.
   */
  startedAt?: string;
  overrunNotice: { chatId: number; text: string };
}

export async function breakWatch(input: BreakWatchInput): Promise<{ overran: boolean }> {
  let ended = false;
  setHandler(breakEndedSignal, () => {
    ended = true;
  });
  if (!(await storage.isBreakOpen(input.tenantId, input.breakPunchId))) return { overran: false };
  const allowanceLeftMs = input.startedAt ? Math.max(0, new Date(input.startedAt).getTime() + input.allowanceMs - Date.now()) : input.allowanceMs;
  if (await condition(() => ended, allowanceLeftMs)) return { overran: false };
  if (!(await storage.isBreakOpen(input.tenantId, input.breakPunchId))) return { overran: false };

  await telegram.sendTelegramMessage(input.overrunNotice);
  // Stay visible in the Temporal UI while the overrun lasts (the day's close handles a no-return).
  await condition(() => ended, '16h');
  return { overran: true };
}
