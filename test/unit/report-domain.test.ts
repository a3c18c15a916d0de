/** Pure rules of the report domain: codes, phone numbers, validation, the public view. */
import { describe, expect, it } from 'vitest';
import phoneMetadata from '../../config/phone-metadata/mobile.json';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { normalizeMobile, phoneKey } from '../../shared/domain/phone';
import { toPublicListItem, toPublicView, type Report } from '../../shared/domain/report';
import { createReportRequestSchema } from '../../shared/domain/report-request';
import { CODE_ALPHABET, newTrackingCode, parseTrackingCode } from '../../shared/domain/tracking-code';
import { geohash } from '../../shared/domain/geohash';
import { languageOf } from '../../shared/http/messages';
import { matchRoute, ROUTES } from '../../shared/http/routes';
import { OPERATIONS } from '../../shared/http/openapi';

describe('tracking codes', () => {
  it('use only unambiguous symbols', () => {
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/);
    for (let i = 0; i < 200; i++) expect(newTrackingCode()).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
  });
  it('are read however typed, and refused when they cannot be codes', () => {
    expect(parseTrackingCode('7kq4 m9xp')).toBe('7KQ4-M9XP');
    expect(parseTrackingCode('7KQ4M9XP')).toBe('7KQ4-M9XP');
    expect(parseTrackingCode('7KQ4-M9X0')).toBeUndefined();
    expect(parseTrackingCode('7KQ4-M9X')).toBeUndefined();
    expect(parseTrackingCode('../../etc')).toBeUndefined();
  });
});

describe('phone numbers', () => {
  it.each(['0812-3456-7890', '+62 812-3456-7890', '6281234567890', '+6281234567890', '0812 3456 7890'])('%s → E.164', (input) => {
    expect(normalizeMobile(input, 'ID')).toBe('+6281234567890');
  });
  it.each(['021-2345678', '+14155550100', '0812', '', 'abc', '0'.repeat(40), 'call 0813-1122-3344 now', '0813-1122-3344 ext. 12', 'tel:+6281311223344', '0813\u200b1122\u200b3344'])('%s is refused', (input) => {
    expect(normalizeMobile(input, 'ID')).toBeUndefined();
  });
  it('the cut metadata covers the configured country (regenerate with scripts/phone-metadata.mjs)', () => {
    expect(Object.keys(phoneMetadata.countries)).toContain(jurisdiction.phoneCountry);
  });
  it('index keys do not contain the number', async () => {
    expect(await phoneKey('+6281234567890')).not.toContain('81234567890');
    expect(await phoneKey('+6281234567890')).toBe(await phoneKey('+6281234567890'));
  });
});

describe('geohash', () => {
  it('matches the reference encoding', () => {
    // reference value from the original geohash.org algorithm for (57.64911, 10.40744)
    expect(geohash(57.64911, 10.40744, 11)).toBe('u4pruydqqvj');
  });
});

describe('request validation', () => {
  const base = { category: 'jembatan', description: 'Jembatan retak di tengah', district: 'ciruas', address: 'Jl. Raya Ciruas', reporter: { phone: '081234567890' } };
  it('applies defaults and normalises the phone', () => {
    const parsed = createReportRequestSchema.parse(base);
    expect(parsed.reporter).toEqual({ phone: '+6281234567890', showName: false, anonymous: false, language: 'id' });
    expect(parsed.confidential).toBe(false);
  });
  it('trims text and counts characters after trimming', () => {
    expect(createReportRequestSchema.safeParse({ ...base, description: '   pendek   ' }).success).toBe(false);
  });
  it('refuses text that is not well-formed Unicode (lone surrogates)', () => {
    for (const description of ['Jalan rusak parah \uD800 sekali', 'Jalan rusak parah \uDC00 sekali']) {
      expect(createReportRequestSchema.safeParse({ ...base, description }).success).toBe(false);
    }
    expect(createReportRequestSchema.safeParse({ ...base, description: 'Jalan rusak parah 🚧 sekali' }).success).toBe(true);
  });
  it('refuses NaN and infinities as coordinates', () => {
    for (const lat of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(createReportRequestSchema.safeParse({ ...base, location: { lat, lon: 106 } }).success).toBe(false);
    }
  });
});

describe('public view', () => {
  const report: Report = {
    id: '7KQ4-M9XP', version: 1, status: 'received', category: 'jalan-rusak', district: 'cikande', priority: 'normal',
    description: 'Lubang di depan rumah Pak Budi, HP 0812…', publicDescription: 'Lubang di depan rumah warga',
    location: { lat: -6.2, lon: 106.3 }, address: 'Jl. Raya Cikande 12',
    reporter: { phone: '+6281234567890', name: 'Budi', showName: true, anonymous: false, language: 'id' },
    confidential: false, createdAt: '2026-11-27T01:00:00.000Z', updatedAt: '2026-11-27T01:00:00.000Z', escalationLevel: 0, eventCount: 1,
  };
  it('hides description, address and location until verified', () => {
    const view = toPublicView(report);
    expect(view).not.toHaveProperty('description');
    expect(view).not.toHaveProperty('address');
    expect(view).not.toHaveProperty('location');
    expect(view).not.toHaveProperty('reporterName');
  });
  it('shows the published (redacted) description once verified, never the original nor the phone', () => {
    const view = toPublicView({ ...report, status: 'verified', verifiedAt: '2026-11-27T02:00:00.000Z' });
    expect(view.description).toBe('Lubang di depan rumah warga');
    expect(JSON.stringify(view)).not.toContain('0812');
    expect(JSON.stringify(view)).not.toContain('+62');
  });
  it('never shows the name of an anonymous reporter', () => {
    expect(toPublicView({ ...report, reporter: { ...report.reporter, anonymous: true } })).not.toHaveProperty('reporterName');
    expect(toPublicListItem(report)).not.toHaveProperty('reporterName');
  });
  it('shows internal notes to nobody', () => {
    const view = toPublicView(report, [
      { reportId: report.id, seq: 2, type: 'note', at: report.createdAt, actor: { role: 'triage' }, note: 'secret', visibility: 'internal', notify: false },
      { reportId: report.id, seq: 3, type: 'note', at: report.createdAt, actor: { role: 'triage' }, note: 'public', visibility: 'public', notify: false },
    ]);
    expect(view.history.map((h) => h.note)).toEqual(['public']);
  });
});

describe('HTTP plumbing', () => {
  it('prefers Indonesian unless English is asked for', () => {
    expect(languageOf(undefined)).toBe('id');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
    expect(languageOf('fr, en;q=0.5, id;q=0.8')).toBe('id');
    expect(languageOf('de')).toBe('id');
    // q=0 means "not this one"
    expect(languageOf('en;q=0')).toBe('id');
    expect(languageOf('en;q=0, id;q=0')).toBe('id');
  });
  it('matches routes with parameters and reports the allowed methods', () => {
    const m = matchRoute('GET', '/v1/reports/7KQ4-M9XP');
    expect(m.route?.fn).toBe('get-report');
    expect(m.route && 'pathParameters' in m ? m.pathParameters : {}).toEqual({ id: '7KQ4-M9XP' });
    expect(matchRoute('PUT', '/v1/reports')).toEqual({ route: undefined, allowed: ['POST', 'GET'] });
  });
  it('documents every route in OpenAPI', () => {
    for (const r of ROUTES) expect(OPERATIONS[`${r.method} ${r.path}`], `${r.method} ${r.path}`).toBeDefined();
  });
});
