/** The data dictionary of the open data (GET /v1/open-data/README), in Markdown, in both languages. */
import type { Jurisdiction } from '../config/jurisdiction';
import { COLUMNS } from './columns';

export function dataDictionary(j: Pick<Jurisdiction, 'name' | 'office' | 'serviceName' | 'openDataLicense' | 'timeZone'>): string {
  const rows = COLUMNS.map((c) => `| \`${c.name}\` | ${c.meaning.id} / ${c.meaning.en} | ${c.unit.id} / ${c.unit.en} |`);
  return [
    `# Data terbuka ${j.serviceName} — ${j.office.id} / Open data of ${j.serviceName} — ${j.office.en}`,
    '',
    `Satu baris per laporan yang sudah diverifikasi dan tidak rahasia, menurut bulan diterimanya (zona waktu ${j.timeZone}).`,
    `One row per verified, non-confidential report, by the month it was received (time zone ${j.timeZone}).`,
    '',
    '- `GET /v1/open-data/reports.csv?month=YYYY-MM`: CSV (RFC 4180), UTF-8 dengan BOM / with a byte-order mark, baris judul / header row',
    '- `GET /v1/open-data/reports.geojson?month=YYYY-MM`: GeoJSON (RFC 7946), titik / points [bujur, lintang]',
    '',
    'Tidak memuat nama, nomor telepon, e-mail, catatan internal, atau teks yang belum dipublikasikan.',
    'Contains no name, phone number, e-mail, internal note or unpublished text.',
    '',
    'Bulan yang sudah lewat disimpan sekali dan tidak berubah; bulan berjalan dibuat saat diminta (disimpan sebentar).',
    'Finished months are written once and do not change; the current month is built on request (cached briefly).',
    '',
    '| kolom / column | arti / meaning | satuan / unit |',
    '| --- | --- | --- |',
    ...rows,
    '',
    `Lisensi / License: ${j.openDataLicense.name} (${j.openDataLicense.url}). Sumber / Source: ${j.office.id}, ${j.name.id}.`,
    '',
  ].join('\n');
}
