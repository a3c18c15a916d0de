/**
 * Open311 errors: a list of `{code, description}` (`<errors><error>` in XML), never problem+json. Refusals
 * raised by the shared rules (quotas, validation, not found) arrive as domain errors and take the status the
 * error table gives them; here they become the spec's list, one entry per bad field, so the native API and this
 * door say the same thing in their own shapes.
 */
import type { Language } from '../config/jurisdiction';
import { DomainError } from '../domain/errors';
import { translate } from '../domain/messages';
import { toProblemError } from '../http/error-table';
import { ProblemError } from '../http/problem';

export interface Open311ErrorItem {
  code: number;
  description: string;
}

type Text = string | Record<Language, string>;

export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly descriptions: Text[],
    readonly headers: Record<string, string> = {},
  ) {
    super(descriptions.map((d) => (typeof d === 'string' ? d : d.en)).join('; '));
  }
}

/** A field that is missing or wrong: 400, naming the field as the client sent it. */
export const fieldError = (field: string, message: Record<Language, string>) =>
  new Open311Error(400, [{ id: `${field}: ${message.id}`, en: `${field}: ${message.en}` }]);

export const notFound = (what: Record<Language, string>) => new Open311Error(404, [what]);

const localize = (text: Text, lang: Language) => (typeof text === 'string' ? text : text[lang]);

export function toErrorItems(
  refusal: Open311Error | ProblemError | DomainError,
  lang: Language,
): { status: number; items: Open311ErrorItem[]; headers: Record<string, string> } {
  const error = refusal instanceof DomainError ? toProblemError(refusal) : refusal;
  if (error instanceof Open311Error)
    return { status: error.status, items: error.descriptions.map((d) => ({ code: error.status, description: localize(d, lang) })), headers: error.headers };
  const fields = error.extra.errors ?? [];
  const detail = error.detailText === undefined ? error.slug : localize(error.detailText, lang);
  const items = fields.length
    ? fields.map((f) => ({ code: error.status, description: `${f.field}: ${typeof f.message === 'string' ? (translate(f.message, lang) ?? f.message) : f.message[lang]}` }))
    : [{ code: error.status, description: detail }];
  return { status: error.status, items, headers: error.extra.headers ?? {} };
}
