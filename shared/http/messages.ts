/**
 * User-facing error text, Indonesian first, English second. Validation messages from our own rules are
 * keys into this table; zod's own messages come from its Indonesian and English locales.
 */
import type { Language } from '../config/jurisdiction';

type Text = Record<Language, string>;

export const MESSAGES = {
  'text.control': { id: 'Teks berisi karakter kontrol yang tidak diizinkan', en: 'Text contains control characters that are not allowed' },
  'location.outside': { id: 'Lokasi berada di luar wilayah layanan', en: 'Location is outside the service area' },
  'report.district': { id: 'Pilih kecamatan, atau tandai lokasi di peta', en: 'Choose a district, or mark the location on the map' },
  'report.where': { id: 'Isi lokasi atau alamat (salah satu wajib)', en: 'Give a location or an address (one is required)' },
  'phone.invalid': { id: 'Nomor HP tidak valid: gunakan nomor seluler Indonesia, misalnya 0812-3456-7890', en: 'Invalid phone number: use an Indonesian mobile number, e.g. 0812-3456-7890' },
  'update.empty': { id: 'Isi setidaknya satu kolom yang diubah', en: 'Give at least one field to change' },
  'update.description-twice': { id: 'Kirim publicDescription saja (description adalah nama lamanya)', en: 'Send publicDescription only (description is its old name)' },
  'cursor.invalid': { id: 'Kursor halaman tidak valid', en: 'Invalid page cursor' },
} satisfies Record<string, Text>;

export type MessageKey = keyof typeof MESSAGES;

export const TITLES = {
  400: { id: 'Permintaan tidak valid', en: 'Invalid request' },
  401: { id: 'Perlu masuk', en: 'Authentication required' },
  403: { id: 'Tidak diizinkan', en: 'Forbidden' },
  404: { id: 'Tidak ditemukan', en: 'Not found' },
  405: { id: 'Metode tidak diizinkan', en: 'Method not allowed' },
  409: { id: 'Konflik', en: 'Conflict' },
  412: { id: 'Versi sudah berubah', en: 'Precondition failed' },
  413: { id: 'Isi permintaan terlalu besar', en: 'Request body too large' },
  415: { id: 'Jenis konten tidak didukung', en: 'Unsupported media type' },
  422: { id: 'Tidak dapat diproses', en: 'Unprocessable request' },
  428: { id: 'Perlu header If-Match', en: 'Precondition required' },
  429: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
  500: { id: 'Kesalahan server', en: 'Internal server error' },
  503: { id: 'Layanan sibuk', en: 'Service unavailable' },
} satisfies Record<number, Text>;

export function translate(key: string, lang: Language): string | undefined {
  return (MESSAGES as Record<string, Text>)[key]?.[lang];
}

/** Picks Indonesian unless the client prefers English (Accept-Language: en…). */
export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'id';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { lang: tag.trim().toLowerCase().slice(0, 2), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.lang === 'id' || x.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Language | undefined) ?? 'id';
}
