/** Which SMS an event calls for, and its text for each recipient. */
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { HistoryEvent } from '../../shared/domain/report';
import { smsSegments } from '../../shared/domain/sms/segments';
import { renderEventSms, smsKindFor, trackUrl } from '../../shared/notify/message';

const report = { id: 'AB12-CD34', category: 'jalan-rusak', district: 'cikande', unit: 'bina-marga' as string | undefined, agency: undefined, duplicateOf: undefined };

const ev = (over: Partial<HistoryEvent>): HistoryEvent => ({
  reportId: report.id, seq: 2, type: 'status', at: '2026-11-02T01:00:00.000Z', actor: { role: 'triage' },
  visibility: 'public', notify: true, ...over,
});

describe('smsKindFor', () => {
  it('sends one SMS on submission and on each status change', () => {
    expect(smsKindFor(ev({ type: 'created', to: 'received' }))).toBe('received');
    expect(smsKindFor(ev({ from: 'received', to: 'verified' }))).toBe('verified');
    expect(smsKindFor(ev({ from: 'received', to: 'duplicate' }))).toBe('duplicate');
    expect(smsKindFor(ev({ from: 'in_progress', to: 'resolved' }))).toBe('resolved');
    expect(smsKindFor(ev({ from: 'resolved', to: 'in_progress' }))).toBe('reopened');
  });

  it('sends nothing for events not flagged notify, notes, escalations or malformed events', () => {
    expect(smsKindFor(ev({ from: 'received', to: 'verified', notify: false }))).toBeUndefined();
    expect(smsKindFor(ev({ type: 'note', note: 'x' }))).toBeUndefined();
    expect(smsKindFor(ev({ type: 'escalated', notify: false }))).toBeUndefined();
    expect(smsKindFor(ev({ type: 'escalated', from: 'received', to: 'received' }))).toBeUndefined();
    expect(smsKindFor(ev({ type: 'status', to: 'verified' }))).toBeUndefined();
    expect(smsKindFor(ev({ from: 'received', to: 'nonsense' as never }))).toBeUndefined();
  });
});

describe('renderEventSms', () => {
  it('prints the code and public tracking page, Indonesian by default', () => {
    const sms = renderEventSms('received', ev({ type: 'created', to: 'received' }), report, undefined, jurisdiction);
    expect(sms.text).toContain('AB12-CD34');
    expect(sms.text).toContain(`${jurisdiction.publicBaseUrl}/r/AB12-CD34`);
    expect(sms.text).toMatch(/Laporan diterima/);
    expect(sms).toMatchObject({ kind: 'received', segments: 1, encoding: 'GSM-7' });
  });

  it('writes English when the recipient chose it', () => {
    const sms = renderEventSms('received', ev({ type: 'created', to: 'received' }), report, 'en', jurisdiction);
    expect(sms.text).toMatch(/Report received/);
  });

  it('names the unit, agency and original report the event carries, over the report\'s current values', () => {
    const verified = renderEventSms('verified', ev({ from: 'received', to: 'verified', data: { unit: 'sumber-daya-air' } }), report, 'id', jurisdiction);
    expect(verified.text).toContain('Bidang Sumber Daya Air');
    const referred = renderEventSms('referred', ev({ from: 'received', to: 'referred', data: { agency: 'bbpjn-banten' } }), report, 'id', jurisdiction);
    expect(referred.text).toMatch(/BBPJN/);
    const duplicate = renderEventSms('duplicate', ev({ from: 'received', to: 'duplicate', data: { duplicateOf: 'ZZ99-YY88' } }), report, 'en', jurisdiction);
    expect(duplicate.text).toContain('ZZ99-YY88');
  });

  it('never carries the officials\' free text', () => {
    const secret = 'Pelapor ini sering iseng, abaikan';
    const sms = renderEventSms('rejected', ev({ from: 'received', to: 'rejected', note: secret, data: { reason: secret } }), report, 'id', jurisdiction);
    expect(sms.text).not.toContain('iseng');
    expect(sms.text).toContain(trackUrl(jurisdiction, report.id));
  });

  it('fits one segment for every kind, language and configured name', () => {
    const kinds = ['received', 'verified', 'rejected', 'duplicate', 'referred', 'in_progress', 'resolved', 'reopened', 'closed'] as const;
    for (const kind of kinds) {
      for (const lang of ['id', 'en']) {
        for (const unit of jurisdiction.units) {
          for (const agency of jurisdiction.agencies) {
            const sms = renderEventSms(kind, ev({ data: { unit: unit.code, agency: agency.code, duplicateOf: 'ABCD-EFGH-JKMN-PQRS' } }), report, lang, jurisdiction);
            expect(smsSegments(sms.text).segments, sms.text).toBe(1);
          }
        }
      }
    }
  });
});
