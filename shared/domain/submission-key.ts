/**
 * A report sent without an Idempotency-Key must still be safe to send again: a citizen whose first attempt ended
 * in a timeout (the write may have landed) follows the advice and retries. The same number with the same
 * description within a short window is the same submission, and gets the first report back.
 *
 * The key is the number's keyed MAC (phoneKey: no number in the table) and a hash of the description as a person
 * would see it: Unicode-normalised, case and runs of white space ignored. The hash is one-way and lives only as
 * long as the window (the item has a TTL).
 */
import { createHash } from 'node:crypto';
import { phoneKey } from './phone';

/** REPORT_DEDUPE_WINDOW_MINUTES: how long a repeated submission gets the first report back; 0 turns it off. */
export const DEDUPE_WINDOW_ENV = 'REPORT_DEDUPE_WINDOW_MINUTES';
export const DEFAULT_DEDUPE_WINDOW_MINUTES = 10;

export function dedupeWindowMsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env[DEDUPE_WINDOW_ENV];
  if (raw === undefined || raw === '') return DEFAULT_DEDUPE_WINDOW_MINUTES * 60_000;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) throw new Error(`${DEDUPE_WINDOW_ENV} must be an integer from 0 to 1440, not "${raw}"`);
  return minutes * 60_000;
}

export function normalizeDescription(description: string): string {
  return description.normalize('NFKC').toLocaleLowerCase('id').replace(/\s+/gu, ' ').trim();
}

export function submissionKey(e164: string, description: string): string {
  const text = createHash('sha256').update(normalizeDescription(description)).digest('base64url').slice(0, 22);
  return `${phoneKey(e164)}#${text}`;
}
