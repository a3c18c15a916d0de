/**
 * What a citizen is told about adding photos: that the upload token is shown once and lasts 24 hours (in the
 * creation answer), and, on the tracking view, which photos were refused and why (the refusal is otherwise only
 * an internal event, and the citizen would wait for a photo that never appears).
 */
import type { PhotoRefusal } from '../domain/view-schemas';
import type { Language } from '../config/jurisdiction';
import type { HistoryEvent } from '../domain/report';

export function photoNotice(lang: Language, expiresAt: string): string {
  return lang === 'en'
    ? `Keep the uploadToken: it is shown only this once and is valid for 24 hours (until ${expiresAt}). Send it as X-Upload-Token to POST /v1/reports/{id}/photos to add photos (JPEG, PNG or WebP, up to 10 MB each).`
    : `Simpan uploadToken: hanya ditampilkan sekali ini dan berlaku 24 jam (sampai ${expiresAt}). Kirim sebagai X-Upload-Token ke POST /v1/reports/{id}/photos untuk menambah foto (JPEG, PNG atau WebP, masing-masing paling besar 10 MB).`;
}

const REASONS: Record<string, { id: string; en: string }> = {
  'too-large': { id: 'File lebih besar dari 10 MB.', en: 'The file is larger than 10 MB.' },
  'not-an-allowed-image': { id: 'File bukan foto JPEG, PNG atau WebP.', en: 'The file is not a JPEG, PNG or WebP photo.' },
  'too-many-pixels': { id: 'Ukuran gambar terlalu besar (lebih dari 40 megapiksel).', en: 'The image is too large (over 40 megapixels).' },
  undecodable: { id: 'File foto rusak atau tidak dapat dibaca.', en: 'The photo file is damaged or cannot be read.' },
  'limit-reached': { id: 'Batas jumlah foto laporan ini sudah tercapai.', en: 'This report already has as many photos as allowed.' },
};
const UNKNOWN = { id: 'Foto tidak dapat diterima.', en: 'The photo could not be accepted.' };


/** The citizen's own photos the processor refused, oldest first; never a completion photo of the officers. */
export function photoRefusals(events: readonly HistoryEvent[]): PhotoRefusal[] {
  return events
    .filter((e) => e.type === 'photo' && e.data?.outcome === 'rejected' && e.data.kind === 'report')
    .map((e) => {
      const reason = String(e.data?.reason ?? 'unknown');
      return { at: e.at, reason, message: REASONS[reason] ?? UNKNOWN };
    });
}

