/**
 * What the domain and its use cases refuse, in their own words. Each refusal says what kind it is (not found,
 * out of scope, stale version, move refused, quota used up, invalid input …), a stable code, a text a person
 * wrote (Indonesian and English) and what the caller needs to act on it (the current version, the allowed
 * moves, when to try again, the bad fields). The doors turn a kind into their own answer: the native API into
 * RFC 9457 problem details (shared/http/error-table.ts), Open311 into its error list (shared/open311/errors.ts).
 * So nothing here knows a status code or a header, and every door says the same thing in its own shape.
 */
import type { Language } from '../config/jurisdiction';

/** A text in every language, or one that reads the same in all of them. */
export type ErrorText = string | Readonly<Record<Language, string>>;

/** One bad field, named as the caller sent it. */
export interface FieldIssue {
  field: string;
  message: ErrorText;
}

export type DomainErrorKind =
  | 'not-found'
  | 'forbidden'
  | 'unauthorized'
  | 'stale-version'
  | 'move-refused'
  | 'quota-used-up'
  | 'invalid-input'
  | 'conflict'
  | 'unprocessable'
  | 'unavailable';

export interface DomainErrorOptions {
  fields?: FieldIssue[];
  /** further facts the caller may act on (the photo limit, the report's status, the neighbouring regency) */
  details?: Record<string, unknown>;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  readonly fields?: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(
    /** stable and machine-readable: the last part of the problem type, e.g. `report-not-found` */
    readonly code: string,
    readonly text?: ErrorText,
    options: DomainErrorOptions = {},
  ) {
    super(typeof text === 'string' ? text : (text?.en ?? code));
    this.name = new.target.name;
    if (options.fields) this.fields = options.fields;
    this.details = options.details ?? {};
  }
}

/** The thing asked for does not exist, or must look as if it did not (a confidential report to the public). */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

/** The caller is known but may not do this: outside their unit or district, or not their role. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** The caller showed no valid credential; `credential` names the one to send (a bearer token, an upload token). */
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
  constructor(
    code: string,
    text: ErrorText,
    readonly credential: string,
  ) {
    super(code, text);
  }
}

/** The caller changed a version of the report that is no longer the current one. */
export class StaleVersionError extends DomainError {
  readonly kind = 'stale-version';
  constructor(readonly currentVersion: number) {
    super('stale-version', { id: 'Laporan sudah diubah orang lain. Muat ulang lalu coba lagi.', en: 'Someone else changed the report. Reload and try again.' });
  }
}

/**
 * The status machine refused a move: it has no such move from here (`not-allowed`), this actor may not make it
 * (`forbidden`), or the move lacks or has a bad field (`invalid`). `allowed` lists the moves there are.
 */
export type MoveRefusal = 'not-allowed' | 'forbidden' | 'invalid';
export class MoveRefusedError extends DomainError {
  readonly kind = 'move-refused';
  constructor(
    readonly refusal: MoveRefusal,
    text: ErrorText,
    readonly allowed?: readonly string[],
    field?: string,
  ) {
    super(`move-${refusal}`, text, field ? { fields: [{ field, message: text }] } : {});
  }
}

/** A quota is used up; it allows the request again after `retryAfterSeconds`. */
export class QuotaUsedUpError extends DomainError {
  readonly kind = 'quota-used-up';
  constructor(
    code: string,
    text: ErrorText,
    readonly retryAfterSeconds: number,
  ) {
    super(code, text);
  }
}

/** The input breaks a rule; `fields` names each bad field. */
export class InvalidInputError extends DomainError {
  readonly kind = 'invalid-input';
  constructor(code: string, text: ErrorText, fields: FieldIssue[], details?: Record<string, unknown>) {
    super(code, text, { fields, ...(details && { details }) });
  }
}

/** The request is fine, but the state of things refuses it (the report is closed, a limit is reached). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** The request is well-formed but cannot be done as asked (a location in a neighbouring regency). */
export class UnprocessableError extends DomainError {
  readonly kind = 'unprocessable';
}

/** A service behind the rule is busy or not answering; try again after `retryAfterSeconds`. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(
    code: string,
    text: ErrorText,
    readonly retryAfterSeconds: number,
  ) {
    super(code, text);
  }
}

/** Every refusal there is: the doors' tables have one row for each kind. */
export type AnyDomainError =
  | NotFoundError
  | ForbiddenError
  | UnauthorizedError
  | StaleVersionError
  | MoveRefusedError
  | QuotaUsedUpError
  | InvalidInputError
  | ConflictError
  | UnprocessableError
  | UnavailableError;

/** Refusals several use cases share. */
export const reportNotFound = () => new NotFoundError('report-not-found', { id: 'Laporan tidak ditemukan', en: 'Report not found' });

export const outOfScope = () =>
  new ForbiddenError('out-of-scope', {
    id: 'Laporan ini di luar unit atau kecamatan Anda',
    en: 'This report is outside your unit or district',
  });

export const adminOnly = () => new ForbiddenError('admin-only', { id: 'Hanya admin', en: 'Admins only' });

export const serviceBusy = () =>
  new UnavailableError('service-busy', { id: 'Layanan sedang sibuk. Coba lagi sebentar lagi.', en: 'The service is busy. Try again shortly.' }, 2);

export const CHECK_FIELDS: Readonly<Record<Language, string>> = { id: 'Periksa kembali isian berikut', en: 'Check the fields listed' };

export const staleVersion = (currentVersion: number) => new StaleVersionError(currentVersion);
