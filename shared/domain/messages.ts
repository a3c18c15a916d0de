/**
 * User-facing text of our own validation rules, Indonesian first, English second. The rules (zod schemas, the
 * placement of a report) name a key of this table; zod's own messages come from its Indonesian and English locales.
 */
import type { Language } from '../config/jurisdiction';

type Text = Record<Language, string>;

export const MESSAGES = {
  'text.control': {
    id: 'Teks berisi karakter yang tidak diizinkan: karakter kontrol, atau huruf yang rusak dalam pengiriman (kirim ulang teksnya)',
    en: 'Text contains characters that are not allowed: control characters, or letters garbled on the way (send the text again)',
  },
  'text.blank': { id: 'Teks tidak boleh kosong atau hanya berisi karakter tak terlihat', en: 'Text cannot be empty or hold only invisible characters' },
  'location.outside': { id: 'Lokasi berada di luar wilayah layanan', en: 'Location is outside the service area' },
  'report.district': { id: 'Pilih kecamatan, atau tandai lokasi di peta', en: 'Choose a district, or mark the location on the map' },
  'report.where': { id: 'Isi lokasi atau alamat (salah satu wajib)', en: 'Give a location or an address (one is required)' },
  'phone.invalid': { id: 'Nomor HP tidak valid: gunakan nomor seluler Indonesia, misalnya 0810-0000-0123', en: 'Invalid phone number: use an Indonesian mobile number, e.g. 0810-0000-0123' },
  'update.empty': { id: 'Isi setidaknya satu kolom yang diubah', en: 'Give at least one field to change' },
  'update.description-twice': { id: 'Kirim publicDescription saja (description adalah nama lamanya)', en: 'Send publicDescription only (description is its old name)' },
  'cursor.invalid': { id: 'Kursor halaman tidak valid', en: 'Invalid page cursor' },
} satisfies Record<string, Text>;

export type MessageKey = keyof typeof MESSAGES;

export function translate(key: string, lang: Language): string | undefined {
  return (MESSAGES as Record<string, Text>)[key]?.[lang];
}
