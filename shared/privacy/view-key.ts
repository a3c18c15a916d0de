/**
 * The view key of a confidential report: a random per-report secret that lets its own reporter follow a report the
 * public cannot see (GET /v1/reports/{id}?k=<key>). A hash is kept on the report to check it. Every SMS to the
 * reporter needs the key itself, and the notifier runs later from the table stream, so the report (and, for reports
 * filed before, the "created" event) carries it sealed (AES-256-GCM under a key derived from the upload-token
 * secret); the sealed copy opens only with that secret, never from a table dump alone. The answers to a CEK, stored
 * as they are sent, link without it.
 *
 * 10 base32 characters (50 bits) keep the receipt SMS within one GSM-7 segment; with the tracking code it has to
 * be guessed for one report at a time, behind the API's throttling.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const VIEW_KEY_QUERY = 'k';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const LENGTH = 10;
const SHAPE = /^[a-z2-7]{10}$/;
const PURPOSE = 'si-centang/view-key/v1';

export function newViewKey(): string {
  let key = '';
  for (let i = 0; i < LENGTH; i++) key += ALPHABET[randomInt(ALPHABET.length)];
  return key;
}

export function hashViewKey(key: string): string {
  return createHash('sha256').update(`${PURPOSE}\n${key}`).digest('base64url');
}

/** Does a presented key (any case, as typed from an SMS) match the stored hash? */
export function viewKeyMatches(presented: string | undefined, hash: string | undefined): boolean {
  if (presented === undefined || hash === undefined) return false;
  const key = presented.trim().toLowerCase();
  if (!SHAPE.test(key)) return false;
  const a = Buffer.from(hashViewKey(key));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

const aesKey = (secret: string) => createHash('sha256').update(`${PURPOSE}\n${secret}`).digest();

/** iv.ciphertext.tag, base64url, sealed with the first (current) secret. */
export function sealViewKey(key: string, secrets: readonly string[]): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(secrets[0]!), iv);
  const body = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

/** The key, or undefined when no configured secret opens the seal (every secret is tried: rotation). */
export function openViewKey(sealed: unknown, secrets: readonly string[]): string | undefined {
  if (typeof sealed !== 'string') return undefined;
  const [iv, body, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !body || !tag || iv.length !== 12 || tag.length !== 16) return undefined;
  for (const secret of secrets) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', aesKey(secret), iv);
      decipher.setAuthTag(tag);
      const key = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      if (SHAPE.test(key)) return key;
    } catch {
      // another secret may have sealed it
    }
  }
  return undefined;
}

/** A new key for a confidential report: what the creator is told, what the report keeps, what the SMS carries. */
export function issueViewKey(secrets: readonly string[]): { key: string; hash: string; sealed: string } {
  const key = newViewKey();
  return { key, hash: hashViewKey(key), sealed: sealViewKey(key, secrets) };
}
