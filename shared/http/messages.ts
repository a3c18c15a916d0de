/**
 * The HTTP side of user-facing error text: the title of each status, and the caller's language. The messages of
 * our own validation rules live with the rules (shared/domain/messages.ts) and are re-exported here.
 */
import type { Language } from '../config/jurisdiction';

export { MESSAGES, translate, type MessageKey } from '../domain/messages';

type Text = Record<Language, string>;

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
    // q=0 is a refusal ("not English"), not a last choice
    .filter((x) => x.q > 0 && (x.lang === 'id' || x.lang === 'en'))
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Language | undefined) ?? 'id';
}
