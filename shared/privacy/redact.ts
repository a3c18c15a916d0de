/**
 * Masks personal data that citizens type into a description before it is published: phone numbers, e-mail
 * addresses and NIK (the 16-digit national identity number). Staff keep the original; only the published text is
 * masked. Deliberately greedy: a masked road length is a small loss, a published phone number is not.
 *
 * Phone numbers are matched by shape rather than with libphonenumber: the service's metadata holds only mobile
 * ranges, and a landline or a number written with odd separators must be masked as well.
 */
export const MASKS = { phone: '[nomor disamarkan]', email: '[e-mail disamarkan]', nik: '[NIK disamarkan]' } as const;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** 16 digits, written straight or in the usual groups (6-6-4 or 4-4-4-4) */
const NIK = /(?<!\d)\d{2}[ .-]?\d{4}[ .-]?\d{2}[ .-]?\d{4}[ .-]?\d{4}(?!\d)|(?<!\d)\d{6}[ .-]\d{6}[ .-]\d{4}(?!\d)/g;
/**
 * +62, 62 or 0 followed by 8 to 13 more digits, with spaces, dots, dashes of any kind, underscores or brackets between
 * them (up to three, for "0812 - 3456"), and glued to whatever letters come before ("WA0812…"). Not slashes: a date
 * (01/02/2025) would then be taken for a number.
 */
const PHONE = /(?<!\p{N})(?:\+\s?62|62|\(?0)[\s().\-\u2010-\u2015_]*\d(?:[\s().\-\u2010-\u2015_]{0,3}\d){7,12}(?!\d)/gu;

export function redactPersonalData(text: string): string {
  return text.replace(EMAIL, MASKS.email).replace(NIK, MASKS.nik).replace(PHONE, MASKS.phone);
}
