/**
 * POST /v1/staff/reports/{id}/photos/{photoId}/approval: triage or an admin makes public a citizen's photo that
 * arrived after the report was verified. Those photos were never seen by the triage desk when it published the
 * report, so they wait (hidden from the public view and Open311) for the same desk's look. Officers and district
 * offices are refused before any read.
 */
import type { DynamoPhotoRepository } from '../adapters/dynamodb/photo-repository';
import type { StaffIdentity } from '../auth/staff-identity';
import { parseTrackingCode } from '../domain/tracking-code';
import { ForbiddenError, NotFoundError, reportNotFound } from '../domain/errors';
import { isPhotoId } from './photo';
import { photoViews, type PhotoView, type UrlSigner } from './views';

export const photoApprovalForbidden = () =>
  new ForbiddenError('photo-approval-not-allowed', {
    id: 'Hanya petugas verifikasi atau admin yang dapat menyetujui foto warga',
    en: "Only triage or an admin may approve a citizen's photo",
  });

export const photoNotFound = () =>
  new NotFoundError('photo-not-found', { id: 'Foto tidak ditemukan pada laporan ini', en: 'No such photo on this report' });

export interface ApprovePhotoDeps {
  repository: Pick<DynamoPhotoRepository, 'approvePhoto'>;
  signer: UrlSigner;
  now: () => Date;
}

export async function approvePhoto(rawCode: string | undefined, photoId: string | undefined, who: StaffIdentity, deps: ApprovePhotoDeps): Promise<PhotoView> {
  if (who.role !== 'triage' && who.role !== 'admin') throw photoApprovalForbidden();
  const code = parseTrackingCode(rawCode ?? '');
  if (!code) throw reportNotFound();
  if (!photoId || !isPhotoId(photoId)) throw photoNotFound();
  const report = await deps.repository.approvePhoto(code, photoId, { role: who.role, id: who.sub }, deps.now);
  if (!report) throw photoNotFound();
  const [view] = await photoViews({ photos: report.photos!.filter((p) => p.id === photoId) }, deps.signer);
  return view!;
}
