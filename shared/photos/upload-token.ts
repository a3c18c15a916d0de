/**
 * The upload token: proof that the caller created the report, without an account and without storing anything.
 * It is an HMAC-SHA256 over the report code and an expiry, handed out once in the answer to POST /v1/reports.
 *
 *   v1.<expiry, Unix seconds>.<base64url HMAC, 43 characters>
 *
 * The MAC covers a purpose label, the code and the expiry, so a token is good for one report only, until its
 * expiry, and for nothing else signed with the same key. Keys: the first secret signs; every secret verifies,
 * so a key can be rotated by putting "new,old" in the secret for one token lifetime.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const UPLOAD_TOKEN_HEADER = 'x-upload-token';
export const UPLOAD_TOKEN_TTL_SECONDS = 24 * 3600;
/** tolerated difference between the clocks of the issuing and the checking function */
export const MAX_CLOCK_SKEW_SECONDS = 300;
/** Secrets shorter than this are refused at start: an HMAC key should carry at least 256 bits. */
export const MIN_SECRET_LENGTH = 32;

const VERSION = 'v1';
const PURPOSE = 'si-centang/upload-token/v1';
const TOKEN = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export type UploadTokenCheck = { ok: true; expiresAt: Date } | { ok: false; reason: 'malformed' | 'invalid' | 'expired' };

function mac(secret: string, code: string, expires: number): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${code}\n${expires}`).digest();
}

/** Splits and checks a configured secret list ("current,previous"); throws naming the problem, never the value. */
export function parseUploadTokenSecrets(raw: string, name = 'UPLOAD_TOKEN_SECRET'): string[] {
  const secrets = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.length === 0) throw new Error(`${name} is empty`);
  if (secrets.some((s) => s.length < MIN_SECRET_LENGTH)) throw new Error(`${name}: every secret needs at least ${MIN_SECRET_LENGTH} characters`);
  return secrets;
}

export interface IssuedUploadToken {
  uploadToken: string;
  uploadTokenExpiresAt: string;
}

/** A token for `code` (the canonical tracking code), valid for `ttlSeconds` from `now`. */
export function issueUploadToken(code: string, secrets: readonly string[], now: Date, ttlSeconds = UPLOAD_TOKEN_TTL_SECONDS): IssuedUploadToken {
  const signing = secrets[0];
  if (!signing) throw new Error('no upload token secret');
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return {
    uploadToken: `${VERSION}.${expires}.${mac(signing, code, expires).toString('base64url')}`,
    uploadTokenExpiresAt: new Date(expires * 1000).toISOString(),
  };
}

/**
 * Checks a token against the code of the report it is used for. The signature is checked before the expiry,
 * so "expired" is only ever said of a token this service really issued for this report.
 */
export function verifyUploadToken(token: string, code: string, secrets: readonly string[], now: Date): UploadTokenCheck {
  const m = TOKEN.exec(token.trim());
  if (!m) return { ok: false, reason: 'malformed' };
  const expires = Number(m[1]);
  const given = Buffer.from(m[2] ?? '', 'base64url');
  // only the canonical encoding: the last character's spare bits may not vary
  if (given.length !== 32 || given.toString('base64url') !== m[2]) return { ok: false, reason: 'malformed' };
  const genuine = secrets.some((secret) => timingSafeEqual(mac(secret, code, expires), given));
  if (!genuine) return { ok: false, reason: 'invalid' };
  if (expires * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  // a token never lives longer than the service issues them for (a leaked or mis-issued key cannot mint one for ever)
  if (expires - now.getTime() / 1000 > UPLOAD_TOKEN_TTL_SECONDS + MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'invalid' };
  return { ok: true, expiresAt: new Date(expires * 1000) };
}
