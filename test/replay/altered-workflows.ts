// A deliberately incompatible version of advanceRequest: it waits on a timer where the real one
// first runs its storage step. Replaying a real history on it must fail.
import { sleep } from '@temporalio/workflow';

export async function advanceRequest(): Promise<void> {
  await sleep('1 day');
}
