/**
 * Open-data rows and files: only whitelisted, published fields. Reports full of planted personal data (random
 * names, numbers, e-mails, internal notes, unpublished text) go in; no value of any CSV cell or GeoJSON property
 * may contain any of it.
 */
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { jurisdiction } from '../../shared/config/jurisdiction';
import type { Report } from '../../shared/domain/report';
import { COLUMNS } from '../../shared/open-data/columns';
import { dataDictionary } from '../../shared/open-data/dictionary';
import { toCsv, toGeoJson } from '../../shared/open-data/render';
import { isOpenDataReport, openDataRow, roundCoordinate } from '../../shared/open-data/rows';

const word = fc.stringMatching(/^[A-Z][a-z]{5,10}$/);
const secrets = fc.record({
  name: fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
  phone: fc.stringMatching(/^8[1-9]\d{8,9}$/),
  email: fc.tuple(word, word).map(([a, b]) => `${a.toLowerCase()}.${b.toLowerCase()}@mail.example`),
  note: word.map((w) => `Catatan internal ${w}ZZ`),
  original: word.map((w) => `Teks asli ${w}QQ belum terbit`),
});

function reportWith(s: { name: string; phone: string; email: string; note: string; original: string }, n: number): Report {
  return {
    id: `ABCD-${String(n).padStart(4, '0')}`,
    version: 3,
    status: 'in_progress',
    category: 'jalan-rusak',
    district: 'cikande',
    priority: 'normal',
    description: `${s.original} dari ${s.name} ${s.phone} ${s.email}`,
    publicDescription: 'Jalan berlubang di depan pasar, "dua" lubang,\nsatu besar',
    location: { lat: -6.123456789, lon: 106.3456789 },
    address: `Rumah ${s.name}`,
    reporter: { phone: `+62${s.phone}`, name: s.name, showName: true, anonymous: false, language: 'id' },
    confidential: false,
    unit: 'bina-marga',
    createdAt: '2026-03-02T01:00:00.000Z',
    updatedAt: '2026-03-04T01:00:00.000Z',
    verifiedAt: '2026-03-03T01:00:00.000Z',
    escalationLevel: 0,
    eventCount: 3,
    ...({ internalNote: s.note, email: s.email } as object),
  } as Report;
}

describe('open data', () => {
  it('carries no planted personal value in any CSV cell or GeoJSON property', () => {
    fc.assert(
      fc.property(fc.array(secrets, { minLength: 1, maxLength: 5 }), (planted) => {
        const rows = planted.map((s, i) => openDataRow(reportWith(s, i), '2026-03-04T01:00:00.000Z', jurisdiction));
        const csv = parse(toCsv(rows), { bom: true, columns: true }) as Record<string, string>[];
        const geo = JSON.parse(toGeoJson(rows)) as { features: { properties: Record<string, unknown> }[] };
        const values = [...csv.flatMap((r) => Object.values(r)), ...geo.features.flatMap((f) => Object.values(f.properties).map(String))];
        for (const s of planted)
          for (const secret of [s.name, ...s.name.split(' '), s.phone, s.phone.slice(-7), s.email, s.note, s.original])
            for (const v of values) expect(v).not.toContain(secret);
      }),
      { numRuns: 40 },
    );
  });

  it('writes RFC 4180 with a BOM and CRLF, quoting what needs it, and reads back the same', () => {
    const row = openDataRow(reportWith({ name: 'A B', phone: '8123456789', email: 'a@b', note: 'n', original: 'o' }, 1), undefined, jurisdiction);
    const csv = toCsv([row]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${COLUMNS.map((c) => c.name).join(',')}`);
    expect(csv).toContain('"Jalan berlubang di depan pasar, ""dua"" lubang,\nsatu besar"');
    const [back] = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(back).toMatchObject({ kode: 'ABCD-0001', lintang: '-6.1235', bujur: '106.3457', dikerjakan: '', kode_kemendagri: '36.04.15', unit: 'bina-marga' });
  });

  it('keeps a published text that looks like a formula from running in a spreadsheet', () => {
    const row = { ...openDataRow(reportWith({ name: 'A B', phone: '8123456789', email: 'a@b', note: 'n', original: 'o' }, 1), undefined, jurisdiction), uraian: '=HYPERLINK("x")' };
    expect((parse(toCsv([row]), { bom: true, columns: true }) as Record<string, string>[])[0]!.uraian).toBe('\'=HYPERLINK("x")');
  });

  it('leaves out confidential and unverified reports, and rounds locations to about 11 m', () => {
    expect(isOpenDataReport({ confidential: true, verifiedAt: '2026-03-03T01:00:00.000Z' })).toBe(false);
    expect(isOpenDataReport({ confidential: false, verifiedAt: undefined })).toBe(false);
    expect(isOpenDataReport({ confidential: false, verifiedAt: '2026-03-03T01:00:00.000Z' })).toBe(true);
    expect(roundCoordinate(-6.123449)).toBe(-6.1234);
  });

  it('documents every column and the configured license', () => {
    const text = dataDictionary(jurisdiction);
    for (const c of COLUMNS) expect(text).toContain(`\`${c.name}\``);
    expect(text).toContain(jurisdiction.openDataLicense.name);
    expect(text).toContain(jurisdiction.openDataLicense.url);
  });
});
