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
import { readSettings, SETTING_DEFAULTS } from '../config/settings';
import { phoneKey } from './phone';

/** REPORT_DEDUPE_WINDOW_MINUTES: how long a repeated submission gets the first report back; 0 turns it off. */
export const DEDUPE_WINDOW_ENV = 'REPORT_DEDUPE_WINDOW_MINUTES';
export const DEFAULT_DEDUPE_WINDOW_MINUTES = SETTING_DEFAULTS.REPORT_DEDUPE_WINDOW_MINUTES;

export function dedupeWindowMsFromEnv(env: Record<string, string | undefined> = process.env): number {
  return readSettings(env).REPORT_DEDUPE_WINDOW_MINUTES * 60_000;
}

export function normalizeDescription(description: string): string {
  return description.normalize('NFKC').toLocaleLowerCase('id').replace(/\s+/gu, ' ').trim();
}

export async function submissionKey(e164: string, description: string): Promise<string> {
  const text = createHash('sha256').update(normalizeDescription(description)).digest('base64url').slice(0, 22);
  return `${await phoneKey(e164)}#${text}`;
}
