// Which activity errors are worth retrying. A missing row, a step the data does not allow, input
// that can never be valid, or a PostgreSQL error about the data or the statement itself fails
// the same way every time: it becomes a non-retryable failure, so the workflow learns at once
// (and an operator sees it in the Temporal UI) instead of retrying forever. Everything else
// (a database or Redis that is unreachable, a deadlock, Telegram's 5xx) stays retryable.
import { ApplicationFailure } from '@temporalio/common';
import { InvalidInputError, InvalidStateError, NotFoundError } from '../db/errors';

/**
 * SQLSTATE classes that describe the statement or its data, not the server's state: 22 data
 * exception, 23 integrity constraint violation, 42 syntax error or access rule violation (row-level
 * security included), 0A feature not supported. Classes 08 (connection), 40 (serialization failure,
 * deadlock), 53 (resources) and 57 (operator intervention) are worth retrying.
 */
const PERMANENT_SQLSTATE = /^(22|23|42|0A)/;

export function asPermanentFailure(err: unknown): ApplicationFailure | null {
  if (err instanceof ApplicationFailure) return null;
  if (err instanceof NotFoundError || err instanceof InvalidStateError || err instanceof InvalidInputError) {
    return ApplicationFailure.nonRetryable(err.message, err.name);
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && PERMANENT_SQLSTATE.test(code)) {
    return ApplicationFailure.nonRetryable(`PostgreSQL ${code}: ${(err as Error).message}`, 'PostgresDataError');
  }
  return null;
}

type Activity = (...args: never[]) => Promise<unknown>;

/** The same activities, with permanent errors turned into non-retryable failures. */
export function withPermanentFailures<T extends Record<string, Activity>>(activities: T): T {
  const wrapped: Record<string, Activity> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (err) {
        throw asPermanentFailure(err) ?? err;
      }
    };
  }
  return wrapped as T;
}
