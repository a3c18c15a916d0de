/**
 * Reporter phone numbers: any usual Indonesian way of writing a mobile number (0812…, +62 812-…, 62812…)
 * becomes E.164. libphonenumber-js's core with its mobile metadata cut to the jurisdiction's country
 * (config/phone-metadata, made by scripts/phone-metadata.mjs): isValid() means "a valid mobile number there".
 */
import { createHash, createHmac } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import metadata from '../../config/phone-metadata/mobile.json';
import { phonePepper } from '../privacy/phone-pepper';

/** Digits and the separators people write between them; no letters, extensions or `tel:` prefixes. */
const PHONE_CHARS = /^\+?[\d\s().-]+$/;

export function normalizeMobile(input: string, country: string): string | undefined {
  if (input.length > 32 || !PHONE_CHARS.test(input.trim())) return undefined;
  const phone = parsePhoneNumberFromString(input, country as CountryCode, metadata as unknown as MetadataJson);
  if (!phone || !phone.isValid() || phone.country !== country) return undefined;
  return phone.number;
}

/**
 * The key of a phone number wherever one is needed (reports by reporter, quotas, SMS counters, followers): a keyed
 * MAC, HMAC-SHA-256 under a secret pepper, cut to 132 bits. Unlike a plain hash it cannot be reversed by trying the
 * ~10^11 Indonesian mobile numbers without the pepper, which lives in Secrets Manager, not in the table or the code.
 */
export async function phoneKey(e164: string): Promise<string> {
  return phoneKeyWith((await phonePepper()).current, e164);
}

/** The key under the previous pepper while a rotation is under way (see the README, Data protection). */
export async function previousPhoneKey(e164: string): Promise<string | undefined> {
  const { previous } = await phonePepper();
  return previous === undefined ? undefined : phoneKeyWith(previous, e164);
}

export function phoneKeyWith(pepper: string, e164: string): string {
  return createHmac('sha256', pepper).update(`si-centang/phone-key/v2\n${e164}`).digest('base64url').slice(0, 22);
}

/** The unkeyed hash of the first version; only the key migration (scripts/migrate-phone-keys.ts) still computes it. */
export function legacyPhoneKey(e164: string): string {
  return createHash('sha256').update(`si-centang:${e164}`).digest('base64url').slice(0, 22);
}
