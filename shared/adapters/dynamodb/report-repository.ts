/**
 * The report repository: the secondary adapter between use cases and the single table.
 * Every state change is one TransactWriteItems: the report guarded by its version, plus its history
 * event, which is also the outbox the notifier reads from the stream.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HistoryEvent, Report, ReportStatus } from '../../domain/report';
import { retryOnConflict, WriteConflict } from '../../domain/retry-on-conflict';
import { fromEventItem, fromIndexItem, fromReportItem, keys, REPORT_SK, reportPk, shardKeys, statusPartitions, toEventItem, toReportItem } from './report-items';
import { contactToMove, isPublicNameItem, readContact, toContactItem, toPublicNameItem, withContact } from './contact-items';
import { STATUSES } from '../../domain/status-machine';
import { queryMerged } from './merged-query';
import { fromDeliveryItem, isDeliveryItem, type DeliveryRecord } from './delivery-items';
import { listPhoneFollowers, type PhoneFollower } from './follower-items';

export class ReportExistsError extends Error {}
/** The same submission (number and description) already made a report within the window: `reportId` is that one. */
export class DuplicateSubmissionError extends Error {}

/** A guard for the same submission sent twice: written with the report, refused while an unexpired one exists. */
export interface SubmissionGuard {
  key: string;
  /** until when (epoch seconds) a repeat gets this report back; also the item's TTL */
  expiresAt: number;
}

const submissionPk = (key: string) => `SUB#${key}`;
const SUBMISSION_SK = 'SUB';
/** The report changed since it was read (its version moved on), or a linked report is no longer open. */
export class ConcurrentChangeError extends WriteConflict {}

export interface ReportChange {
  /**
   * the new state: `version` is expectedVersion + 1 for a change of state, unchanged for a note; either way the
   * events follow `eventCount` as read, and an event is only written where none exists, so two writers that read
   * the same history cannot both succeed
   */
  report: Report;
  expectedVersion: number;
  events: HistoryEvent[];
  /** marking a duplicate: the original gains a follower, in the same transaction, only while it is open */
  follow?: { original: string; follower: string };
  /** further new items written in the same transaction, each only if its key is still free (an inbound message) */
  records?: Record<string, unknown>[];
}

export interface StaffListQuery {
  statuses: ReportStatus[];
  unit?: string;
  district?: string;
  /** followerKey: only reports followed by phone, most followers first (sparse `gsi13-followers`) */
  sort: 'dueKey' | 'createdKey' | 'followerKey';
  /** only items whose due key is below this (overdue: now) */
  dueBefore?: string;
  limit: number;
  after?: string;
}

export interface ContactRead {
  reportId: string;
  sub: string;
  role: string;
  at: string;
}

/** Extra attempts for a transaction cancelled by contention or throttling (the SDK retries none). */
const TRANSACTION_RETRIES = 2;

/** Audit records of contact reads are kept two years, then expire by TTL. */
const AUDIT_RETENTION_SECONDS = 2 * 365 * 24 * 3600;

export interface PublicListFilter {
  district?: string;
  category?: string;
  status?: ReportStatus;
  limit: number;
  after?: string;
}

