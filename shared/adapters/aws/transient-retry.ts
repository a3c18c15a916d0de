import { retryOnConflict } from '../../domain/retry-on-conflict';

/**
 * Requests made without an SDK client (Secrets Manager, S3 objects) are retried as the SDK's standard retry would:
 * three attempts in all, pausing 100 then 200 ms (`backoffMs` doubling). Only what `isTransient` names is tried
 * again (a broken connection, throttling, a 5xx); every request sent this way is idempotent.
 */
export function withTransientRetry<T>(attempt: () => Promise<T>, isTransient: (err: unknown) => boolean, backoffMs = 100): Promise<T> {
  return retryOnConflict(attempt, {
    attempts: 3,
    isConflict: isTransient,
    pause: (n) => new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (n - 1))),
  });
}
