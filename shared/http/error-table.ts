/**
 * The one table from refusals to HTTP answers. The domain and its use cases throw domain errors
 * (shared/domain/errors.ts) that know no status codes; libraries throw errors of their own on purpose
 * (DynamoDB throttling, an unreachable database, an idempotency key reused). Both become RFC 9457 problem
 * details here, and only here: the native API writes them as problem+json, the Open311 door as its error list.
 */
import {
  ConflictError,
  DomainError,
  UnavailableError,
  UnprocessableError,
  type AnyDomainError,
  type DomainErrorKind,
  type MoveRefusal,
} from '../domain/errors';
import { etagOf } from './etag';
import { ProblemError } from './problem';

interface HttpAnswer {
  status: number;
  /** members of the problem document beyond the standard ones */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}


const MOVE_STATUS: Record<MoveRefusal, number> = { 'not-allowed': 409, forbidden: 403, invalid: 400 };

/** Each kind of refusal, its status and what goes with it. */
export const ERROR_TABLE: { [K in DomainErrorKind]: (error: Extract<AnyDomainError, { kind: K }>) => HttpAnswer } = {
  'invalid-input': () => ({ status: 400 }),
  unauthorized: (e) => ({ status: 401, headers: { 'www-authenticate': e.credential } }),
  forbidden: () => ({ status: 403 }),
  'not-found': () => ({ status: 404 }),
  'move-refused': (e) => ({
    status: MOVE_STATUS[e.refusal],
    ...(e.allowed && { extensions: { allowed: e.allowed } }),
  }),
  conflict: () => ({ status: 409 }),
  'stale-version': (e) => ({
    status: 412,
    extensions: { currentEtag: etagOf(e.currentVersion) },
    headers: { etag: etagOf(e.currentVersion) },
  }),
  unprocessable: () => ({ status: 422 }),
  'quota-used-up': (e) => ({
    status: 429,
    extensions: { retryAfter: e.retryAfterSeconds },
    headers: { 'retry-after': String(e.retryAfterSeconds) },
  }),
  unavailable: (e) => ({ status: 503, headers: { 'retry-after': String(e.retryAfterSeconds) } }),
};

/** The problem a domain error is answered with. */
export function toProblemError(error: DomainError): ProblemError {
  const answer = (ERROR_TABLE[error.kind] as (e: DomainError) => HttpAnswer)(error);
  return new ProblemError(answer.status, error.code, error.text, {
    ...(error.fields && { errors: error.fields }),
    ...error.details,
    ...answer.extensions,
    ...(answer.headers && { headers: answer.headers }),
  });
}

/** Errors that libraries throw on purpose, matched by name so their modules need not be imported here. */
const BUSY = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'LimitExceededException', 'InternalServerError']);
const BUSY_CANCELLATIONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** DynamoDB still throttling (or a transaction still contended) after the SDK's retries: try again shortly. */
function isBusy(error: unknown): boolean {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] } | undefined;
  if (BUSY.has(e?.name ?? '')) return true;
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => BUSY_CANCELLATIONS.has(r.Code ?? ''));
}

/** Node's and the SDK's names for a database that did not answer in time or could not be reached. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
function isUnreachable(error: unknown): boolean {
  const e = error as { name?: string; code?: string } | undefined;
  return e?.name === 'TimeoutError' || e?.name === 'RequestTimeout' || UNREACHABLE_CODES.has(e?.code ?? '');
}

/** A library's error as the domain error it amounts to, or undefined for one that is a fault of ours. */
export function fromLibraryError(error: unknown): DomainError | undefined {
  // A write that timed out may still have happened: say so, rather than invite a blind retry with a 500.
  if (isUnreachable(error))
    return new UnavailableError(
      'service-unavailable',
      {
        id: 'Layanan data sedang tidak menjawab. Permintaan Anda mungkin sudah tercatat atau belum: periksa dulu (misalnya kode laporan di SMS) sebelum mengulang.',
        en: 'The data service is not answering. Your request may or may not have been recorded: check first (for example the code in your SMS) before trying again.',
      },
      5,
    );
  if (isBusy(error)) return new UnavailableError('service-busy', { id: 'Layanan sedang sibuk. Coba lagi sebentar lagi.', en: 'The service is busy. Try again shortly.' }, 2);
  switch ((error as Error | undefined)?.name) {
    case 'IdempotencyValidationError':
      return new UnprocessableError('idempotency-key-reused', {
        id: 'Idempotency-Key ini sudah dipakai untuk permintaan lain',
        en: 'This Idempotency-Key was already used for a different request',
      });
    case 'IdempotencyAlreadyInProgressError':
      return new ConflictError('request-in-progress', {
        id: 'Permintaan dengan Idempotency-Key ini masih diproses',
        en: 'A request with this Idempotency-Key is still being processed',
      });
    default:
      return undefined;
  }
}

/** Any thrown value as the problem it is answered with; undefined for an unexpected fault (a 500, logged). */
export function problemOf(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  const domain = error instanceof DomainError ? error : fromLibraryError(error);
  return domain && toProblemError(domain);
}
