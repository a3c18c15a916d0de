/**
 * The reads behind the Open311 door that the report repository does not already offer: service requests by
 * creation time (optionally by category or status), and the feed of public updates by time. Both are
 * Queries on the existing indexes (access patterns 2a, 2c, 2d and 10 in shared/table/access-patterns.md).
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HistoryEvent, Report, ReportStatus } from '../../domain/report';
import { queryMerged } from './merged-query';
import { fromEventItem, fromReportItem, keys, REPORT_SK, reportPk, shardKeys, SHARDS, statusPartitions } from './report-items';
import { readWhole } from './contact-items';
import { STATUSES } from '../../domain/status-machine';

export interface RequestsFilter {
  category?: string;
  statuses?: ReportStatus[];
  /** creation time range, ISO instants, both ends included */
  from: string;
  to: string;
  limit: number;
}

export interface UpdatesFilter {
  from: string;
  to: string;
  limit: number;
}

/** Every key of the created-time indexes is `<ISO instant>#…`: `$` sorts after `#`, so the end instant is included. */
const range = (from: string, to: string) => ({ above: from, below: `${to}$` });

export class DynamoOpen311Queries {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Public (non-confidential) reports created in the range, newest first. */
  async listRequests(f: RequestsFilter): Promise<Report[]> {
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    let query: { index: string; attr: string; partitions: string[] };
    if (f.category) {
      // the status index keeps one partition per status and category
      query = { index: 'gsi2-status', attr: 'statusKey', partitions: (f.statuses ?? STATUSES).map((s) => keys.status(s, f.category!)) };
    } else if (f.statuses) {
      query = { index: 'gsi2-status', attr: 'statusKey', partitions: f.statuses.flatMap(statusPartitions) };
    } else {
      query = { index: 'gsi1-public', attr: 'gsi1pk', partitions: shardKeys('PUB') };
    }
    // the public feed index holds no confidential report; the others need the filter
    if (query.index !== 'gsi1-public') {
      filters.push('#conf = :false');
      names['#conf'] = 'confidential';
      values[':false'] = false;
    }
    const page = await queryMerged(this.doc, {
      table: this.table,
      index: query.index,
      partitionAttr: query.attr,
      partitions: query.partitions,
      sortAttr: 'createdKey',
      descending: true,
      limit: f.limit,
      ...range(f.from, f.to),
      ...(filters.length > 0 && { filter: { expression: filters.join(' AND '), names, values } }),
    });
    // the index rows hold the list attributes; a service request shows more (address, photos, agency)
    return (await readWhole(this.doc, this.table, page.items)).map(fromReportItem);
  }

  /** Public staff-written status changes and notes in the range, newest first. */
  async listUpdates(f: UpdatesFilter): Promise<HistoryEvent[]> {
    const page = await queryMerged(this.doc, {
      table: this.table,
      index: 'gsi1-public',
      partitionAttr: 'gsi1pk',
      partitions: Array.from({ length: SHARDS }, (_, i) => keys.updates(i)),
      sortAttr: 'createdKey',
      descending: true,
      limit: f.limit,
      ...range(f.from, f.to),
    });
    // the index holds the events' keys only: the events themselves by key
    return (await readWhole(this.doc, this.table, page.items)).map(fromEventItem);
  }

  /** One report without its history (a GetItem), e.g. to check that an update's report is public. */
  async getReport(id: string): Promise<Report | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: reportPk(id), sk: REPORT_SK } }));
    return out.Item ? fromReportItem(out.Item) : undefined;
  }
}
