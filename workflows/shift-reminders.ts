// shiftReminders: one per company (id reminders:<tenant uid>), started at setup. Sleeps until the
// next reminder the rules ask for, posts it to the group, and continues as new, so its history
// stays short. A rulesChanged signal makes it work the schedule out again at once.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, condition, continueAsNew, patched, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { legacyIds, rulesChangedSignal, shiftRemindersId } from '../domain/signals';
import { storage } from './storage';
import { telegram } from './telegram';

/** Loops started before tenants had UUIDs (reminders:<serial id>) hand over to the lasting id. */
const LASTING_IDS = 'lasting-workflow-ids';

export async function shiftReminders(tenantId: number): Promise<void> {
  let rulesChanged = false;
  setHandler(rulesChangedSignal, () => {
    rulesChanged = true;
  });

  if (legacyIds.isShiftReminders(workflowInfo().workflowId) && patched(LASTING_IDS)) {
    const uid = await storage.tenantUidOf(tenantId);
    if (uid !== null) {
      await startChild(shiftReminders, { workflowId: shiftRemindersId(uid), args: [tenantId], parentClosePolicy: ParentClosePolicy.ABANDON }).catch((err) => {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      });
    }
    return;
  }

  const next = await storage.nextGroupReminder(tenantId, new Date().toISOString());
  if (!next) {
    // Reminders are off (or the company is not active): look again tomorrow, or when told.
    await condition(() => rulesChanged, '24h');
    return continueAsNew<typeof shiftReminders>(tenantId);
  }
  const waitMs = Math.max(0, new Date(next.at).getTime() - Date.now());
  const interrupted = await condition(() => rulesChanged, waitMs);
  if (!interrupted) await telegram.sendTelegramMessage({ chatId: next.chatId, text: next.text });
  return continueAsNew<typeof shiftReminders>(tenantId);
}
