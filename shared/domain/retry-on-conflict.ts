/**
 * Trying a read → decide → write again when the write lost to another writer. Every writer of a report guards its
 * write with what it read (the version, or the number its next event takes), so losing means the decision was made
 * on a state that is gone: the whole attempt runs again on a fresh read, a bounded number of times. Only a conflict
 * is tried again; any other error (not found, a refused move, a stale If-Match) ends it at once.
 */

/** The write met a state other than the one it was decided on: read again and decide again. */
export class WriteConflict extends Error {}

export interface RetryOptions {
  /** attempts in all, the first included */
  attempts: number;
  /** which errors mean "read again" (default: a WriteConflict) */
  isConflict?: (err: unknown) => boolean;
  /** what to throw when the last attempt conflicted too (default: that conflict) */
  exhausted?: (conflict: unknown) => unknown;
  /** waited after a conflicting attempt before the next one */
  pause?: (attempt: number) => Promise<void>;
}

const isWriteConflict = (err: unknown) => err instanceof WriteConflict;

/** Runs `attempt(1)`, `attempt(2)`, … until one returns without a conflict or the attempts are used up. */
export async function retryOnConflict<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const isConflict = options.isConflict ?? isWriteConflict;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!isConflict(err)) throw err;
      if (n >= options.attempts) throw options.exhausted ? options.exhausted(err) : err;
      await options.pause?.(n);
    }
  }
}

/**
 * A random pause that grows with the attempt (up to `msPerAttempt` × attempt): writers that collided once
 * spread out instead of colliding again in step.
 */
export const jitter =
  (msPerAttempt: number) =>
  (attempt: number): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * msPerAttempt * attempt)));
