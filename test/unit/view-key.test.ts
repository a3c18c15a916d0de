/** The view key of a confidential report: random, stored as a hash, sealed for the receipt SMS. */
import { describe, expect, it } from 'vitest';
import { renderEventSms } from '../../shared/notify/message';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { CITIZEN_SMS_KINDS } from '../../shared/domain/sms/templates';
import { hashViewKey, issueViewKey, newViewKey, openViewKey, sealViewKey, viewKeyMatches } from '../../shared/privacy/view-key';

const secret = 'a-secret-of-at-least-thirty-two-characters-1';
const other = 'a-secret-of-at-least-thirty-two-characters-2';

describe('view keys', () => {
  it('are 10 base32 characters, different every time', () => {
    const keys = new Set(Array.from({ length: 200 }, newViewKey));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^[a-z2-7]{10}$/);
  });
  it('match their hash only, in any case', () => {
    const { key, hash } = issueViewKey([secret]);
    expect(hash).not.toContain(key);
    expect(viewKeyMatches(key, hash)).toBe(true);
    expect(viewKeyMatches(key.toUpperCase(), hash)).toBe(true);
    expect(viewKeyMatches(newViewKey(), hash)).toBe(false);
    expect(viewKeyMatches(undefined, hash)).toBe(false);
    expect(viewKeyMatches(key, undefined)).toBe(false);
    expect(viewKeyMatches(`${key}x`, hash)).toBe(false);
  });
  it('open from their seal with the secret, also after a rotation, and with nothing else', () => {
    const key = newViewKey();
    const sealed = sealViewKey(key, [secret]);
    expect(sealed).not.toContain(key);
    expect(openViewKey(sealed, [secret])).toBe(key);
    expect(openViewKey(sealed, [other, secret])).toBe(key);
    expect(openViewKey(sealed, [other])).toBeUndefined();
    expect(openViewKey('garbage', [secret])).toBeUndefined();
    expect(openViewKey(undefined, [secret])).toBeUndefined();
    expect(hashViewKey(key)).toBe(hashViewKey(key));
  });
  it('fit every citizen SMS into one GSM-7 segment with the longest names', () => {
    const report = { id: 'ZZZZ-ZZZZ', category: 'tata-ruang', district: 'waringin-kurung', unit: 'penerangan-jalan', agency: jurisdiction.agencies[0]?.code, duplicateOf: 'YYYY-YYYY' };
    for (const kind of CITIZEN_SMS_KINDS) {
      for (const lang of ['id', 'en']) {
        const sms = renderEventSms(kind, {}, report, lang, jurisdiction, 'abcdefghij');
        expect(sms, `${kind} ${lang}`).toMatchObject({ segments: 1, encoding: 'GSM-7' });
        expect(sms.text).toContain('/r/ZZZZ-ZZZZ?k=abcdefghij');
      }
    }
  });
});
