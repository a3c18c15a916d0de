/**
 * Reporter phone numbers: any usual Indonesian way of writing a mobile number (0812…, +62 812-…, 62812…)
 * becomes E.164. libphonenumber-js's core with its mobile metadata cut to the jurisdiction's country
 * (config/phone-metadata, made by scripts/phone-metadata.mjs): isValid() means "a valid mobile number there".
 */
import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import metadata from '../../config/phone-metadata/mobile.json';

/** Digits and the separators people write between them; no letters, extensions or `tel:` prefixes. */
const PHONE_CHARS = /^\+?[\d\s().-]+$/;

export function normalizeMobile(input: string, country: string): string | undefined {
  if (input.length > 32 || !PHONE_CHARS.test(input.trim())) return undefined;
  const phone = parsePhoneNumberFromString(input, country as CountryCode, metadata as unknown as MetadataJson);
  if (!phone || !phone.isValid() || phone.country !== country) return undefined;
  return phone.number;
}

/**
 * The index key for "reports by this number". A hash, so the number itself never becomes a key
 * that could surface in an error message, a metric dimension or a log of keys.
 */
export function phoneKey(e164: string): string {
  return createHash('sha256').update(`si-centang:${e164}`).digest('base64url').slice(0, 22);
}
