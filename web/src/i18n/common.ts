/** Words both the citizen app and the staff console use. */
import type { Messages } from './index';

export const common = {
  'app.name': { id: 'Si Centang', en: 'Si Centang' },
  'lang.switch': { id: 'English', en: 'Bahasa Indonesia' },
  'lang.switch.label': { id: 'Switch to English', en: 'Ganti ke Bahasa Indonesia' },
  'error.network': { id: 'Tidak ada sambungan internet. Coba lagi.', en: 'No internet connection. Try again.' },
  'error.generic': { id: 'Terjadi kesalahan. Coba lagi.', en: 'Something went wrong. Try again.' },
  'loading': { id: 'Memuat…', en: 'Loading…' },
  'status.received': { id: 'Diterima', en: 'Received' },
  'status.verified': { id: 'Diverifikasi', en: 'Verified' },
  'status.in_progress': { id: 'Dikerjakan', en: 'In progress' },
  'status.resolved': { id: 'Selesai', en: 'Resolved' },
  'status.closed': { id: 'Ditutup', en: 'Closed' },
  'status.rejected': { id: 'Ditolak', en: 'Rejected' },
  'status.duplicate': { id: 'Duplikat', en: 'Duplicate' },
  'status.referred': { id: 'Diteruskan', en: 'Referred' },
} satisfies Messages;
