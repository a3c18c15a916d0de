/**
 * The report repository: the secondary adapter between use cases and the single table.
 * Every state change is one TransactWriteItems: the report guarded by its version, plus its history
 * event, which is also the outbox the notifier reads from the stream.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HistoryEvent, Report, ReportStatus } from '../../domain/report';
import { fromEventItem, fromReportItem, keys, REPORT_SK, reportPk, shardKeys, toEventItem, toReportItem } from './report-items';
import { queryMerged } from './merged-query';

export class ReportExistsError extends Error {}

export interface PublicListFilter {
  district?: string;
  category?: string;
  status?: ReportStatus;
  limit: number;
  after?: string;
}

export class ReportRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Stores a new report with its first event; fails with ReportExistsError if the code is taken. */
  async create(report: Report, event: HistoryEvent): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: toReportItem(report), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.table, Item: toEventItem(event), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'))
        throw new ReportExistsError(report.id);
      throw err;
    }
  }

  /** The report and its whole history in one Query: they share a partition, events sort before the report. */
  async getWithHistory(id: string): Promise<{ report: Report; events: HistoryEvent[] } | undefined> {
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
    return { report: fromReportItem(reportItem), events: items.filter((i) => i.entity === 'event').map(fromEventItem) };
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
      query = { index: 'gsi4-district', attr: 'districtKey', partitions: [keys.district(filter.district)] };
      if (filter.category) extra.push('category');
    } else if (filter.category) {
      query = { index: 'gsi7-category', attr: 'categoryKey', partitions: [keys.category(filter.category)] };
      if (filter.status) extra.push('status');
    } else if (filter.status) {
      query = { index: 'gsi2-status', attr: 'statusKey', partitions: shardKeys(`S#${filter.status}`) };
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
    return { items: page.items.map(fromReportItem), ...(page.next && { next: page.next }) };
  }
}
