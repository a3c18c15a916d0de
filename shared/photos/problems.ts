/**
 * The refusals of the photo API, Indonesian first. Their kinds (and so their HTTP statuses), and why:
 * - unauthorized (401) upload-token-missing: no X-Upload-Token at all; the caller has not presented any credential.
 * - forbidden (403) upload-token-invalid: malformed, forged, or issued for another report (deliberately one answer:
 *   the caller learns nothing about which).
 * - forbidden (403) upload-token-expired: a genuine token for this report, past its expiry (checked after the signature).
 * - conflict (409) photo-limit-reached: the report's allowance is used up. A conflict rather than a quota (nothing to
 *   wait for: no Retry-After would ever help) or unprocessable (the request itself is fine; the report's state refuses it).
 * - conflict (409) photos-closed: the report's status takes no more photos of this kind.
 */
import { ConflictError, ForbiddenError, UnauthorizedError } from '../domain/errors';
import type { PhotoKind } from './photo';

export const uploadTokenMissing = () =>
  new UnauthorizedError(
    'upload-token-missing',
    {
      id: 'Sertakan token unggah (header X-Upload-Token) yang diterima saat laporan dibuat',
      en: 'Send the upload token (header X-Upload-Token) you received when the report was created',
    },
    'X-Upload-Token',
  );

export const uploadTokenInvalid = () =>
  new ForbiddenError('upload-token-invalid', {
    id: 'Token unggah tidak berlaku untuk laporan ini',
    en: 'The upload token is not valid for this report',
  });

export const uploadTokenExpired = () =>
  new ForbiddenError('upload-token-expired', {
    id: 'Token unggah sudah kedaluwarsa; foto hanya dapat ditambahkan dalam 24 jam setelah laporan dibuat',
    en: 'The upload token has expired; photos can only be added within 24 hours of creating the report',
  });

export const photoLimitReached = (kind: PhotoKind, limit: number) =>
  new ConflictError(
    'photo-limit-reached',
    kind === 'report'
      ? { id: `Laporan ini sudah mencapai batas ${limit} foto`, en: `This report already has the maximum of ${limit} photos` }
      : { id: `Laporan ini sudah mencapai batas ${limit} foto penyelesaian`, en: `This report already has the maximum of ${limit} completion photos` },
    { details: { limit } },
  );

export const photosClosed = (status: string) =>
  new ConflictError(
    'photos-closed',
    { id: 'Foto tidak dapat ditambahkan pada status laporan ini', en: 'Photos cannot be added to a report in this status' },
    { details: { reportStatus: status } },
  );

export const completionPhotoForbidden = () =>
  new ForbiddenError('photo-not-allowed', {
    id: 'Hanya petugas bidang, admin verifikasi dan admin yang dapat menambahkan foto penyelesaian',
    en: 'Only unit officers, the triage desk and admins can add completion photos',
  });
