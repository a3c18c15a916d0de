/**
 * The escalation run's view of the table: the sparse deadline index (`gsi10-deadline`) read one page at a time,
 * and the two writes the run makes, each one TransactWriteItems of the report and its history event.
 *
 * Reads are Queries on one index partition with a range condition on the sort key (`deadlineAt <= now`): only
 * overdue items are read, so the cost follows the number of overdue reports, not the size of the table. No Scan.
 *
 * Writes are conditioned on what was read (version, and for an escalation the level and deadline too): of two runs
 * that read the same report, or a run and an official acting on it at the same moment, exactly one write wins; the
 * other learns it as a `conflict` and leaves the report alone.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromNoticeItem, REOPENED_NOTICE_PK, type UnitNotice } from './unit-notice-items';
import type { DeadlineKind, DuePage, EscalationStore, GuardedWrite, StartKey, WriteOutcome } from '../../escalation/ports';
import { fromReportItem, keys, REPORT_SK, reportPk, SHARDS, statusPartitions, toEventItem, toReportItem } from './report-items';
import { CONTACT_SK, contactPk, contactToMove, PUBLIC_NAME_SK, readWhole } from './contact-items';
import { deletePhoneFollowers } from './follower-items';
import { OPEN_STATUSES } from '../../domain/status-machine';
import { openReportMaxAgeDays } from '../../domain/retention';
import { retryOnConflict } from '../../domain/retry-on-conflict';

export const DEADLINE_INDEX = 'gsi10-deadline';
/**
 * Open reports past the maximum age that still hold contact: the status index (newest first by `createdKey`) read
 * up to "created before now minus the maximum age", filtered on `contactHeld`. No index of its own to keep up on
 * every write; what it reads beyond the due ones is the few open reports that old whose contact is already gone.
 */
export const MAX_AGE_INDEX = 'gsi2-status';
const MAX_AGE_PREFIX = 'S#';
const DAY_MS = 86_400_000;

/** The index partitions of one kind: DL#0..3 (open, by dueAt), AC#0..3 (resolved, by autoCloseAt), PG#0..3 (purge),
 * or the open statuses' partitions (max-age). */
export function deadlinePartitions(kind: DeadlineKind): string[] {
  if (kind === 'max-age') return OPEN_STATUSES.flatMap(statusPartitions);
  const key = { overdue: keys.deadline, 'auto-close': keys.autoClose, retention: keys.purge }[kind];
  return Array.from({ length: SHARDS }, (_, shard) => key(shard));
}

/** A transaction that meets another in flight on the same item is cancelled with TransactionConflict: try again. */
const CONFLICT_RETRIES = 3;

export class DynamoEscalationStore implements EscalationStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  partitions(kind: DeadlineKind): string[] {
    return deadlinePartitions(kind);
  }

  async pendingNotices(limit: number): Promise<UnitNotice[]> {
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': REOPENED_NOTICE_PK }, Limit: limit }),
    );
    return (out.Items ?? []).map(fromNoticeItem);
  }

  async clearNotice(notice: UnitNotice): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: REOPENED_NOTICE_PK, sk: notice.key } }));
  }

  async queryDue(partition: string, now: string, limit: number, start?: StartKey): Promise<DuePage> {
    const maxAge = partition.startsWith(MAX_AGE_PREFIX);
    // created at or before this instant: `$` sorts after the `#` that follows the instant in `createdKey`
    const createdBy = `${new Date(Date.parse(now) - openReportMaxAgeDays() * DAY_MS).toISOString()}$`;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: maxAge ? MAX_AGE_INDEX : DEADLINE_INDEX,
        KeyConditionExpression: '#key = :key AND #at <= :now',
        ExpressionAttributeNames: maxAge ? { '#key': 'statusKey', '#at': 'createdKey' } : { '#key': 'deadlineKey', '#at': 'deadlineAt' },
        ExpressionAttributeValues: { ':key': partition, ':now': maxAge ? createdBy : now, ...(maxAge && { ':held': true }) },
        ...(maxAge && { FilterExpression: 'contactHeld = :held', ScanIndexForward: true }),
        Limit: limit,
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    // the indexes hold keys (and list attributes): the run decides and writes on the whole report, read by key
    const rows = (out.Items ?? []).filter((item) => item.sk === REPORT_SK);
    const reports = (await readWhole(this.doc, this.table, rows, true)).map(fromReportItem);
    return { reports, ...(out.LastEvaluatedKey && { next: out.LastEvaluatedKey }) };
  }

  async write(change: GuardedWrite): Promise<WriteOutcome> {
    const { report, event, read } = change;
    const names: Record<string, string> = { '#version': 'version', '#status': 'status' };
    const values: Record<string, unknown> = { ':version': read.version, ':status': read.status };
    const conditions = ['#version = :version', '#status = :status'];
    const guard = (attr: 'escalationLevel' | 'dueAt' | 'autoCloseAt' | 'purgeAt', value: unknown) => {
      if (value === undefined) return;
      names[`#${attr}`] = attr;
      values[`:${attr}`] = value;
      conditions.push(`#${attr} = :${attr}`);
    };
    guard('escalationLevel', read.escalationLevel);
    guard('dueAt', read.dueAt);
    guard('autoCloseAt', read.autoCloseAt);
    guard('purgeAt', read.purgeAt);

    // the purge: phone followers' numbers go first (there may be more than a transaction holds)
    if (change.dropContact) await deletePhoneFollowers(this.doc, this.table, report.id);
    // a report of the layout before contact moved out takes its number to its contact item (unless purged now)
    const moved = change.dropContact ? undefined : await contactToMove(report);
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.table,
            Item: toReportItem(report),
            ConditionExpression: conditions.join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        { Put: { TableName: this.table, Item: toEventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...(moved ? [{ Put: { TableName: this.table, Item: moved } }] : []),
        // the retention purge: the contact item and a publicly shown name go with the report's change
        ...(change.dropContact
          ? [
              { Delete: { TableName: this.table, Key: { pk: contactPk(report.id), sk: CONTACT_SK } } },
              { Delete: { TableName: this.table, Key: { pk: reportPk(report.id), sk: PUBLIC_NAME_SK } } },
            ]
          : []),
      ],
    });
    const codesOf = (err: unknown) => (err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []).map((r) => r.Code) : []);
    try {
      await retryOnConflict(() => this.doc.send(command), {
        attempts: CONFLICT_RETRIES,
        isConflict: (err) => codesOf(err).includes('TransactionConflict') && !codesOf(err).includes('ConditionalCheckFailed'),
        pause: (attempt) => this.sleep(20 * attempt + Math.floor(Math.random() * 30)),
      });
      return 'written';
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const codes = codesOf(err);
      if (codes.includes('ConditionalCheckFailed')) return 'conflict';
      // still contended after retries: someone else is writing this report right now; the next run will see
      if (codes.includes('TransactionConflict')) return 'conflict';
      throw err;
    }
  }
}
