// Connecting to Temporal with patience: the server may still be starting, or briefly down.
import type { Logger } from '../config/logger';
import { describeError } from '../config/logger';

export async function withBackoff<T>(
  what: string,
  attempt: () => Promise<T>,
  log: Logger,
  options: { signal?: AbortSignal; maxDelayMs?: number } = {},
): Promise<T> {
  let delay = 250;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (options.signal?.aborted) throw err;
      log.warn({ err: describeError(err), retryInMs: delay }, `${what} failed; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 10_000);
    }
  }
}
