/**
 * What happens to one uploaded original (S3 object-created under uploads/): it is checked and rendered, the
 * renditions are written under public/, and the photo is recorded on the report with a history event in one
 * version-guarded transaction. A refused upload is recorded as an internal event and deleted.
 *
 * Safe to run twice for the same object (S3 delivers at least once, Lambda retries): a photo already on the
 * report is skipped, and a deleted original is "gone". A version conflict (a staff change, another photo) is
 * retried on a fresh read, so neither change is lost.
 *
 * One grant, one outcome: a presigned POST can be sent again and again until it expires, each time storing a new
 * object under the grant's key. The first object claims the grant (by its ETag) before anything is rendered or
 * recorded; every later object under that key is deleted unread, with no history event, so uploads can never
 * flood a report's history.
 */
import type { DynamoPhotoRepository } from '../adapters/dynamodb/photo-repository';
import { PhotoClaimSettledError, type ReportWithPhotos, type UploadClaim } from '../adapters/dynamodb/photo-repository';
import type { PhotoStorage } from '../adapters/s3/photo-storage';
import { recordChange } from '../domain/record-change';
import { isPublished, type HistoryEvent } from '../domain/report';
import { jitter, retryOnConflict } from '../domain/retry-on-conflict';
import { insideBox, roundPosition, type BoundingBox, type GpsPosition } from './exif-gps';
import { UPLOADER_METADATA } from './grant-upload';
import {
  MAX_UPLOAD_BYTES,
  parseUploadKey,
  renditionKey,
  thumbnailKey,
  UPLOADS_PREFIX,
  type PhotoEntry,
  type PhotoKind,
  type PhotoLimits,
  type SuggestedLocation,
  type UploadKey,
} from './photo';
import { renderPhoto, type RejectReason } from './renditions';

export type RefusalReason = RejectReason | 'limit-reached';

export type ProcessOutcome =
  | { outcome: 'accepted'; code: string; photo: PhotoEntry; suggestedLocation?: SuggestedLocation }
  /** recorded on the report (internal event) and deleted */
  | { outcome: 'rejected'; code: string; photoId: string; reason: RefusalReason; detail?: string }
  /** deleted: no report to record it on */
  | { outcome: 'discarded'; reason: 'not-an-upload-key' | 'unknown-report' | 'grant-used' }
  /** nothing to do */
  | { outcome: 'skipped'; reason: 'outside-uploads' | 'already-recorded' | 'gone' };

export interface ProcessDeps {
  repository: Pick<DynamoPhotoRepository, 'getReport' | 'recordOutcome' | 'claimUpload'>;
  storage: Pick<PhotoStorage, 'read' | 'write' | 'delete'>;
  limits: PhotoLimits;
  boundingBox: BoundingBox;
  now: () => Date;
  render?: typeof renderPhoto;
  /** attempts at the version-guarded write before giving up (the invocation then fails and is retried) */
  maxAttempts?: number;
}

const DEFAULT_ATTEMPTS = 8;

/** Runs `attempt` until its write meets no version conflict, with a short random pause between tries. */
const withVersionRetries = <T>(deps: Pick<ProcessDeps, 'maxAttempts'>, attempt: (n: number) => Promise<T>): Promise<T> =>
  retryOnConflict(attempt, { attempts: deps.maxAttempts ?? DEFAULT_ATTEMPTS, pause: jitter(20) });

/** `citizen`, or `<role>:<sub>` for staff, as the grant wrote it into the object's metadata. */
function actorOf(metadata: Record<string, string>, kind: PhotoKind): HistoryEvent['actor'] {
  const uploader = metadata[UPLOADER_METADATA];
  if (uploader === 'citizen') return { role: 'citizen' };
  const m = uploader ? /^(admin|triage|officer):(.+)$/.exec(uploader) : null;
  if (m) return { role: m[1]!, id: m[2]! };
  return { role: kind === 'report' ? 'citizen' : 'system' };
}

function suggestion(report: ReportWithPhotos, gps: GpsPosition | undefined, photoId: string, box: BoundingBox): SuggestedLocation | undefined {
  if (!gps || report.location || report.suggestedLocation || !insideBox(gps, box)) return undefined;
  return { ...roundPosition(gps), source: 'photo-exif', photoId };
}

