/** Validation messages a citizen meets: written by a person, per field, in Indonesian and English. */
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/config/jurisdiction';
import { createReportRequestSchema } from '../../shared/domain/report-request';
import { createPhotoUploadRequestSchema } from '../../shared/photos/upload-request';
import { listReportsQuerySchema } from '../../shared/http/list-reports-query';
import { parseOrThrow, ProblemError, toProblem } from '../../shared/http/problem';

function errorsOf(schema: Parameters<typeof parseOrThrow>[0], value: unknown, lang: Language, where?: 'query') {
  try {
    parseOrThrow(schema, value, lang, where);
  } catch (err) {
    if (err instanceof ProblemError) return toProblem(err, lang).errors ?? [];
    throw err;
  }
  throw new Error('expected a refusal');
}

const valid = {
  category: 'jalan-rusak', description: 'Jalan berlubang besar di depan pasar', district: 'cikande',
  location: { lat: -6.2, lon: 106.3 }, reporter: { phone: '0812-3456-7890' },
};
// what zod's own locales say: a citizen must never read these
const COMPILER = /diharapkan|diterima [a-z]+$|expected [a-z]+, received|>=|<=|Input tidak valid|Invalid input|Terlalu (kecil|besar)|Too (small|big)/i;

describe('validation messages', () => {
  it('names the description and its minimum as a person would', () => {
    expect(errorsOf(createReportRequestSchema, { ...valid, description: 'pendek' }, 'id')).toEqual([{ field: 'description', message: 'Keterangan minimal 10 huruf.' }]);
    expect(errorsOf(createReportRequestSchema, { ...valid, description: 'pendek' }, 'en')).toEqual([{ field: 'description', message: 'Description needs at least 10 characters.' }]);
  });
  it('says a missing body is missing', () => {
    expect(errorsOf(createReportRequestSchema, undefined, 'id')[0]!.message).toBe('Isi permintaan wajib diisi.');
    expect(errorsOf(createReportRequestSchema, undefined, 'en')[0]!.message).toBe('The request body is required.');
  });
  it('explains an infinite latitude (1e400) instead of "expected number, received number"', () => {
    const body = JSON.parse('{"category":"jalan-rusak","description":"Jalan berlubang besar","district":"cikande","location":{"lat":1e400,"lon":106.3},"reporter":{"phone":"081234567890"}}');
    const [error] = errorsOf(createReportRequestSchema, body, 'id');
    expect(error).toEqual({ field: 'location.lat', message: 'Garis lintang (lat) harus berupa angka biasa (bukan tak hingga).' });
  });
  it('points to the list of categories and districts', () => {
    const errors = errorsOf(createReportRequestSchema, { ...valid, category: 'jalan', district: 'x' }, 'id');
    expect(errors.map((e) => e.message)).toEqual(['Kategori tidak dikenal: lihat daftar di GET /v1/categories.', 'Kecamatan tidak dikenal: lihat daftar di GET /v1/districts.']);
  });
  it.each<Language>(['id', 'en'])('never reads like a compiler, for any bad input (%s)', (lang) => {
    const bad: unknown[] = [
      undefined, null, 'teks', [], {}, { ...valid, extra: 1 }, { ...valid, description: 5 }, { ...valid, description: 'x'.repeat(3000) },
      { ...valid, location: { lat: 'a', lon: null } }, { ...valid, location: { lat: 100, lon: 106 } }, { ...valid, reporter: {} },
      { ...valid, reporter: { phone: '0812', showName: 'ya', language: 'fr' } }, { ...valid, confidential: 'true' }, { ...valid, address: '' },
    ];
    for (const body of bad) {
      for (const e of errorsOf(createReportRequestSchema, body, lang)) expect(e.message, JSON.stringify(body)).not.toMatch(COMPILER);
    }
    for (const body of [{}, { contentType: 'image/gif' }, { contentType: 1 }]) {
      for (const e of errorsOf(createPhotoUploadRequestSchema, body, lang)) expect(e.message).not.toMatch(COMPILER);
    }
    for (const query of [{ limit: '0' }, { limit: 'abc' }, { status: 'x' }, { district: 'x' }]) {
      for (const e of errorsOf(listReportsQuerySchema, query, lang, 'query')) expect(e.message).not.toMatch(COMPILER);
    }
  });
});
