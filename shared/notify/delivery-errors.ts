/** Errors of one SMS delivery that make the stream retry the record, rather than record an outcome. */

/** A claim held by an invocation that may still be running; the record is retried once its lease has run out. */
export class ClaimHeldError extends Error {
  override readonly name = 'ClaimHeldError';
}

/** Too little of the invocation is left to finish a Publish: a timeout mid-call would leave its outcome unknown. */
export class OutOfTimeError extends Error {
  override readonly name = 'OutOfTimeError';
}
