/** The public view of a report: what officials said publicly on each move, and nothing the citizen typed before verification. */
import { describe, expect, it } from 'vitest';
import { toPublicView, type HistoryEvent, type Report } from '../../shared/domain/report';

const report: Report = {
  id: '7KQ4-M9XP', version: 2, status: 'rejected', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
  description: 'Lubang di depan rumah Pak Budi', publicDescription: 'Lubang di depan rumah warga',
  location: { lat: -6.2, lon: 106.3 }, address: 'Jl. Raya Cikande 12',
  reporter: { phone: '+6281234567890', name: 'Budi', showName: true, anonymous: false, language: 'id' },
  confidential: false, createdAt: '2026-11-27T01:00:00.000Z', updatedAt: '2026-11-27T02:00:00.000Z', escalationLevel: 0, eventCount: 2,
};
const event = (e: Partial<HistoryEvent>): HistoryEvent => ({
  reportId: report.id, seq: 1, type: 'status', at: report.createdAt, actor: { role: 'triage', id: 'triage-1' }, visibility: 'public', notify: true, ...e,
});

describe('public reasons and notes on moves', () => {
  it('shows the reason of a rejection and the note of every public move', () => {
    const view = toPublicView(report, [
      event({ seq: 1, type: 'created', to: 'received', notify: true }),
      event({ seq: 2, from: 'received', to: 'rejected', note: 'Lokasi berada di jalan nasional' }),
    ]);
    expect(view.history[1]).toEqual({ at: report.createdAt, type: 'status', from: 'received', to: 'rejected', note: 'Lokasi berada di jalan nasional' });
  });
  it('keeps internal events and their notes hidden', () => {
    const view = toPublicView({ ...report, status: 'verified', verifiedAt: report.updatedAt }, [
      event({ seq: 2, from: 'received', to: 'verified', note: 'Sudah dicek', visibility: 'public' }),
      event({ seq: 3, type: 'note', note: 'rahasia', visibility: 'internal' }),
      event({ seq: 4, type: 'edit', note: 'ubah kategori', visibility: 'internal' }),
    ]);
    expect(view.history.map((h) => h.note)).toEqual(['Sudah dicek']);
  });
  it('never shows what a citizen wrote, even on a public event written before SMS answers kept it internal', () => {
    const view = toPublicView({ ...report, status: 'in_progress', verifiedAt: report.updatedAt }, [
      event({ seq: 2, from: 'resolved', to: 'in_progress', note: 'masih bolong, saya Siti 0812-7000-2222', actor: { role: 'citizen', id: 'reporter' } }),
      event({ seq: 3, type: 'note', note: 'Siti, 0812-7000-2222', actor: { role: 'citizen', id: 'reporter' } }),
    ]);
    expect(view.history).toEqual([{ at: report.createdAt, type: 'status', from: 'resolved', to: 'in_progress' }]);
  });
});

describe('nothing the citizen typed is public before verification', () => {
  it('does not show the name while the report is received, even with showName', () => {
    expect(toPublicView({ ...report, status: 'received' })).not.toHaveProperty('reporterName');
  });
  it('does not show it on a report refused before verification either', () => {
    expect(toPublicView({ ...report, status: 'rejected' })).not.toHaveProperty('reporterName');
  });
  it('shows it once verified when the reporter asked for it', () => {
    expect(toPublicView({ ...report, status: 'verified', verifiedAt: report.updatedAt }).reporterName).toBe('Budi');
  });
});
