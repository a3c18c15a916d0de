/**
 * RFC 9457 problem details, written as application/problem+json by the handler wrapper; each bad field is named
 * in `errors`. The domain refuses with domain errors (shared/domain/errors.ts), which the error table
 * (./error-table.ts) turns into ProblemErrors; only refusals of HTTP itself (content type, body size, If-Match,
 * an unknown route, a request that does not parse) are thrown as ProblemErrors directly.
 */
import type * as z from 'zod/mini';
import { jurisdiction, type Language } from '../config/jurisdiction';
import { fieldMessage } from './field-messages';
import { TITLES } from './messages';

export interface FieldError {
  field: string;
  message: string;
}

/** A field error as thrown: its message in every language, so the answer speaks the caller's. */
export interface LocalizedFieldError {
  field: string;
  message: string | Record<Language, string>;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}


type Detail = string | Record<Language, string>;

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly detailText?: Detail,
    readonly extra: { errors?: LocalizedFieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(typeof detailText === 'string' ? detailText : (detailText?.en ?? slug));
  }
}

export const problemType = (slug: string) => `${jurisdiction.publicBaseUrl}/problems/${slug}`;

export function toProblem(err: ProblemError, lang: Language, instance?: string): Problem {
  const { errors, headers: _headers, ...extensions } = err.extra;
  const title = (TITLES as Record<number, Record<Language, string>>)[err.status]?.[lang] ?? 'Error';
  const detail = typeof err.detailText === 'string' ? err.detailText : err.detailText?.[lang];
  return {
    type: problemType(err.slug),
    title,
    status: err.status,
    ...(detail && { detail }),
    ...(instance && { instance }),
    ...(errors && { errors: errors.map((e) => ({ field: e.field, message: typeof e.message === 'string' ? e.message : e.message[lang] })) }),
    ...extensions,
  };
}

function fieldPath(path: PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

/** Validates `value` against a zod schema; a failure becomes a 400 naming every bad field. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, lang: Language, where: 'body' | 'query' | 'path' = 'body'): z.output<S> {
  // the input lets a message tell a missing value from a wrong one
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const all = result.error.issues.map((issue) => {
    const base = fieldPath(issue.path);
    const field = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => (base === '(body)' ? k : `${base}.${k}`)).join(', ') : base;
    return { field: where === 'body' ? field : `${where}.${field}`, message: fieldMessage(issue, lang) };
  });
  // one message a field, its first check's: 1e20 is "at most 100", not that and "at most 9007199254740991" too
  const errors = all.filter((e, i) => all.findIndex((other) => other.field === e.field) === i);
  throw new ProblemError(400, 'validation', { id: 'Periksa kembali isian berikut', en: 'Check the fields listed' }, { errors });
}
