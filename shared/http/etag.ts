/**
 * Optimistic concurrency over HTTP: the ETag is the report's version; a change must send it back in
 * If-Match. Missing → 428, stale → 412, so two officials never overwrite each other unknowingly.
 */
import { ProblemError } from './problem';

export const etagOf = (version: number) => `"${version}"`;

/** What an If-Match that names no version of ours (`*`, `"-1"`, a number beyond any version) is compared as: nothing matches it. */
export const UNUSABLE_ETAG = -1;

/**
 * The version the client read, from If-Match (`"3"`, `W/"3"` or `3`). Only a missing header is a 428; one that was
 * sent but matches no version (`*` included: a change must say which state it was made on) matches nothing, so the
 * caller answers 412 with the current ETag.
 */
export function requireIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '')
    throw new ProblemError(428, 'if-match-required', {
      id: 'Kirim header If-Match berisi ETag laporan yang Anda baca',
      en: 'Send an If-Match header with the ETag of the report you read',
    });
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match?.[1] ? Number(match[1]) : UNUSABLE_ETAG;
}
