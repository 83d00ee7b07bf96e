// Errors that say something about the moment, not about the request: the database restarting,
// refusing connections while it starts, a dropped connection, too many clients, a serialization
// conflict. The same request, tried again shortly, succeeds.

/** SQLSTATE classes and codes that mean "try again". */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '57P01', // admin_shutdown (the server is restarting)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (the server is starting)
]);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** node-postgres reports a lost connection or an exhausted wait only in its message. */
const TRANSIENT_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /^Client has encountered a connection error/, /Client was closed and is not queryable/];

/** Whether a database error (or an error caused by one) would likely not recur if tried again. */
export function isTransientDbError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const { code, message, cause, errors } = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_NETWORK_CODES.has(code))) return true;
  if (typeof message === 'string' && TRANSIENT_MESSAGES.some((m) => m.test(message))) return true;
  // An AggregateError (a connection attempt to several addresses) or a wrapped cause.
  if (Array.isArray(errors) && errors.some((e) => isTransientDbError(e, depth + 1))) return true;
  return isTransientDbError(cause, depth + 1);
}
