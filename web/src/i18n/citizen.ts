/** The citizen app's words, Indonesian first. Form labels are also the controls' accessible names. */
import { common } from './common';
import { translator, type Messages } from './index';

export const citizen = {
  'nav.home': { id: 'Beranda', en: 'Home' },
  'nav.report': { id: 'Lapor', en: 'Report' },
  'nav.map': { id: 'Peta', en: 'Map' },
  'nav.label': { id: 'Menu utama', en: 'Main menu' },
  'home.title': { id: 'Lapor kerusakan, pantau penanganannya', en: 'Report damage, follow the repair' },
  'home.lead': {
    id: 'Si Centang (aksi cepat tanggap) adalah layanan laporan warga DPUPR Kabupaten Serang: jalan rusak, jembatan, drainase, lampu jalan, bangunan publik. Setiap laporan dijawab, dan Anda mendapat SMS di setiap langkah.',
    en: 'Si Centang ("quick-response action") is the citizen-report service of the Public Works office of Kabupaten Serang: broken roads, bridges, drainage, street lights, public buildings. Every report is answered, and you get an SMS at every step.',
  },
  'home.report': { id: 'Laporkan', en: 'Report' },
  'home.track.title': { id: 'Lacak laporan', en: 'Track a report' },
  'home.track.code': { id: 'Kode laporan', en: 'Report code' },
  'home.track.hint': { id: 'Kode ada di SMS Anda, misalnya 7KQ4-M9XP.', en: 'The code is in your SMS, for example 7KQ4-M9XP.' },
  'home.track.button': { id: 'Lacak', en: 'Track' },
  'home.track.empty': { id: 'Isi kode laporan terlebih dahulu.', en: 'Enter a report code first.' },
  'home.map': { id: 'Lihat laporan di peta', en: 'See reports on the map' },
  'home.pending': { id: 'Laporan menunggu sinyal: {count}', en: 'Reports waiting for signal: {count}' },
  'notFound.title': { id: 'Halaman tidak ditemukan', en: 'Page not found' },
  'notFound.back': { id: 'Kembali ke beranda', en: 'Back to the home page' },
} satisfies Messages;

export const t = translator({ ...common, ...citizen });
