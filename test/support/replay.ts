// Replaying workflow histories on the workflow bundle this test run built (the current code).
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { testRunEnv } from './env';

let quiet = false;

/** Replays each history; resolves with the error of each one that did not replay (none: an empty list). */
export async function replayErrors(histories: Array<{ workflowId: string; history: temporal.api.history.v1.IHistory }>): Promise<Array<{ workflowId: string; error: unknown }>> {
  if (!quiet) {
    // Replay workers log their lifecycle at INFO; only problems matter here. The runtime is one
    // per process and may already be set up by another test file of this jest worker.
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed
    }
    quiet = true;
  }
  const failed: Array<{ workflowId: string; error: unknown }> = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testRunEnv().workflowBundle } }, histories)) {
    if (result.error) failed.push({ workflowId: result.workflowId, error: result.error });
  }
  return failed;
}
