/** The SMS form of an officials' digest: one or two GSM-7 segments, the recipient's language, the count and the most overdue code. */
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { smsSegments } from '../../shared/domain/sms/segments';
import { renderDigests, type DigestNames, type DigestRow } from '../../shared/escalation/digest';
import { renderDigestSms, toGsm7 } from '../../shared/escalation/digest-sms';

const names: DigestNames = {
  serviceName: jurisdiction.serviceName,
  timeZone: jurisdiction.timeZone,
  categories: jurisdiction.categories,
  districts: jurisdiction.districts,
  units: jurisdiction.units,
};
const [unitHead, head, sekda] = jurisdiction.escalation.ladder as [any, any, any];
const now = new Date('2026-11-30T03:15:00Z');
const H = 3_600_000;
const row = (code: string, hours: number, days = 0): DigestRow => ({
  code,
  category: 'jalan-rusak',
  district: 'cikande',
  status: 'verified',
  unit: 'bina-marga',
  lateness: { workingMs: hours * H, workingDays: days },
  repeat: false,
});
/** 120 rows: the bilingual list is thousands of characters, as many SMS segments as the issue found and more. */
const many = Array.from({ length: 120 }, (_, i) => row(`A${String(i).padStart(3, '0')}-2222`, 2 + (i % 7), i % 3));
many[57] = row('ZZ99-WORS', 200, 25);

const expectShortGsm7 = (text: string) => {
  const size = smsSegments(text);
  expect(size.encoding).toBe('GSM-7');
  expect(size.segments).toBeLessThanOrEqual(2);
  expect(text).not.toMatch(/[—–’“”]/);
};

describe('the SMS summary of a digest', () => {
  it('the full list would cost many UCS-2 segments; the summary is at most two GSM-7 ones, with count and most overdue code', () => {
    const [digest] = renderDigests({ level: 1, recipient: 'unit-head', unit: 'bina-marga' }, unitHead, many, names, now);
    expect(smsSegments(digest!.text).encoding).toBe('UCS-2');
    expect(smsSegments(digest!.text).segments).toBeGreaterThan(20);
    expectShortGsm7(digest!.sms);
    expect(digest!.sms).toContain('120 laporan terlambat');
    expect(digest!.sms).toContain('ZZ99-WORS');
    expect(digest!.sms).toContain('25 hari kerja');
    expect(digest!.sms).toContain('e-mail');
    // the list itself stays out of the SMS
    expect(digest!.sms).not.toContain('A000-2222');
  });

  it.each([
    ['level 1, per unit', { level: 1, recipient: 'unit-head', unit: 'sumber-daya-air' }, unitHead],
    ['level 2', { level: 2, recipient: 'department-head' }, head],
    ['level 3', { level: 3, recipient: 'regional-secretary' }, sekda],
  ])('%s: short and GSM-7 for one row and for many', (_what, recipient, rung) => {
    for (const rows of [[row('BBBB-3333', 1)], many]) {
      const [digest] = renderDigests(recipient as never, rung, rows, names, now);
      expectShortGsm7(digest!.sms);
      expect(digest!.sms).toContain(`level ${recipient.level}`);
    }
  });

  it('speaks the rung\'s language, else the jurisdiction default', () => {
    const rows = [row('CCCC-4444', 3)];
    const recipient = { level: 2, recipient: 'department-head' };
    const [indonesian] = renderDigests(recipient, head, rows, names, now);
    expect(indonesian!.sms).toMatch(/^Si Centang: 1 laporan terlambat untuk Anda .* Paling lama: CCCC-4444, terlambat 3 jam kerja\./);
    const [english] = renderDigests(recipient, { ...head, language: 'en' }, rows, names, now);
    expect(english!.sms).toMatch(/1 overdue report for you .* Most overdue: CCCC-4444, 3 working hours late\. Full list by e-mail\./);
    const [byDefault] = renderDigests(recipient, head, rows, { ...names, defaultLanguage: 'en' }, now);
    expect(byDefault!.sms).toContain('Most overdue: CCCC-4444');
  });

  it('folds names outside GSM-7 and drops them before the count or code would go', () => {
    expect(toGsm7('Dinas — Bina Marga “Jalan” Śląsk')).toBe('Dinas - Bina Marga "Jalan" Slask');
    const base = { serviceName: 'Si Centang', recipient: { level: 1, recipient: 'unit-head', unit: 'x' }, rows: [row('DDDD-5555', 4)], language: 'id' as const };
    const shortName = renderDigestSms({ ...base, unitName: 'Bidang Bina Marga — Wilayah Timur' });
    expect(shortName).toContain('Bidang Bina Marga - Wilayah Timur');
    expectShortGsm7(shortName);
    const hugeName = renderDigestSms({ ...base, unitName: 'Unit yang namanya sangat panjang '.repeat(20) });
    expectShortGsm7(hugeName);
    expect(hugeName).toContain('DDDD-5555');
    expect(hugeName).not.toContain('sangat panjang');
  });

  it('a digest split by size marks the part in each SMS, each still short', () => {
    const parts = renderDigests({ level: 2, recipient: 'department-head' }, head, many, names, now, 4096);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expectShortGsm7(p.sms);
      expect(p.sms).toContain(`bagian ${i + 1}/${parts.length}`);
    });
  });
});
