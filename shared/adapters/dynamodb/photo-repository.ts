/**
 * The table side of photos: the grant counter, and recording a photo (or a refused upload) on the report.
 * Access patterns: GetItem of the report by code; UpdateItem of the quota item by code; PutItem of an upload's
 * claim by code and photo id; TransactWriteItems of the report (version-guarded) with its history event and the
 * claim. No Query, no Scan.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recordChange } from '../../domain/record-change';
import type { HistoryEvent, Report } from '../../domain/report';
import { jitter, retryOnConflict, WriteConflict } from '../../domain/retry-on-conflict';
import type { PhotoEntry, PhotoFields, PhotoKind, SuggestedLocation } from '../../photos/photo';
import { PHOTO_CLAIM_DAYS, PHOTO_CLAIM_ENTITY, photoClaimKey, PHOTO_QUOTA_ENTITY, photoQuotaKey } from './photo-items';
import { fromReportItem, REPORT_SK, reportPk, toEventItem } from './report-items';

export type ReportWithPhotos = Report & PhotoFields;

/** The grant asked for: its photo id and when its upload window closes, and the photos the report already has. */
export interface OpenGrant {
  photoId: string;
  /** epoch milliseconds */
  expiresAt: number;
  acceptedIds: readonly string[];
  /** epoch milliseconds */
  now: number;
}

/** Concurrent requests for grants on one report retry on the open list's version; each try is a read and a write. */
const GRANT_ATTEMPTS = 25;

/** The report allows no more grants of this kind. */
export class PhotoLimitReachedError extends Error {}
/** The report's version moved on since it was read: read again and retry. */
export class PhotoVersionConflictError extends WriteConflict {}
/** The upload's claim was settled by another run (the same object delivered twice): nothing more to record. */
export class PhotoClaimSettledError extends Error {}

/** The object that holds a grant: the grant's photo id and the ETag of the object stored under its key. */
export interface UploadClaim {
  photoId: string;
  etag: string;
}

export interface PhotoOutcomeWrite {
  /** the report as read: its version guards the write, its eventCount numbers the event */
  report: Pick<Report, 'id' | 'version' | 'eventCount'>;
  event: HistoryEvent;
  /** present when the photo was accepted */
  photo?: PhotoEntry;
  suggestedLocation?: SuggestedLocation;
  /** the claim this outcome settles: the write fails with PhotoClaimSettledError if it was settled already */
  claim?: UploadClaim;
}

const reasonsOf = (err: unknown) =>
  err instanceof TransactionCanceledException || (err as Error).name === 'TransactionCanceledException'
    ? ((err as TransactionCanceledException).CancellationReasons ?? [])
    : undefined;

