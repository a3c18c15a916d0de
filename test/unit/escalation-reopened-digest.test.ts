/** The digest line for a report a citizen reopened by SMS: not "late", but named as reopened, counted apart. */
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { renderDigests, type DigestRow } from '../../shared/escalation/digest';

const names = { serviceName: 'Si Centang', timeZone: 'Asia/Jakarta', categories: jurisdiction.categories, districts: jurisdiction.districts, units: jurisdiction.units };
const rung = jurisdiction.escalation.ladder[0]!;
const recipient = { level: 1, recipient: rung.recipient, unit: 'bina-marga' };
const row = (over: Partial<DigestRow>): DigestRow => ({
  code: '7KQ4-M9XP',
  category: 'jalan-rusak',
  district: 'cikande',
  status: 'in_progress',
  unit: 'bina-marga',
  lateness: { workingMs: 3 * 3_600_000, workingDays: 0 },
  repeat: false,
  ...over,
});

describe('a reopening by a citizen in the digest', () => {
  it('is listed as reopened (with its count) and not counted as late', () => {
    const [message] = renderDigests(
      recipient,
      rung,
      [row({ code: '2345-6789' }), row({ reopenedByCitizen: 2, lateness: { workingMs: 0, workingDays: 0 } })],
      names,
      new Date('2026-11-30T03:00:00Z'),
    );
    expect(message!.text).toContain('1 laporan melewati batas waktu');
    expect(message!.text).toContain('1 laporan dibuka kembali oleh warga');
    const line = message!.text.split('\n').find((l) => l.includes('7KQ4-M9XP'))!;
    expect(line).toContain('dibuka kembali oleh warga (ke-2)');
    expect(line).not.toContain('terlambat');
  });

  it('leaves a digest without reopenings as it was', () => {
    const [message] = renderDigests(recipient, rung, [row({})], names, new Date('2026-11-30T03:00:00Z'));
    expect(message!.text).not.toContain('dibuka kembali');
  });
});
