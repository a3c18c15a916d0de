/** Citizen SMS that are true for every status and unit: the desk "handles", a duplicate says what the original is. */
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { smsSegments } from '../../shared/domain/sms/segments';
import { renderCitizenSms, SMS_LANGS } from '../../shared/domain/sms/templates';
import { renderEventSms } from '../../shared/notify/message';

const base = { code: '7KQ4-M9XP', trackUrl: 'https://sicentang.serangkab.go.id/r/7KQ4-M9XP', serviceName: 'Si Centang' };

describe('work started', () => {
  it('is "handled" by the triage desk of the catch-all category, not "worked on"', () => {
    const text = renderCitizenSms('in_progress', 'id', { ...base, unitName: 'Meja Verifikasi' });
    expect(text).toContain('mulai ditangani Meja Verifikasi');
    expect(text).not.toContain('dikerjakan oleh Meja Verifikasi');
    expect(renderCitizenSms('in_progress', 'en', { ...base, unitName: 'Triage Desk' })).toContain('Triage Desk has started acting on report');
  });
});

describe('duplicates', () => {
  const report = { id: '7KQ4-M9XP', category: 'jalan-rusak', district: 'cikande', duplicateOf: 'AB23-CD45' };
  it('of a report only received do not claim it is being handled', () => {
    const id = renderEventSms('duplicate', { data: { duplicateOf: 'AB23-CD45', originalStatus: 'received' } }, report, 'id', jurisdiction);
    expect(id.text).toContain('yang sudah kami terima');
    expect(id.text).not.toContain('sedang ditangani');
    const en = renderEventSms('duplicate', { data: { duplicateOf: 'AB23-CD45', originalStatus: 'received' } }, report, 'en', jurisdiction);
    expect(en.text).toContain('which we already received');
  });
  it('of a report being handled say so', () => {
    for (const originalStatus of ['verified', 'in_progress']) {
      expect(renderEventSms('duplicate', { data: { duplicateOf: 'AB23-CD45', originalStatus } }, report, 'id', jurisdiction).text).toContain('yang sedang ditangani');
    }
  });
  it('say neither when the original status is not known', () => {
    const text = renderEventSms('duplicate', { data: { duplicateOf: 'AB23-CD45' } }, report, 'id', jurisdiction).text;
    expect(text).not.toMatch(/sedang ditangani|sudah kami terima/);
  });
  it.each(['received', 'verified', undefined])('fit one segment with a 20-character code and an 80-character URL (original %s)', (originalStatus) => {
    for (const lang of SMS_LANGS) {
      const text = renderCitizenSms('duplicate', lang, {
        code: 'A'.repeat(20), trackUrl: `https://x.id/${'r'.repeat(67)}`, serviceName: 'Si Centang', originalCode: 'B'.repeat(20), ...(originalStatus && { originalStatus }),
      });
      expect(smsSegments(text)).toMatchObject({ segments: 1, encoding: 'GSM-7' });
    }
  });
});
