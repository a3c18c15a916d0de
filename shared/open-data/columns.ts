/**
 * The open-data columns: one list that writes the CSV header, the GeoJSON properties and the data dictionary, so
 * the three cannot disagree. Only published, non-personal fields: never a name, number, e-mail, internal note or
 * text the office has not published.
 */
export interface Column {
  name: string;
  meaning: { id: string; en: string };
  unit: { id: string; en: string };
}

const text = { id: 'teks', en: 'text' };
const time = { id: 'waktu ISO 8601 (UTC), kosong bila belum terjadi', en: 'ISO 8601 time (UTC), empty when not yet' };

export const COLUMNS = [
  { name: 'kode', meaning: { id: 'Kode pelacakan laporan', en: 'Tracking code of the report' }, unit: text },
  { name: 'kategori', meaning: { id: 'Kode kategori (GET /v1/categories)', en: 'Category code (GET /v1/categories)' }, unit: text },
  { name: 'kecamatan', meaning: { id: 'Kecamatan, slug (GET /v1/districts)', en: 'Kecamatan (district), slug (GET /v1/districts)' }, unit: text },
  {
    name: 'kode_kemendagri',
    meaning: { id: 'Kode wilayah kecamatan menurut Kemendagri, kosong bila belum ada di konfigurasi', en: 'Kemendagri area code of the kecamatan, empty when not configured' },
    unit: text,
  },
  { name: 'status', meaning: { id: 'Status saat data dibuat', en: 'Status when the file was made' }, unit: text },
  { name: 'dibuat', meaning: { id: 'Laporan diterima', en: 'Report received' }, unit: time },
  { name: 'diverifikasi', meaning: { id: 'Laporan diverifikasi', en: 'Report verified' }, unit: time },
  { name: 'dikerjakan', meaning: { id: 'Pekerjaan dimulai (pertama kali)', en: 'Work started (the first time)' }, unit: time },
  { name: 'selesai', meaning: { id: 'Pekerjaan selesai (terakhir)', en: 'Work resolved (the last time)' }, unit: time },
  { name: 'ditutup', meaning: { id: 'Laporan ditutup', en: 'Report closed' }, unit: time },
  {
    name: 'lintang',
    meaning: { id: 'Lintang lokasi, dibulatkan ke 4 desimal (sekitar 11 m)', en: 'Latitude, rounded to 4 decimals (about 11 m)' },
    unit: { id: 'derajat WGS 84', en: 'degrees WGS 84' },
  },
  {
    name: 'bujur',
    meaning: { id: 'Bujur lokasi, dibulatkan ke 4 desimal (sekitar 11 m)', en: 'Longitude, rounded to 4 decimals (about 11 m)' },
    unit: { id: 'derajat WGS 84', en: 'degrees WGS 84' },
  },
  {
    name: 'uraian',
    meaning: {
      id: "Uraian yang dipublikasikan petugas. Teks yang diawali = + - @ diberi awalan ' agar tidak dijalankan sebagai rumus spreadsheet",
      en: "The description as published by the office. Text starting with = + - @ gets a leading ' so spreadsheets do not run it as a formula",
    },
    unit: text,
  },
  { name: 'unit', meaning: { id: 'Kode unit kerja penanggung jawab', en: 'Code of the responsible unit' }, unit: text },
] as const satisfies readonly Column[];

export type ColumnName = (typeof COLUMNS)[number]['name'];
export type OpenDataRow = Record<ColumnName, string | number | null>;
