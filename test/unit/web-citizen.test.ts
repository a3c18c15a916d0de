/**
 * The citizen app's pure parts, run in Node: routes (the confidential view key passed through), where the API's
 * per-field refusals land on the form, the form's own checks, the message catalogue, and what the service
 * worker precaches (from the real build).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../local/web-build';
import { emptyDraft } from '../../web/src/citizen/draft';
import { checkDraft, problemErrors } from '../../web/src/citizen/report/validate';
import { parseRoute } from '../../web/src/citizen/router';
import { lang, setLang, translator } from '../../web/src/i18n/index';
import { citizen } from '../../web/src/i18n/citizen';
import { common } from '../../web/src/i18n/common';

describe('citizen routes', () => {
  it('maps every page, the SMS short link included, and passes a view key on as it came', () => {
    expect(parseRoute('/', '')).toEqual({ page: 'home' });
    expect(parseRoute('/lapor/', '')).toEqual({ page: 'report' });
    expect(parseRoute('/peta', '?district=cikande')).toEqual({ page: 'map' });
    expect(parseRoute('/lacak/7KQ4-M9XP', '')).toEqual({ page: 'track', code: '7KQ4-M9XP' });
    expect(parseRoute('/r/7KQ4-M9XP', '?k=abc_DEF-123')).toEqual({ page: 'track', code: '7KQ4-M9XP', key: 'abc_DEF-123' });
    expect(parseRoute('/lacak/a%20b', '')).toEqual({ page: 'track', code: 'a b' });
    expect(parseRoute('/lacak', '')).toEqual({ page: 'not-found' });
    expect(parseRoute('/lacak/a/b', '')).toEqual({ page: 'not-found' });
  });
});

describe('form errors', () => {
  it('puts each of the API\'s field errors next to its field and keeps the rest for the banner', () => {
    const { errors, other } = problemErrors({
      title: 'Permintaan tidak valid',
      status: 400,
      errors: [
        { field: 'reporter.phone', message: 'Nomor HP tidak valid' },
        { field: 'location.lat', message: 'Di luar wilayah' },
        { field: 'description', message: 'Terlalu pendek' },
        { field: 'extra', message: 'Tidak dikenal' },
      ],
    });
    expect(errors).toEqual({ phone: 'Nomor HP tidak valid', location: 'Di luar wilayah', description: 'Terlalu pendek' });
    expect(other).toEqual(['Tidak dikenal']);
    expect(problemErrors({ title: 'Terlalu banyak permintaan', status: 429, detail: 'Coba lagi nanti' }).other).toEqual(['Coba lagi nanti']);
  });

  it('asks for what the API needs before anything is queued: an address is enough without a location', () => {
    expect(Object.keys(checkDraft(emptyDraft())).sort()).toEqual(['address', 'category', 'description', 'district', 'phone']);
    const filled = { ...emptyDraft(), category: 'jalan-rusak', district: 'kopo', description: 'Lampu jalan mati total', phone: '0812' };
    expect(checkDraft({ ...filled, address: 'Simpang Kopo' })).toEqual({});
    expect(checkDraft({ ...filled, location: { lat: -6.1, lon: 106.2 } })).toEqual({});
    expect(checkDraft(filled)).toHaveProperty('address');
  });
});

describe('message catalogue', () => {
  it('has every message in both languages, and fills in values', () => {
    for (const [key, text] of Object.entries({ ...common, ...citizen })) {
      expect(text.id, key).not.toBe('');
      expect(text.en, key).not.toBe('');
      // a placeholder in one language is in the other too
      expect(text.id.match(/\{\w+\}/g)?.sort(), key).toEqual(text.en.match(/\{\w+\}/g)?.sort());
    }
    const t = translator({ ...common, ...citizen });
    expect(lang()).toBe('id');
    expect(t('form.submit')).toBe('Kirim laporan');
    expect(t('outbox.uploading', { n: 1, total: 3 })).toBe('Mengunggah foto 1 dari 3…');
    setLang('en');
    expect(t('form.submit')).toBe('Send report');
    setLang('id');
  });

  it('uses the exact Indonesian words of the form', () => {
    const words = ['form.category', 'form.district', 'form.location', 'form.address', 'form.description', 'form.photos', 'form.phone', 'form.name', 'form.anonymous', 'form.confidential', 'form.submit'] as const;
    expect(words.map((k) => citizen[k].id)).toEqual([
      'Kategori',
      'Kecamatan',
      'Lokasi',
      'Alamat atau patokan',
      'Keterangan',
      'Foto',
      'Nomor HP',
      'Nama (boleh kosong)',
      'Sembunyikan identitas saya dari petugas',
      'Laporan rahasia',
      'Kirim laporan',
    ]);
    expect([common['status.received'].id, common['status.verified'].id, common['status.in_progress'].id, common['status.resolved'].id, common['status.closed'].id, common['status.rejected'].id, common['status.duplicate'].id, common['status.referred'].id]).toEqual([
      'Diterima',
      'Diverifikasi',
      'Dikerjakan',
      'Selesai',
      'Ditutup',
      'Ditolak',
      'Duplikat',
      'Diteruskan',
    ]);
  });
});

describe('service worker', () => {
  let sw: string;
  beforeAll(async () => {
    sw = readFileSync(join(await ensureWebBuild(), 'sw.js'), 'utf8');
  }, 120_000);

  it('precaches the citizen shell and its pages, not the map library or the staff console', () => {
    const list = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(sw)![1]!) as string[];
    const index = readFileSync(join(process.cwd(), 'web/dist/index.html'), 'utf8');
    for (const asset of index.match(/\/assets\/[\w.-]+\.(js|css)/g)!) expect(list).toContain(asset);
    expect(list).toContain('/index.html');
    expect(list.some((f) => /\/assets\/report-/.test(f))).toBe(true);
    expect(list.some((f) => /\/assets\/map-/.test(f))).toBe(true);
    expect(list.filter((f) => /base-map|reports-map|leaflet|staf/.test(f))).toEqual([]);
  });
});
