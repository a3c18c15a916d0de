/** The words of the public statistics page, Indonesian first. */
import { common } from './common';
import { translator, type Messages } from './index';

export const stats = {
  'stats.title': { id: 'Statistik laporan', en: 'Report statistics' },
  'stats.lead': {
    id: 'Berapa laporan masuk, berapa yang selesai, berapa cepat, dan berapa yang tepat waktu, {from} sampai {to}. Dihitung dari semua laporan, termasuk yang rahasia, tanpa data pribadi.',
    en: 'How many reports came in, how many were resolved, how fast, and how many on time, {from} to {to}. Counted from every report, confidential ones included, without personal data.',
  },
  'stats.failed': { id: 'Statistik tidak dapat dimuat.', en: 'The statistics could not load.' },
  'stats.retry': { id: 'Coba lagi', en: 'Try again' },
  'stats.headline': { id: 'Angka utama', en: 'Headline figures' },
  'stats.received': { id: 'Laporan masuk', en: 'Reports received' },
  'stats.verified': { id: 'Diverifikasi', en: 'Verified' },
  'stats.resolved': { id: 'Diselesaikan', en: 'Resolved' },
  'stats.openNow': { id: 'Masih terbuka sekarang', en: 'Open now' },
  'stats.medianResolve': { id: 'Median waktu penyelesaian', en: 'Median time to resolve' },
  'stats.onTimeShare': { id: 'Tahap selesai tepat waktu', en: 'Stages finished on time' },
  'stats.none': { id: 'belum ada', en: 'none yet' },
  'stats.days': { id: '{n} hari', en: '{n} days' },
  'stats.percent': { id: '{n}%', en: '{n}%' },
  'stats.monthly.title': { id: 'Masuk dan selesai per bulan', en: 'Received and resolved per month' },
  'stats.monthly.summary': {
    id: 'Diagram batang: laporan masuk dan laporan selesai untuk setiap bulan dari {from} sampai {to}. Angkanya ada di tabel di bawah.',
    en: 'Bar chart: reports received and resolved for each month from {from} to {to}. The numbers are in the table below.',
  },
  'stats.month': { id: 'Bulan', en: 'Month' },
  'stats.asTable': { id: 'Lihat angkanya sebagai tabel', en: 'See the numbers as a table' },
  'stats.district.title': { id: 'Waktu penyelesaian per kecamatan', en: 'Time to resolve by kecamatan' },
  'stats.district.lead': {
    id: 'Median hari kalender dari verifikasi sampai selesai, tercepat di atas. Kecamatan tanpa laporan selesai tidak ditampilkan.',
    en: 'Median calendar days from verification to resolution, fastest first. Kecamatan without a resolved report are left out.',
  },
  'stats.district': { id: 'Kecamatan', en: 'Kecamatan' },
  'stats.median': { id: 'Median', en: 'Median' },
  'stats.count': { id: 'Selesai', en: 'Resolved' },
  'stats.unit.title': { id: 'Ketepatan waktu per unit kerja', en: 'On time by unit' },
  'stats.unit.lead': {
    id: 'Bagian tahap (verifikasi, mulai kerja, selesai) yang rampung sebelum batas waktunya.',
    en: 'Share of stages (verification, start of work, resolution) finished before their deadline.',
  },
  'stats.unit': { id: 'Unit kerja', en: 'Unit' },
  'stats.share': { id: 'Tepat waktu', en: 'On time' },
  'stats.stages': { id: 'Tahap selesai', en: 'Stages finished' },
  'stats.ofDone': { id: '{onTime} dari {done}', en: '{onTime} of {done}' },
  'stats.empty': { id: 'Belum ada data untuk periode ini.', en: 'No data for this period yet.' },
  'stats.download.title': { id: 'Data terbuka', en: 'Open data' },
  'stats.download.lead': {
    id: 'Laporan yang sudah diverifikasi dan tidak rahasia, satu bulan per berkas, tanpa data pribadi pelapor.',
    en: 'Verified, non-confidential reports, one month per file, without the reporter\u2019s personal data.',
  },
  'stats.download.month': { id: 'Bulan data', en: 'Month of data' },
  'stats.download.csv': { id: 'Unduh CSV ({month})', en: 'Download CSV ({month})' },
  'stats.download.geojson': { id: 'Unduh GeoJSON ({month})', en: 'Download GeoJSON ({month})' },
  'stats.download.readme': { id: 'Kamus data (arti setiap kolom, lisensi)', en: 'Data dictionary (what each column means, licence)' },
} satisfies Messages;

export const t = translator({ ...common, ...stats });
