/**
 * The reports of one month for the open data: the public index (`gsi1-public`, which holds no confidential report)
 * queried by creation time, each write shard in turn, paged. The cost grows with one month's reports, never with
 * the table. Work start is not on the report, so it is read from the history of the reports that got that far.
 */
import { TZDate } from '@date-fns/tz';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromReportItem, shardKeys } from '../adapters/dynamodb/report-items';
import { readWhole } from '../adapters/dynamodb/contact-items';
import type { DynamoReportRepository } from '../adapters/dynamodb/report-repository';
import type { HistoryEvent, Report } from '../domain/report';

/** The instants a month of the jurisdiction starts and ends, as ISO strings (UTC). */
export function monthBounds(month: string, timeZone: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = new Date(new TZDate(y, m - 1, 1, 0, 0, 0, 0, timeZone).getTime());
  const end = new Date(new TZDate(y, m, 1, 0, 0, 0, 0, timeZone).getTime());
  return { start: start.toISOString(), end: end.toISOString() };
}

export async function reportsCreatedIn(doc: DynamoDBDocumentClient, table: string, month: string, timeZone: string): Promise<Report[]> {
  const { start, end } = monthBounds(month, timeZone);
  const reports: Report[] = [];
  for (const shard of shardKeys('PUB')) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1-public',
          // createdKey is `<createdAt>#<code>`: every key of the month sorts between the two instants
          KeyConditionExpression: 'gsi1pk = :pk AND createdKey BETWEEN :start AND :end',
          ExpressionAttributeValues: { ':pk': shard, ':start': start, ':end': end },
          ExclusiveStartKey: startKey,
        }),
      );
      // the index holds the list attributes; a row of open data needs the whole report
      for (const item of await readWhole(doc, table, out.Items ?? [])) reports.push(fromReportItem(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
  return reports.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** When work on a report first started, from its history. */
export const firstStart = (events: HistoryEvent[]) =>
  events.find((e) => e.type === 'status' && e.from === 'verified' && e.to === 'in_progress')?.at;

const MAY_HAVE_STARTED = new Set(['in_progress', 'resolved', 'closed', 'referred']);

export async function startTimes(repository: Pick<DynamoReportRepository, 'getWithHistory'>, reports: Report[]): Promise<Map<string, string>> {
  const starts = new Map<string, string>();
  for (const r of reports) {
    if (!MAY_HAVE_STARTED.has(r.status)) continue;
    const found = await repository.getWithHistory(r.id);
    const at = found && firstStart(found.events);
    if (at) starts.set(r.id, at);
  }
  return starts;
}
