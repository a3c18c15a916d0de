/**
 * Optimistic concurrency over HTTP: the ETag is the report's version; a change must send it back in
 * If-Match. Missing → 428, stale → 412, so two officials never overwrite each other unknowingly.
 */
import { ProblemError } from './problem';

export const etagOf = (version: number) => `"${version}"`;

/** The version the client read, from If-Match (`"3"`, `W/"3"` or `3`). */
export function requireIfMatch(header: string | undefined): number {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header ?? '');
  if (!match?.[1])
    throw new ProblemError(428, 'if-match-required', {
      id: 'Kirim header If-Match berisi ETag laporan yang Anda baca',
      en: 'Send an If-Match header with the ETag of the report you read',
    });
  return Number(match[1]);
}

export function staleVersion(current: number): ProblemError {
  return new ProblemError(
    412,
    'stale-version',
    { id: 'Laporan sudah diubah orang lain. Muat ulang lalu coba lagi.', en: 'Someone else changed the report. Reload and try again.' },
    { currentEtag: etagOf(current), headers: { etag: etagOf(current) } },
  );
}