export class DynamoPhotoRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The report item alone (not its history), strongly consistent: the version read must be the latest. */
  async getReport(code: string): Promise<ReportWithPhotos | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: reportPk(code), sk: REPORT_SK }, ConsistentRead: true }),
    );
    return out.Item ? (fromReportItem(out.Item) as ReportWithPhotos) : undefined;
  }

  /**
   * Takes one upload grant of `kind` when the photos already accepted (`acceptedIds`, read from the report
   * before this call) and the grants still open leave room under `max`: a photo counts once it is accepted, a grant
   * while it can still be used (its upload window). A grant whose photo was accepted, or whose window passed, is
   * dropped from the open list here. The list is rewritten whole, guarded by its own version, so of any number of
   * concurrent requests no more than the room succeed. Returns the number of open grants; throws
   * PhotoLimitReachedError when there is no room.
   */
  async takeGrant(code: string, kind: PhotoKind, max: number, grant: OpenGrant = { photoId: randomUUID(), expiresAt: Date.now() + 600_000, acceptedIds: [], now: Date.now() }): Promise<number> {
    const attribute = `open_${kind}`;
    return retryOnConflict(async () => {
      const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: photoQuotaKey(code), ConsistentRead: true }));
      const version = Number(out.Item?.v ?? 0);
      const open = (out.Item?.[attribute] ?? {}) as Record<string, number>;
      const accepted = new Set(grant.acceptedIds);
      const live = Object.fromEntries(Object.entries(open).filter(([id, expires]) => expires > grant.now && !accepted.has(id)));
      if (accepted.size + Object.keys(live).length >= max) throw new PhotoLimitReachedError(`${code} ${kind}`);
      live[grant.photoId] = grant.expiresAt;
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: photoQuotaKey(code),
          UpdateExpression: 'SET #entity = :entity, #open = :open, #v = :next',
          ConditionExpression: 'attribute_not_exists(#v) OR #v = :v',
          ExpressionAttributeNames: { '#entity': 'entity', '#open': attribute, '#v': 'v' },
          ExpressionAttributeValues: { ':entity': PHOTO_QUOTA_ENTITY, ':open': live, ':next': version + 1, ':v': version },
        }),
      );
      return Object.keys(live).length;
    }, { attempts: GRANT_ATTEMPTS, isConflict: (err) => (err as Error).name === 'ConditionalCheckFailedException', pause: jitter(20) });
  }

  /**
   * Claims the grant `photoId` for the object with `etag`: true for the first object stored under the grant's key
   * (and for that same object again, until its outcome is recorded, so a retried run can finish it); false for
   * any other object, and for every object once the outcome is recorded. A POST policy can be sent again until it
   * expires; this makes one grant one photo or one refusal.
   */
  async claimUpload(code: string, claim: UploadClaim, now: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...photoClaimKey(code, claim.photoId),
            entity: PHOTO_CLAIM_ENTITY,
            etag: claim.etag,
            expiresAt: Math.floor(now.getTime() / 1000) + PHOTO_CLAIM_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (etag = :etag AND attribute_not_exists(done))',
          ExpressionAttributeValues: { ':etag': claim.etag },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  /**
   * Makes a photo waiting for review public, with its history event, in one transaction guarded by the photo's
   * place in the list and the event count (a photo or note written in between is retried on a fresh read).
   * Returns the report as written; undefined when the report or the photo does not exist. An approved photo
   * stays approved: approving again writes nothing.
   */
  async approvePhoto(code: string, photoId: string, actor: HistoryEvent['actor'], now: () => Date): Promise<ReportWithPhotos | undefined> {
    return retryOnConflict(async () => {
      const report = await this.getReport(code);
      const index = report?.photos?.findIndex((p) => p.id === photoId) ?? -1;
      if (!report || index < 0) return undefined;
      if (!report.photos![index]!.pendingReview) return report;
      const { pendingReview: _pending, ...approved } = report.photos![index]!;
      const { report: recorded, event } = recordChange(
        { ...report, photos: report.photos!.map((p, i) => (i === index ? approved : p)) },
        { type: 'photo', actor, visibility: 'internal', notify: false, data: { photoId, kind: approved.kind, outcome: 'approved' } },
        now().toISOString(),
        // approving shows a photo; the report's state (and so the staff ETag) stays
        { version: 'keep' },
      );
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: reportPk(code), sk: REPORT_SK },
                UpdateExpression: `REMOVE photos[${index}].pendingReview SET eventCount = :seq, updatedAt = :at`,
                ConditionExpression: `photos[${index}].id = :photo AND eventCount = :count`,
                ExpressionAttributeValues: { ':photo': photoId, ':count': report.eventCount, ':seq': recorded.eventCount, ':at': recorded.updatedAt },
              },
            },
            { Put: { TableName: this.table, Item: toEventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return recorded;
    }, { attempts: GRANT_ATTEMPTS, isConflict: (err) => reasonsOf(err)?.some((r) => r.Code === 'ConditionalCheckFailed') ?? false, pause: jitter(20) });
  }

  /** Grants given and not yet dropped, by kind (a grant is dropped once its photo is accepted or its window passes). */
  async grantsTaken(code: string): Promise<Record<PhotoKind, number>> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: photoQuotaKey(code), ConsistentRead: true }));
    const count = (kind: PhotoKind) => Object.keys((out.Item?.[`open_${kind}`] ?? {}) as object).length;
    return { report: count('report'), completion: count('completion') };
  }

  /**
   * Records a processed upload in one transaction: the report (photo appended, suggested location set when
   * given, version and event count moved on), guarded by the version it was read at, and its history event.
   */
  async recordOutcome(write: PhotoOutcomeWrite): Promise<void> {
    const { report, event, photo, suggestedLocation, claim } = write;
    if (event.seq !== report.eventCount + 1) throw new Error(`event ${event.seq} does not follow ${report.eventCount}`);
    // a photo is not a change of the report's state: the version (the staff ETag) stays, so it never makes an
    // official's move stale; the event's conditional put catches a race with any other writer of the history
    const sets = ['eventCount = :seq', 'updatedAt = :at'];
    const values: Record<string, unknown> = { ':expected': report.version, ':seq': event.seq, ':at': event.at };
    if (photo) {
      sets.push('photos = list_append(if_not_exists(photos, :none), :photo)');
      Object.assign(values, { ':none': [], ':photo': [photo] });
    }
    if (suggestedLocation) {
      sets.push('suggestedLocation = :suggested');
      values[':suggested'] = suggestedLocation;
    }
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: reportPk(report.id), sk: REPORT_SK },
                UpdateExpression: `SET ${sets.join(', ')}`,
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: values,
              },
            },
            { Put: { TableName: this.table, Item: toEventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
            ...(claim
              ? [
                  {
                    Update: {
                      TableName: this.table,
                      Key: photoClaimKey(report.id, claim.photoId),
                      UpdateExpression: 'SET done = :done',
                      ConditionExpression: 'etag = :etag AND attribute_not_exists(done)',
                      ExpressionAttributeValues: { ':done': true, ':etag': claim.etag },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (err) {
      const reasons = reasonsOf(err);
      if (reasons?.[2]?.Code === 'ConditionalCheckFailed') throw new PhotoClaimSettledError(report.id);
      if (reasons?.some((r) => r.Code === 'ConditionalCheckFailed')) throw new PhotoVersionConflictError(report.id);
      throw err;
    }
  }
}
