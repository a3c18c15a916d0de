/**
 * The signature of an SMS gateway's webhook call: HMAC-SHA-256, under the shared secret, of
 * `<timestamp>.<raw body>`, where the timestamp is Unix seconds and is sent too. Headers:
 *
 *   x-si-centang-timestamp: 1764400000
 *   x-si-centang-signature: sha256=<64 hex digits>
 *
 * The timestamp inside the signed text stops a recorded call from being replayed later; calls more than five
 * minutes off our clock (either way) are refused. The comparison takes the same time whatever matches.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-si-centang-timestamp';
export const SIGNATURE_HEADER = 'x-si-centang-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'missing' | 'bad-timestamp' | 'stale' | 'mismatch' };

export function verifyWebhook(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  now: Date;
  toleranceSeconds?: number;
}): SignatureVerdict {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.body));
  const given = Buffer.from(signature.trim().toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}
