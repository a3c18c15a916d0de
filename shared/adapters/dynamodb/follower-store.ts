/**
 * Adding a phone follower: the follower item and the report's `followerCount` in one transaction. The report is
 * guarded by the version it was read at and its version moves on, so a staff change made from an older read fails
 * its own version check instead of writing back a stale count (no lost update either way).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { nextVersion } from '../../domain/record-change';
import type { Report } from '../../domain/report';
import { followerSortKey } from './follower-rank';
import { listPhoneFollowers, toFollowerItem, type PhoneFollower } from './follower-items';
import { fromReportItem, REPORT_SK, reportPk } from './report-items';

export type FollowOutcome = 'added' | 'already-following' | 'changed';

export class DynamoFollowerStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getReport(id: string): Promise<Report | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: reportPk(id), sk: REPORT_SK }, ConsistentRead: true }));
    return out.Item ? fromReportItem(out.Item) : undefined;
  }

  listPhoneFollowers(reportId: string): Promise<PhoneFollower[]> {
    return listPhoneFollowers(this.doc, this.table, reportId);
  }

  /**
   * `already-following`: the number follows this report already (nothing written). `changed`: the report moved on
   * since it was read, or is no longer open and public; read it again.
   */
  async follow(report: Report, follower: PhoneFollower): Promise<FollowOutcome> {
    const count = (report.followerCount ?? 0) + 1;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: await toFollowerItem(report.id, follower), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: this.table,
                Key: { pk: reportPk(report.id), sk: REPORT_SK },
                UpdateExpression: 'SET followerCount = :count, followerKey = :rank, #version = :next',
                ConditionExpression: '#version = :expected AND #status IN (:received, :verified, :in_progress) AND confidential = :false',
                ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
                ExpressionAttributeValues: {
                  ':count': count,
                  ':rank': followerSortKey(count, report),
                  ':next': nextVersion(report),
                  ':expected': report.version,
                  ':received': 'received',
                  ':verified': 'verified',
                  ':in_progress': 'in_progress',
                  ':false': false,
                },
              },
            },
          ],
        }),
      );
      return 'added';
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const [followerReason, reportReason] = (err.CancellationReasons ?? []).map((r) => r.Code);
      if (followerReason === 'ConditionalCheckFailed') return 'already-following';
      if (reportReason === 'ConditionalCheckFailed' || reportReason === 'TransactionConflict') return 'changed';
      throw err;
    }
  }
}
