/**
 * Upload grants: who may add a photo to which report, and the presigned POST that lets the client send the
 * file straight to S3 (the API never carries image bytes).
 *
 * The limit counts the photos accepted and the grants still open (within their upload window): processing is
 * asynchronous, and a client could otherwise ask for any number of grants before the first photo lands. A grant
 * that was never used stops counting when its window closes, so unused grants do not use up the report's photos.
 */
import { canRead, type StaffIdentity } from '../auth/staff-identity';
import { parseTrackingCode } from '../domain/tracking-code';
import { PhotoLimitReachedError, type DynamoPhotoRepository, type ReportWithPhotos } from '../adapters/dynamodb/photo-repository';
import type { UploadSigner } from '../adapters/s3/post-policy-signer';
import {
  CITIZEN_PHOTO_STATUSES,
  COMPLETION_PHOTO_STATUSES,
  MAX_UPLOAD_BYTES,
  newPhotoId,
  UPLOAD_GRANT_SECONDS,
  uploadKey,
  type AllowedContentType,
  type PhotoKind,
  type PhotoLimits,
  type PhotoUploadGrant,
} from './photo';
import { outOfScope, reportNotFound } from '../domain/errors';
import * as problems from './problems';
import { verifyUploadToken } from './upload-token';

export interface GrantDeps {
  repository: Pick<DynamoPhotoRepository, 'getReport' | 'takeGrant'>;
  storage: { presignUpload: UploadSigner };
  limits: PhotoLimits;
  now: () => Date;
  newId?: () => string;
}

/** Object metadata naming who uploaded, so the history event can say it; pinned by the POST policy. */
export const UPLOADER_METADATA = 'uploader';

async function grant(report: ReportWithPhotos, kind: PhotoKind, contentType: AllowedContentType, uploader: string, deps: GrantDeps): Promise<PhotoUploadGrant> {
  const limit = deps.limits[kind];
  const photoId = (deps.newId ?? newPhotoId)();
  const now = deps.now();
  try {
    await deps.repository.takeGrant(report.id, kind, limit, {
      photoId,
      // a little past the POST's own expiry: an upload sent at the last second is still being processed
      expiresAt: now.getTime() + (UPLOAD_GRANT_SECONDS + 120) * 1000,
      acceptedIds: (report.photos ?? []).filter((p) => p.kind === kind).map((p) => p.id),
      now: now.getTime(),
    });
  } catch (err) {
    if (err instanceof PhotoLimitReachedError) throw problems.photoLimitReached(kind, limit);
    throw err;
  }
  const post = await deps.storage.presignUpload({
    key: uploadKey(report.id, kind, photoId),
    contentType,
    maxBytes: MAX_UPLOAD_BYTES,
    expiresInSeconds: UPLOAD_GRANT_SECONDS,
    metadata: { [UPLOADER_METADATA]: uploader },
  });
  return {
    photoId,
    url: post.url,
    fields: post.fields,
    expiresAt: new Date(now.getTime() + UPLOAD_GRANT_SECONDS * 1000).toISOString(),
    maxBytes: MAX_UPLOAD_BYTES,
  };
}

/**
 * The first step of POST /v1/reports/{id}/photos, before the body is read: is the caller the report's creator,
 * proven by the upload token? Returns the canonical code. Pure: no table access for a bad token.
 */
export function authorizeCitizenUpload(rawCode: string | undefined, token: string | undefined, secrets: readonly string[], now: Date): string {
  const code = parseTrackingCode(rawCode ?? '');
  if (!code) throw reportNotFound();
  if (token === undefined || token.trim() === '') throw problems.uploadTokenMissing();
  const check = verifyUploadToken(token, code, secrets, now);
  if (!check.ok) throw check.reason === 'expired' ? problems.uploadTokenExpired() : problems.uploadTokenInvalid();
  return code;
}

/** POST /v1/reports/{id}/photos, once authorized: a citizen photo, while the report is still open for them. */
export async function grantCitizenUpload(input: { code: string; contentType: AllowedContentType }, deps: GrantDeps): Promise<PhotoUploadGrant> {
  const report = await deps.repository.getReport(input.code);
  if (!report) throw reportNotFound();
  if (!CITIZEN_PHOTO_STATUSES.includes(report.status)) throw problems.photosClosed(report.status);
  return grant(report, 'report', input.contentType, 'citizen', deps);
}

export interface CompletionGrantInput {
  rawCode: string | undefined;
  who: StaffIdentity;
  contentType: AllowedContentType;
}

/**
 * POST /v1/staff/reports/{id}/photos: an officer (own unit), the triage desk or an admin adds a completion
 * photo. District offices read and comment only, so they are refused.
 */
export async function grantCompletionUpload(input: CompletionGrantInput, deps: GrantDeps): Promise<PhotoUploadGrant> {
  const code = parseTrackingCode(input.rawCode ?? '');
  if (!code) throw reportNotFound();
  if (input.who.role === 'district') throw problems.completionPhotoForbidden();
  const report = await deps.repository.getReport(code);
  if (!report) throw reportNotFound();
  if (!canRead(input.who, report)) throw outOfScope();
  if (!COMPLETION_PHOTO_STATUSES.includes(report.status)) throw problems.photosClosed(report.status);
  return grant(report, 'completion', input.contentType, `${input.who.role}:${input.who.sub}`, deps);
}
