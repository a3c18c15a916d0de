/**
 * One page of a list that may span several index partitions (write shards, or several statuses),
 * merged in sort order. The cursor is the last sort key returned: every sort key ends in the report id,
 * so it is unique, and the next page is simply "after that key" in each partition. No Scan anywhere.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface MergedQuery {
  table: string;
  index: string;
  partitionAttr: string;
  partitions: string[];
  sortAttr: string;
  descending: boolean;
  limit: number;
  /** sort key of the last item of the previous page */
  after?: string;
  /** exclusive upper bound on the sort key (e.g. "due before now") */
  below?: string;
  /** exclusive lower bound on the sort key (e.g. "created after a date") */
  above?: string;
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

export interface MergedPage {
  items: Record<string, unknown>[];
  /** sort key to continue after, when there may be more */
  next?: string;
}

/** Bound on reads per partition for one page when a filter drops items. */
const MAX_PAGES_PER_PARTITION = 10;

async function queryPartition(doc: DynamoDBDocumentClient, q: MergedQuery, partition: string) {
  const names: Record<string, string> = { '#pk': q.partitionAttr, '#sk': q.sortAttr, ...q.filter?.names };
  const values: Record<string, unknown> = { ':pk': partition, ...q.filter?.values };
  const conditions: string[] = [];
  // The page continues after the cursor; "below" caps the range from above in either direction.
  let upper = q.below;
  let lower = q.above;
  if (q.after !== undefined) {
    if (q.descending) upper = upper === undefined || q.after < upper ? q.after : upper;
    else lower = lower === undefined || q.after > lower ? q.after : lower;
  }
  if (upper !== undefined && lower !== undefined) {
    // a cursor at or past the bound (a forged one, or the bound moved): nothing lies between
    if (lower >= upper) return { items: [], exhausted: true };
    conditions.push('#sk BETWEEN :lo AND :hi');
    values[':lo'] = lower + '\u0000';
    values[':hi'] = upper;
  } else if (upper !== undefined) {
    conditions.push('#sk < :hi');
    values[':hi'] = upper;
  } else if (lower !== undefined) {
    conditions.push('#sk > :lo');
    values[':lo'] = lower;
  }
  const keyCondition = ['#pk = :pk', ...conditions].join(' AND ');
  if (conditions.length === 0) delete names['#sk'];

  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const out = await doc.send(
      new QueryCommand({
        TableName: q.table,
        IndexName: q.index,
        KeyConditionExpression: keyCondition,
        FilterExpression: q.filter?.expression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: !q.descending,
        Limit: q.limit + 1,
        ExclusiveStartKey: startKey,
      }),
    );
    // BETWEEN includes its upper end; the bound is exclusive
    items.push(...(out.Items ?? []).filter((i) => upper === undefined || lower === undefined || String(i[q.sortAttr]) !== upper));
    startKey = out.LastEvaluatedKey;
  } while (startKey && items.length <= q.limit && ++pages < MAX_PAGES_PER_PARTITION);
  return { items, exhausted: startKey === undefined };
}

export async function queryMerged(doc: DynamoDBDocumentClient, q: MergedQuery): Promise<MergedPage> {
  const results = await Promise.all(q.partitions.map((p) => queryPartition(doc, q, p)));
  const sortValue = (item: Record<string, unknown>) => String(item[q.sortAttr]);
  const all = results.flatMap((r) => r.items).sort((a, b) => (sortValue(a) < sortValue(b) ? -1 : sortValue(a) > sortValue(b) ? 1 : 0));
  if (q.descending) all.reverse();
  const items = all.slice(0, q.limit);
  const more = all.length > q.limit || results.some((r) => !r.exhausted);
  const last = items.at(-1);
  return { items, ...(more && last && { next: sortValue(last) }) };
}
