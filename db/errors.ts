// Errors that say something about the request itself, not about the moment: retrying will never
// change their outcome. Activities turn them into non-retryable failures (activities/failures.ts).

/** What was asked for does not exist (in this tenant). */
export class NotFoundError extends Error {
  override readonly name = 'NotFound';
}

/** The data is not in a state that allows this step (and waiting will not change that). */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidState';
}

/** The input can never be valid. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInput';
}
