/**
 * Masks a phone number for logs: `+6281234567890` → `+62812****7890`.
 *
 * Why: a reporter's phone number is personal data (and the key to their reports), so no log line may carry
 * it whole; the first national digits (operator prefix) and the last four are enough to tell messages apart
 * when debugging. Pure and total: garbage in gives a masked string out, never an exception.
 */
const INDONESIA = '62';
const KEEP_HEAD = 3;
const KEEP_TAIL = 4;
/** below this many national digits, head + tail would reveal (nearly) the whole number */
const MIN_DIGITS_TO_REVEAL = 8;

export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  // Indonesia is the only country the service texts; any other number keeps no country code, so at most
  // head + tail digits of it are shown as well.
  const countryCode = digits.startsWith(INDONESIA) ? INDONESIA : '';
  const national = digits.slice(countryCode.length);
  if (national.length < MIN_DIGITS_TO_REVEAL) return `+${countryCode}${'*'.repeat(national.length)}`;
  const hidden = national.length - KEEP_HEAD - KEEP_TAIL;
  return `+${countryCode}${national.slice(0, KEEP_HEAD)}${'*'.repeat(hidden)}${national.slice(-KEEP_TAIL)}`;
}
