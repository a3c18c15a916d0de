/** Reply texts (one segment, both languages) and the webhook signature. */
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { smsSegments } from '../../shared/domain/sms/segments';
import { REPLY_KINDS, REPLY_SMS, renderReply } from '../../shared/domain/sms/reply-templates';
import { SMS_LANGS } from '../../shared/domain/sms/templates';
import { signWebhook, verifyWebhook } from '../../shared/inbound/webhook-signature';
import { replyText, smsDate } from '../../shared/use-cases/inbound/reply-text';
import type { Report } from '../../shared/domain/report';

const LONG = {
  serviceName: 'Si Centang DPUPR Kabupaten Serang Provinsi Banten',
  code: 'ABCDEFGHJK-MNPQRSTUV',
  status: 'Diteruskan ke instansi lain',
  date: '30 September 2026',
  url: `https://${'x'.repeat(62)}/r/ABCD`,
  site: `https://${'x'.repeat(72)}`,
  max: 10,
};

describe('reply templates', () => {
  it('fit one GSM-7 segment for every kind and language, even with long values', () => {
    for (const kind of REPLY_KINDS)
      for (const lang of SMS_LANGS) {
        const r = renderReply(kind, lang, LONG);
        expect(r.segments).toBe(1);
        expect(r.encoding).toBe('GSM-7');
        expect(smsSegments(r.text).segments).toBe(1);
      }
  });

  it('are plain ASCII and use the code when they name a report', () => {
    for (const kind of REPLY_KINDS)
      for (const lang of SMS_LANGS)
        for (const v of REPLY_SMS[kind][lang]) expect(v).toMatch(/^[\x20-\x7e]+$/);
    expect(renderReply('status', 'id', { ...LONG, code: '7KQ4-M9XP', url: 'https://x.id/r/7KQ4-M9XP' }).text).toContain('7KQ4-M9XP');
  });

  it('answer CEK with the status and next expected date in the reporter’s language', () => {
    const report = {
      id: '7KQ4-M9XP',
      status: 'in_progress',
      dueAt: '2026-12-02T03:00:00.000Z',
      expectedAt: '2026-12-10T10:00:00.000Z',
    } as Report;
    const id = replyText('status', 'id', jurisdiction, report, undefined).text;
    expect(id).toContain('Sedang dikerjakan');
    expect(id).toContain('10 Des 2026');
    const en = replyText('status', 'en', jurisdiction, report, undefined).text;
    expect(en).toContain('In progress');
    expect(en).toContain('10 Dec 2026');
    const closed = replyText('status', 'id', jurisdiction, { ...report, status: 'closed' }, undefined).text;
    expect(closed).toContain('Ditutup');
    expect(closed).not.toMatch(/target/i);
  });

  it('format dates in the jurisdiction’s time zone', () => {
    // 20:00 UTC is already the next day in Jakarta
    expect(smsDate('2026-12-31T20:00:00Z', 'id', 'Asia/Jakarta')).toBe('1 Jan 2027');
  });
});

describe('webhook signature', () => {
  const secret = 'shared-secret';
  const body = Buffer.from('{"from":"+6281234567890","body":"YA","messageId":"m1"}');
  const now = new Date('2026-11-29T10:00:00Z');
  const ts = String(now.getTime() / 1000);

  it('accepts the right signature within five minutes either way', () => {
    expect(verifyWebhook({ secret, timestamp: ts, signature: signWebhook(secret, ts, body), body, now })).toEqual({ ok: true });
    const early = String(now.getTime() / 1000 - 300);
    expect(verifyWebhook({ secret, timestamp: early, signature: signWebhook(secret, early, body), body, now }).ok).toBe(true);
  });

  it('refuses a missing, stale, malformed or wrong signature', () => {
    const sig = signWebhook(secret, ts, body);
    expect(verifyWebhook({ secret, timestamp: undefined, signature: sig, body, now })).toEqual({ ok: false, reason: 'missing' });
    expect(verifyWebhook({ secret, timestamp: ts, signature: undefined, body, now })).toEqual({ ok: false, reason: 'missing' });
    expect(verifyWebhook({ secret, timestamp: '12:00', signature: sig, body, now })).toEqual({ ok: false, reason: 'bad-timestamp' });
    const late = String(now.getTime() / 1000 - 301);
    expect(verifyWebhook({ secret, timestamp: late, signature: signWebhook(secret, late, body), body, now })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook({ secret: 'other', timestamp: ts, signature: sig, body, now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook({ secret, timestamp: ts, signature: sig.slice(0, -1), body, now })).toEqual({ ok: false, reason: 'mismatch' });
    // the timestamp is signed: moving it to pass the window breaks the signature
    const moved = String(now.getTime() / 1000 + 1);
    expect(verifyWebhook({ secret, timestamp: moved, signature: sig, body, now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook({ secret, timestamp: ts, signature: sig, body: Buffer.from('{"body":"TIDAK"}'), now })).toEqual({ ok: false, reason: 'mismatch' });
  });
});
