/**
 * The refusals of the photo API, Indonesian first. Status codes, and why:
 * - 401 upload-token-missing: no X-Upload-Token at all; the caller has not presented any credential.
 * - 403 upload-token-invalid: malformed, forged, or issued for another report (deliberately one answer:
 *   the caller learns nothing about which).
 * - 403 upload-token-expired: a genuine token for this report, past its expiry (checked after the signature).
 * - 409 photo-limit-reached: the report's allowance is used up. 409 rather than 429 (nothing to wait for:
 *   no Retry-After would ever help) or 422 (the request itself is fine; the report's state refuses it).
 * - 409 photos-closed: the report's status takes no more photos of this kind.
 */
import { ProblemError } from '../http/problem';
import type { PhotoKind } from './photo';

export const uploadTokenMissing = () =>
  new ProblemError(
    401,
    'upload-token-missing',
    {
      id: 'Sertakan token unggah (header X-Upload-Token) yang diterima saat laporan dibuat',
      en: 'Send the upload token (header X-Upload-Token) you received when the report was created',
    },
    { headers: { 'www-authenticate': 'X-Upload-Token' } },
  );

export const uploadTokenInvalid = () =>
  new ProblemError(403, 'upload-token-invalid', {
    id: 'Token unggah tidak berlaku untuk laporan ini',
    en: 'The upload token is not valid for this report',
  });

export const uploadTokenExpired = () =>
  new ProblemError(403, 'upload-token-expired', {
    id: 'Token unggah sudah kedaluwarsa; foto hanya dapat ditambahkan dalam 24 jam setelah laporan dibuat',
    en: 'The upload token has expired; photos can only be added within 24 hours of creating the report',
  });

export const photoLimitReached = (kind: PhotoKind, limit: number) =>
  new ProblemError(
    409,
    'photo-limit-reached',
    kind === 'report'
      ? { id: `Laporan ini sudah mencapai batas ${limit} foto`, en: `This report already has the maximum of ${limit} photos` }
      : { id: `Laporan ini sudah mencapai batas ${limit} foto penyelesaian`, en: `This report already has the maximum of ${limit} completion photos` },
    { limit },
  );

export const photosClosed = (status: string) =>
  new ProblemError(
    409,
    'photos-closed',
    { id: 'Foto tidak dapat ditambahkan pada status laporan ini', en: 'Photos cannot be added to a report in this status' },
    { reportStatus: status },
  );

export const completionPhotoForbidden = () =>
  new ProblemError(403, 'photo-not-allowed', {
    id: 'Hanya petugas bidang, admin verifikasi dan admin yang dapat menambahkan foto penyelesaian',
    en: 'Only unit officers, the triage desk and admins can add completion photos',
  });