export async function processUpload(key: string, deps: ProcessDeps): Promise<ProcessOutcome> {
  if (!key.startsWith(UPLOADS_PREFIX)) return { outcome: 'skipped', reason: 'outside-uploads' };
  const upload = parseUploadKey(key);
  // Only grants write under uploads/ on AWS; anything else there (possible on s3rver) is removed unread.
  if (!upload) {
    await deps.storage.delete(key);
    return { outcome: 'discarded', reason: 'not-an-upload-key' };
  }
  const report = await deps.repository.getReport(upload.code);
  if (!report) {
    await deps.storage.delete(key);
    return { outcome: 'discarded', reason: 'unknown-report' };
  }
  if (report.photos?.some((p) => p.id === upload.photoId)) return { outcome: 'skipped', reason: 'already-recorded' };

  const read = await deps.storage.read(key, MAX_UPLOAD_BYTES);
  if (read.status === 'missing') return { outcome: 'skipped', reason: 'gone' };
  // S3 always names an object by its ETag; a store without one makes each run its own object
  const claim: UploadClaim = { photoId: upload.photoId, etag: read.etag ?? `unnamed-${deps.now().getTime()}-${Math.random()}` };
  if (!(await deps.repository.claimUpload(upload.code, claim, deps.now()))) {
    await deps.storage.delete(key);
    return { outcome: 'discarded', reason: 'grant-used' };
  }
  const actor = actorOf(read.metadata, upload.kind);
  const refuse = (reason: RefusalReason, detail?: string) => refuseUpload(key, upload, claim, actor, reason, detail, deps);
  if (read.status === 'too-large') return refuse('too-large', `${read.size} bytes`);
  // The grant counted this upload; checked again for uploads that bypassed a grant (s3rver enforces nothing).
  const sameKind = report.photos?.filter((p) => p.kind === upload.kind).length ?? 0;
  if (sameKind >= deps.limits[upload.kind]) return refuse('limit-reached');

  const rendered = await (deps.render ?? renderPhoto)(read.bytes);
  if (!rendered.ok) return refuse(rendered.reason, rendered.detail);
  const { photo } = rendered;

  const entry: PhotoEntry = {
    id: upload.photoId,
    kind: upload.kind,
    key: renditionKey(upload.code, upload.photoId),
    thumbKey: thumbnailKey(upload.code, upload.photoId),
    width: photo.rendition.width,
    height: photo.rendition.height,
    createdAt: deps.now().toISOString(),
  };
  await deps.storage.write(entry.key, photo.rendition.data, 'image/jpeg');
  await deps.storage.write(entry.thumbKey, photo.thumbnail.data, 'image/jpeg');

  // a staff edit or another photo may move the version between our read and write: read again and retry
  return withVersionRetries(deps, async (attempt) => {
    const current: ReportWithPhotos | undefined = attempt === 1 ? report : await deps.repository.getReport(upload.code);
    if (!current) return { outcome: 'discarded', reason: 'unknown-report' };
    if (current.photos?.some((p) => p.id === upload.photoId)) return { outcome: 'skipped', reason: 'already-recorded' };
    const suggested = suggestion(current, photo.gps, upload.photoId, deps.boundingBox);
    // triage saw the report's photos when verifying it; a citizen's photo sent later waits for their look
    const recorded: PhotoEntry = upload.kind === 'report' && isPublished(current) ? { ...entry, pendingReview: true } : entry;
    const { event } = recordChange(current, {
      type: 'photo',
      actor,
      visibility: 'internal',
      notify: false,
      data: {
        photoId: upload.photoId,
        kind: upload.kind,
        outcome: 'accepted',
        width: entry.width,
        height: entry.height,
        ...(suggested && { suggestedLocation: true }),
        ...(recorded.pendingReview && { pendingReview: true }),
      },
    }, deps.now().toISOString(), { version: 'keep' });
    try {
      await deps.repository.recordOutcome({ report: current, event, photo: recorded, claim, ...(suggested && { suggestedLocation: suggested }) });
    } catch (err) {
      if (err instanceof PhotoClaimSettledError) return { outcome: 'skipped', reason: 'already-recorded' };
      throw err;
    }
    return { outcome: 'accepted', code: upload.code, photo: recorded, ...(suggested && { suggestedLocation: suggested }) };
  });
}

/**
 * Records the refusal first and deletes after: if the delete fails, the retry refuses (and records) again,
 * which is better than a deleted upload nobody can account for.
 */
async function refuseUpload(
  key: string,
  upload: UploadKey,
  claim: UploadClaim,
  actor: HistoryEvent['actor'],
  reason: RefusalReason,
  detail: string | undefined,
  deps: ProcessDeps,
): Promise<ProcessOutcome> {
  await withVersionRetries(deps, async () => {
    const report = await deps.repository.getReport(upload.code);
    if (!report) return;
    const { event } = recordChange(
      report,
      { type: 'photo', actor, visibility: 'internal', notify: false, data: { photoId: upload.photoId, kind: upload.kind, outcome: 'rejected', reason } },
      deps.now().toISOString(),
      { version: 'keep' },
    );
    try {
      await deps.repository.recordOutcome({ report, event, claim });
    } catch (err) {
      // the same object's refusal was recorded by another run: deleting it again is all that is left
      if (!(err instanceof PhotoClaimSettledError)) throw err;
    }
  });
  await deps.storage.delete(key);
  return { outcome: 'rejected', code: upload.code, photoId: upload.photoId, reason, ...(detail && { detail }) };
}