export class DynamoReportRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Stores a new report with its first event; fails with ReportExistsError if the code is taken, and with
   * DuplicateSubmissionError if a guard is given and the same submission is still within its window (TTL deletes
   * late, so an expired guard counts as absent).
   */
  async create(report: Report, event: HistoryEvent, guard?: SubmissionGuard): Promise<void> {
    const nowSeconds = Math.floor(Date.parse(report.createdAt) / 1000);
    // the contact details go to their own item, in the same transaction: the report item never holds them
    const contact = await toContactItem(report);
    const publicName = toPublicNameItem(report);
    try {
      await this.sendTransaction(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: toReportItem(report), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.table, Item: toEventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
            ...(guard
              ? [
                  {
                    Put: {
                      TableName: this.table,
                      Item: { pk: submissionPk(guard.key), sk: SUBMISSION_SK, entity: 'submission', reportId: report.id, expiresAt: guard.expiresAt },
                      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
                      ExpressionAttributeValues: { ':now': nowSeconds },
                    },
                  },
                ]
              : []),
            ...[contact, publicName]
              .filter((item) => item !== undefined)
              .map((Item) => ({ Put: { TableName: this.table, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
          ],
        }),
      );
    } catch (err) {
      const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : [];
      if (guard && reasons[2]?.Code === 'ConditionalCheckFailed') throw new DuplicateSubmissionError(report.id);
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) throw new ReportExistsError(report.id);
      throw err;
    }
  }

  /**
   * The report with its reporter's number, name and e-mail, for the staff views that show them (audited) and the
   * paths that text the reporter. A GetItem in `CONTACT#<code>`, only when the report says it holds contact.
   */
  async withContact(report: Report): Promise<Report> {
    if (!report.reporter.contactHeld) return report;
    return withContact(report, await readContact(this.doc, this.table, report.id));
  }

  /** The report an unexpired guard points at: two GetItems (consistent: the guard may have been written just now). */
  async findSubmission(key: string, now: Date): Promise<Report | undefined> {
    const guard = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: submissionPk(key), sk: SUBMISSION_SK }, ConsistentRead: true }),
    );
    const item = guard.Item;
    if (!item || typeof item.reportId !== 'string' || Number(item.expiresAt) <= Math.floor(now.getTime() / 1000)) return undefined;
    const report = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: reportPk(item.reportId), sk: REPORT_SK }, ConsistentRead: true }),
    );
    return report.Item ? fromReportItem(report.Item) : undefined;
  }

  /**
   * Writes a state change: the report, guarded by the version it was read at, and its events, in one
   * transaction. Exactly one of several concurrent writers of the same version wins.
   */
  async applyChange(change: ReportChange): Promise<void> {
    const { report, expectedVersion, events, follow } = change;
    // a report read from the layout before contact moved out takes its number along to its contact item
    const moved = await contactToMove(report);
    const records = [...(change.records ?? []), ...(moved ? [moved] : [])];
    try {
      await this.sendTransaction(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: toReportItem(report),
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              },
            },
            ...events.map((e) => ({ Put: { TableName: this.table, Item: toEventItem(e), ConditionExpression: 'attribute_not_exists(pk)' } })),
            ...records.map((Item) => ({
              Put: { TableName: this.table, Item, ...(Item !== moved && { ConditionExpression: 'attribute_not_exists(pk)' }) },
            })),
            ...(follow
              ? [
                  {
                    Update: {
                      TableName: this.table,
                      Key: { pk: reportPk(follow.original), sk: REPORT_SK },
                      UpdateExpression: 'SET followers = list_append(if_not_exists(followers, :empty), :follower)',
                      ConditionExpression: '#status IN (:received, :verified, :in_progress)',
                      ExpressionAttributeNames: { '#status': 'status' },
                      ExpressionAttributeValues: {
                        ':empty': [],
                        ':follower': [follow.follower],
                        ':received': 'received',
                        ':verified': 'verified',
                        ':in_progress': 'in_progress',
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'))
        throw new ConcurrentChangeError(report.id);
      throw err;
    }
  }

  /**
   * The SDK does not retry a cancelled transaction. One cancelled because it met another in flight (or was
   * throttled) and failed no condition is safe to send again: its conditions guard against doing it twice.
   */
  private async sendTransaction(command: TransactWriteCommand): Promise<void> {
    const retryable = (err: unknown) => {
      const codes = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []).map((r) => r.Code) : [];
      return codes.some((c) => c === 'TransactionConflict' || c === 'ThrottlingError') && !codes.includes('ConditionalCheckFailed');
    };
    await retryOnConflict(() => this.doc.send(command), {
      attempts: TRANSACTION_RETRIES + 1,
      isConflict: retryable,
      pause: () => new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 200))),
    });
  }

  /** The numbers that follow a report by phone: Query `begins_with(sk, 'F#')` in its partition. */
  listPhoneFollowers(reportId: string): Promise<PhoneFollower[]> {
    return listPhoneFollowers(this.doc, this.table, reportId);
  }

  /** Records that a staff member read a reporter's contact details (data-protection audit), by month. */
  async recordContactRead(read: ContactRead): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: `AUDIT#${read.at.slice(0, 7)}`,
          sk: `${read.at}#${read.reportId}#${read.sub}`,
          entity: 'audit',
          ...read,
          expiresAt: Math.floor(Date.parse(read.at) / 1000) + AUDIT_RETENTION_SECONDS,
        },
      }),
    );
  }

  /** Audit records of one month ("2026-11"), oldest first. */
  async listContactReads(month: string, limit: number, after?: string): Promise<{ items: ContactRead[]; next?: string }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: after ? 'pk = :pk AND sk > :after' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${month}`, ...(after && { ':after': after }) },
        Limit: limit,
      }),
    );
    const items = (out.Items ?? []).map(({ reportId, sub, role, at }) => ({ reportId, sub, role, at }) as ContactRead);
    const last = out.Items?.at(-1);
    return { items, ...(out.LastEvaluatedKey && last && { next: String(last.sk) }) };
  }

  /** The report and its whole history in one Query: they share a partition, events sort before the report. */
  async getWithHistory(id: string): Promise<{ report: Report; events: HistoryEvent[]; deliveries: DeliveryRecord[] } | undefined> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': reportPk(id) },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    const reportItem = items.find((i) => i.sk === REPORT_SK);
    if (!reportItem) return undefined;
    const report = fromReportItem(reportItem);
    // the name the reporter asked to show publicly sits beside the report, never in it
    const shownName = items.find(isPublicNameItem)?.name;
    if (typeof shownName === 'string') report.reporter = { ...report.reporter, name: shownName };
    return {
      report,
      events: items.filter((i) => i.entity === 'event').map(fromEventItem),
      // SMS delivery records share the partition: staff see each attempt beside the history, never the number
      deliveries: items.filter(isDeliveryItem).map((i) => fromDeliveryItem(i)),
    };
  }

  /** Staff work queues: by unit or district or neither, for the given statuses, by due time or creation time. */
  async listStaff(q: StaffListQuery): Promise<{ items: Report[]; next?: string }> {
    const due = q.sort === 'dueKey';
    let index: string;
    let attr: string;
    let partitions: string[];
    const filter: { expression: string; names: Record<string, string>; values: Record<string, unknown> } = { expression: '', names: {}, values: {} };
    if (q.sort === 'followerKey') {
      [index, attr] = ['gsi13-followers', 'statusKey'];
      partitions = q.statuses.flatMap(statusPartitions);
      const scope = [...(q.unit ? ['unit'] : []), ...(q.district ? ['district'] : [])];
      Object.assign(filter, {
        expression: scope.map((a) => `#${a} = :${a}`).join(' AND '),
        names: Object.fromEntries(scope.map((a) => [`#${a}`, a])),
        values: Object.fromEntries(scope.map((a) => [`:${a}`, a === 'unit' ? q.unit : q.district])),
      });
    } else if (q.unit) {
      [index, attr] = [due ? 'gsi9-unit-status-due' : 'gsi8-unit-status', 'unitStatusKey'];
      partitions = q.statuses.map((s) => keys.unitStatus(q.unit!, s));
      if (q.district) Object.assign(filter, { expression: '#district = :district', names: { '#district': 'district' }, values: { ':district': q.district } });
    } else if (q.district) {
      [index, attr] = [due ? 'gsi6-district-status-due' : 'gsi5-district-status', 'districtStatusKey'];
      partitions = q.statuses.map((s) => keys.districtStatus(q.district!, s));
    } else {
      [index, attr] = [due ? 'gsi3-status-due' : 'gsi2-status', 'statusKey'];
      partitions = q.statuses.flatMap(statusPartitions);
    }
    const page = await queryMerged(this.doc, {
      table: this.table,
      index,
      partitionAttr: attr,
      partitions,
      sortAttr: q.sort,
      // the most urgent first; the newest first
      descending: !due,
      limit: q.limit,
      after: q.after,
      ...(q.dueBefore && { below: q.dueBefore }),
      ...(filter.expression && { filter }),
    });
    return { items: page.items.map(fromIndexItem), ...(page.next && { next: page.next }) };
  }

  /** The public list, newest first. Confidential reports are never in the public feed index. */
  async listPublic(filter: PublicListFilter): Promise<{ items: Report[]; next?: string }> {
    const notConfidential = { expression: '#conf = :false', names: { '#conf': 'confidential' }, values: { ':false': false } };
    const extra: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    let query: { index: string; attr: string; partitions: string[] };
    // The most selective key leads; the other filters ride along as a filter expression.
    if (filter.district && filter.status) {
      query = { index: 'gsi5-district-status', attr: 'districtStatusKey', partitions: [keys.districtStatus(filter.district, filter.status)] };
      if (filter.category) extra.push('category');
    } else if (filter.district) {
      // every status of the district, merged: no index by district alone to keep up on every write
      query = { index: 'gsi5-district-status', attr: 'districtStatusKey', partitions: STATUSES.map((s) => keys.districtStatus(filter.district!, s)) };
      if (filter.category) extra.push('category');
    } else if (filter.category) {
      // the status partitions are per category: the category's own partition of each status (or of the one asked)
      const statuses = filter.status ? [filter.status] : STATUSES;
      query = { index: 'gsi2-status', attr: 'statusKey', partitions: statuses.map((s) => keys.status(s, filter.category!)) };
    } else if (filter.status) {
      query = { index: 'gsi2-status', attr: 'statusKey', partitions: statusPartitions(filter.status) };
    } else {
      query = { index: 'gsi1-public', attr: 'gsi1pk', partitions: shardKeys('PUB') };
    }
    const expressions = query.index === 'gsi1-public' ? [] : [notConfidential.expression];
    if (query.index !== 'gsi1-public') Object.assign(names, notConfidential.names), Object.assign(values, notConfidential.values);
    for (const attr of extra) {
      expressions.push(`#${attr} = :${attr}`);
      names[`#${attr}`] = attr;
      values[`:${attr}`] = filter[attr as 'category' | 'status'];
    }
    const page = await queryMerged(this.doc, {
      table: this.table,
      index: query.index,
      partitionAttr: query.attr,
      partitions: query.partitions,
      sortAttr: 'createdKey',
      descending: true,
      limit: filter.limit,
      after: filter.after,
      ...(expressions.length > 0 && { filter: { expression: expressions.join(' AND '), names, values } }),
    });
    return { items: page.items.map(fromIndexItem), ...(page.next && { next: page.next }) };
  }
}
