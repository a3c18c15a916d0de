/**
 * Public tracking codes: short, and unambiguous when read aloud or typed from an SMS.
 * The alphabet leaves out 0/O, 1/I/L (and U, which is read as V over a bad phone line).
 * 8 symbols from 30 give 6.6e11 codes: at 100 reports a day a collision is a once-in-decades event,
 * and the repository's conditional write catches it anyway.
 */
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUP = 4;

export function newTrackingCode(random: (max: number) => number = randomInt): string {
  let raw = '';
  for (let i = 0; i < 2 * GROUP; i++) raw += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return `${raw.slice(0, GROUP)}-${raw.slice(GROUP)}`;
}

/**
 * Reads a code as a person typed it: any case, with or without the dash or spaces. Returns undefined
 * when it cannot be a code, so the caller answers 404 without touching the table.
 */
export function parseTrackingCode(input: string): string | undefined {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '');
  if (cleaned.length !== 2 * GROUP) return undefined;
  for (const ch of cleaned) if (!CODE_ALPHABET.includes(ch)) return undefined;
  return `${cleaned.slice(0, GROUP)}-${cleaned.slice(GROUP)}`;
}
