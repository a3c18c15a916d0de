/** The upload token: bound to one report, expiring, unforgeable without the secret, rotatable. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueUploadToken, parseUploadTokenSecrets, verifyUploadToken, UPLOAD_TOKEN_TTL_SECONDS } from '../../shared/photos/upload-token';

const secret = 'k'.repeat(32) + '-current';
const old = 'o'.repeat(32) + '-previous';
const now = new Date('2026-11-20T02:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('upload token', () => {
  it('is accepted for its own report until it expires, 24 hours by default', () => {
    const { uploadToken, uploadTokenExpiresAt } = issueUploadToken('7KQ4-M9XP', [secret], now);
    expect(uploadToken).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(uploadTokenExpiresAt).toBe('2026-11-21T02:00:00.000Z');
    expect(verifyUploadToken(uploadToken, '7KQ4-M9XP', [secret], now)).toEqual({ ok: true, expiresAt: new Date(uploadTokenExpiresAt) });
    expect(verifyUploadToken(uploadToken, '7KQ4-M9XP', [secret], later(UPLOAD_TOKEN_TTL_SECONDS - 1)).ok).toBe(true);
    expect(verifyUploadToken(uploadToken, '7KQ4-M9XP', [secret], later(UPLOAD_TOKEN_TTL_SECONDS))).toEqual({ ok: false, reason: 'expired' });
  });

  it('is refused for another report', () => {
    const { uploadToken } = issueUploadToken('7KQ4-M9XP', [secret], now);
    expect(verifyUploadToken(uploadToken, '7KQ4-M9XR', [secret], now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('cannot be stretched: changing the expiry breaks the signature', () => {
    const { uploadToken } = issueUploadToken('7KQ4-M9XP', [secret], now);
    const [v, exp, sig] = uploadToken.split('.');
    const stretched = `${v}.${Number(exp) + 86_400}.${sig}`;
    expect(verifyUploadToken(stretched, '7KQ4-M9XP', [secret], now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('says "expired" only of a genuine token: a forged old token is just invalid', () => {
    const forged = `v1.1000.${'A'.repeat(42)}A`;
    expect(verifyUploadToken(forged, '7KQ4-M9XP', [secret], now).ok).toBe(false);
    expect(verifyUploadToken(forged, '7KQ4-M9XP', [secret], now)).not.toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    ['empty', ''],
    ['garbage', 'hello'],
    ['other version', 'v2.1700000000.' + 'A'.repeat(43)],
    ['short signature', 'v1.1700000000.' + 'A'.repeat(42)],
    ['bad characters', 'v1.1700000000.' + '*'.repeat(43)],
    ['non-numeric expiry', 'v1.soon.' + 'A'.repeat(43)],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc'],
  ])('refuses a malformed token (%s)', (_name, token) => {
    expect(verifyUploadToken(token, '7KQ4-M9XP', [secret], now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses the non-canonical spelling of a signature (spare bits in the last character)', () => {
    const { uploadToken } = issueUploadToken('7KQ4-M9XP', [secret], now);
    const last = uploadToken.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 43 characters carry 258 bits for a 256-bit MAC: the last character's lowest two bits are spare
    const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
    const variant = uploadToken.slice(0, -1) + twin;
    expect(verifyUploadToken(variant, '7KQ4-M9XP', [secret], now).ok).toBe(false);
  });

  it('is refused under a different secret, and accepted under the previous one while rotating', () => {
    const { uploadToken } = issueUploadToken('7KQ4-M9XP', [old], now);
    expect(verifyUploadToken(uploadToken, '7KQ4-M9XP', [secret], now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyUploadToken(uploadToken, '7KQ4-M9XP', [secret, old], now).ok).toBe(true);
    // the first secret signs
    const fresh = issueUploadToken('7KQ4-M9XP', [secret, old], now).uploadToken;
    expect(verifyUploadToken(fresh, '7KQ4-M9XP', [secret], now).ok).toBe(true);
  });

  it('never verifies a token for any other code (property)', () => {
    const code = fc.stringMatching(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    fc.assert(
      fc.property(code, code, (a, b) => {
        fc.pre(a !== b);
        const { uploadToken } = issueUploadToken(a, [secret], now);
        return verifyUploadToken(uploadToken, b, [secret], now).ok === false && verifyUploadToken(uploadToken, a, [secret], now).ok;
      }),
      { numRuns: 200 },
    );
  });

  it('wants secrets of at least 32 characters, and names the variable, never the value', () => {
    expect(parseUploadTokenSecrets(`${secret}, ${old}`)).toEqual([secret, old]);
    expect(() => parseUploadTokenSecrets('short-secret')).toThrow(/UPLOAD_TOKEN_SECRET.*32/);
    expect(() => parseUploadTokenSecrets(' , ')).toThrow(/UPLOAD_TOKEN_SECRET is empty/);
    try {
      parseUploadTokenSecrets('short-secret');
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret');
    }
  });
});

describe('lifetime', () => {
  it('refuses a genuine token whose expiry lies further ahead than the service ever issues', () => {
    const issuedAt = new Date('2026-11-20T02:00:00Z');
    // signed with the right key, but for 31 700 years (exp=999999999999)
    const forever = issueUploadToken('7KQ4-M9XP', [secret], issuedAt, 999_999_999_999 - Math.floor(issuedAt.getTime() / 1000));
    expect(forever.uploadToken).toMatch(/^v1\.999999999999\./);
    expect(verifyUploadToken(forever.uploadToken, '7KQ4-M9XP', [secret], issuedAt)).toEqual({ ok: false, reason: 'invalid' });
    // a week is too long as well; the standard 24 hours (give or take clock skew) is fine
    const week = issueUploadToken('7KQ4-M9XP', [secret], issuedAt, 7 * 24 * 3600);
    expect(verifyUploadToken(week.uploadToken, '7KQ4-M9XP', [secret], issuedAt).ok).toBe(false);
    const day = issueUploadToken('7KQ4-M9XP', [secret], new Date(issuedAt.getTime() + 60_000));
    expect(verifyUploadToken(day.uploadToken, '7KQ4-M9XP', [secret], issuedAt).ok).toBe(true);
  });
});
