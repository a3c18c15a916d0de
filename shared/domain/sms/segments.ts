/**
 * SMS length accounting (3GPP TS 23.038 / GSM 03.38). A message is GSM-7 when every character is in the default
 * alphabet or its extension table, UCS-2 otherwise. Pure.
 *
 * Limits: one segment holds 160 septets (GSM-7) or 70 UTF-16 code units (UCS-2); a multipart message loses room to
 * the concatenation header, 153 septets or 67 units per segment. Like handsets and SMSCs, the packer never splits an
 * escape sequence (extension character) or a surrogate pair across two segments, so a segment may hold one less.
 */

/** GSM 03.38 default alphabet, in table order (0x00–0x7F; 0x1B, the escape, left out). */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

/** GSM 03.38 extension table: each is sent as escape + character, two septets. Form feed is in the table too. */
export const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export const SINGLE_SEGMENT_LIMIT: Record<SmsEncoding, number> = { 'GSM-7': 160, 'UCS-2': 70 };
export const MULTIPART_SEGMENT_LIMIT: Record<SmsEncoding, number> = { 'GSM-7': 153, 'UCS-2': 67 };

export function isGsm7Char(char: string): boolean {
  return BASIC.has(char) || EXTENSION.has(char);
}

/** Septets a GSM-7 character costs: 1, 2 for the extension table; undefined when not GSM-7 at all. */
export function gsm7Septets(char: string): 1 | 2 | undefined {
  if (BASIC.has(char)) return 1;
  if (EXTENSION.has(char)) return 2;
  return undefined;
}

export function smsEncoding(text: string): SmsEncoding {
  // iterate by code point: an astral character is never GSM-7, and must not be seen as two halves
  for (const char of text) if (!isGsm7Char(char)) return 'UCS-2';
  return 'GSM-7';
}

export interface SmsSize {
  encoding: SmsEncoding;
  /** septets (GSM-7) or UTF-16 code units (UCS-2) */
  units: number;
  /** SMS parts a send costs; an empty message still costs one */
  segments: number;
}

/** Greedy packing of indivisible pieces (a character's septets, or a code point's code units) into segments. */
function pack(pieces: number[], total: number, encoding: SmsEncoding): number {
  if (total <= SINGLE_SEGMENT_LIMIT[encoding]) return 1;
  const room = MULTIPART_SEGMENT_LIMIT[encoding];
  let segments = 1;
  let used = 0;
  for (const size of pieces) {
    if (used + size > room) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

export function smsSegments(text: string): SmsSize {
  const encoding = smsEncoding(text);
  const pieces: number[] = [];
  for (const char of text) {
    // in UCS-2 `char.length` is 2 for a surrogate pair (and 1 for a lone surrogate)
    pieces.push(encoding === 'GSM-7' ? (gsm7Septets(char) ?? 1) : char.length);
  }
  const units = pieces.reduce((sum, n) => sum + n, 0);
  return { encoding, units, segments: pack(pieces, units, encoding) };
}

/** True when the text goes out as exactly one SMS. */
export function fitsOneSegment(text: string): boolean {
  return smsSegments(text).segments === 1;
}
