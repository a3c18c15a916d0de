/**
 * The table side of photos: the grant counter, and recording a photo (or a refused upload) on the report.
 * Access patterns: GetItem of the report by code; UpdateItem of the quota item by code; TransactWriteItems
 * of the report (version-guarded) with its history event. No Query, no Scan.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HistoryEvent, Report } from '../../domain/report';
import type { PhotoEntry, PhotoFields, PhotoKind, SuggestedLocation } from '../../photos/photo';
import { PHOTO_QUOTA_ENTITY, photoQuotaKey } from './photo-items';
import { fromReportItem, REPORT_SK, reportPk, toEventItem } from './report-items';

export type ReportWithPhotos = Report & PhotoFields;

/** The report allows no more grants of this kind. */
export class PhotoLimitReachedError extends Error {}
/** The report's version moved on since it was read: read again and retry. */
export class PhotoVersionConflictError extends Error {}

export interface PhotoOutcomeWrite {
  /** the report as read: its version guards the write, its eventCount numbers the event */
  report: Pick<Report, 'id' | 'version' | 'eventCount'>;
  event: HistoryEvent;
  /** present when the photo was accepted */
  photo?: PhotoEntry;
  suggestedLocation?: SuggestedLocation;
}

const isConditionFailure = (err: unknown) =>
  (err instanceof TransactionCanceledException || (err as Error).name === 'TransactionCanceledException') &&
  ((err as TransactionCanceledException).CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

export class PhotoRepository {
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
   * Takes one upload grant of `kind`, atomically: of any number of concurrent requests, exactly `max` succeed.
   * Returns the number of grants now taken; throws PhotoLimitReachedError when none is left.
   */
  async takeGrant(code: string, kind: PhotoKind, max: number): Promise<number> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: photoQuotaKey(code),
          UpdateExpression: 'SET #entity = :entity ADD #kind :one',
          ConditionExpression: 'attribute_not_exists(#kind) OR #kind < :max',
          ExpressionAttributeNames: { '#entity': 'entity', '#kind': kind },
          ExpressionAttributeValues: { ':entity': PHOTO_QUOTA_ENTITY, ':one': 1, ':max': max },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.[kind] ?? 0);
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') throw new PhotoLimitReachedError(`${code} ${kind}`);
      throw err;
    }
  }

  /** Grants taken so far, by kind. */
  async grantsTaken(code: string): Promise<Record<PhotoKind, number>> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: photoQuotaKey(code), ConsistentRead: true }));
    return { report: Number(out.Item?.report ?? 0), completion: Number(out.Item?.completion ?? 0) };
  }

  /**
   * Records a processed upload in one transaction: the report (photo appended, suggested location set when
   * given, version and event count moved on), guarded by the version it was read at, and its history event.
   */
  async recordOutcome(write: PhotoOutcomeWrite): Promise<void> {
    const { report, event, photo, suggestedLocation } = write;
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
          ],
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new PhotoVersionConflictError(report.id);
      throw err;
    }
  }
}
