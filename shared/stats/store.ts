/**
 * The aggregates in the single table (layout in keys.ts): counting a change exactly once, and reading months back.
 *
 * Counting: one TransactWriteItems per change holds
 *   - the marker of the change (`STATSEV#<code>`, conditional: attribute_not_exists) — if it exists the change was
 *     counted before (a replayed or retried record) and nothing is written;
 *   - the month items it adds to, each written whole with its histograms and guarded by the version read
 *     (read-modify-write: histograms are fixed-size binary, which DynamoDB cannot add to in place);
 *   - the gauges, small number attributes added to in place (ADD).
 * All or nothing: a change is never half counted. Another writer on the same month item (a record of another
 * stream shard) makes the version check fail; the items are read again and the write retried a few times.
 * The order of changes does not matter: every contribution is a sum.
 */
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { COUNTERS, GAUGES, HISTOGRAMS, emptyCell, type Cell, type Gauges } from './figures';
import { BUCKETS, HISTOGRAM_BYTES, bucketOf, decode, encode } from './histogram';
import { stateOf, type Contribution, type StatsState } from './change';
import { retryOnConflict } from '../domain/retry-on-conflict';
import { isStatus } from '../domain/status-machine';
import { CELL_PREFIX, MARKER_TTL_DAYS, ROLLUP_PREFIX, STATS_NOW, districtCellPrefix, markerPk, monthPk, sortKeysOf } from './keys';

export interface StoredCell {
  sk: string;
  cell: Cell;
}

export interface StoredGauge {
  sk: string;
  gauges: Gauges;
}

export interface MarkerRef {
  code: string;
  sk: string;
}

export interface ReadCapacity {
  /** read capacity units the answer consumed, when DynamoDB reports them */
  consumed: number;
  requests: number;
}

const MAX_ATTEMPTS = 6;

export function cellToItem(pk: string, sk: string, cell: Cell, version: number): Record<string, unknown> {
  const h = new Uint8Array(HISTOGRAM_BYTES * HISTOGRAMS.length);
  HISTOGRAMS.forEach((name, i) => h.set(encode(cell.histograms[name]), i * HISTOGRAM_BYTES));
  return { pk, sk, entity: 'stats', v: version, ...cell.counters, h };
}

export function cellFromItem(item: Record<string, unknown>): Cell {
  const cell = emptyCell();
  for (const c of COUNTERS) cell.counters[c] = typeof item[c] === 'number' ? (item[c] as number) : 0;
  const h = item.h instanceof Uint8Array ? item.h : undefined;
  HISTOGRAMS.forEach((name, i) => {
    cell.histograms[name] = decode(h?.subarray(i * HISTOGRAM_BYTES, (i + 1) * HISTOGRAM_BYTES));
  });
  return cell;
}

export function addContribution(cell: Cell, c: Contribution): void {
  for (const [name, n] of Object.entries(c.counters)) cell.counters[name as keyof Cell['counters']] += n ?? 0;
  for (const d of c.durations) {
    cell.histograms[`${d.metric}.working`][bucketOf(d.workingMinutes)]! += 1;
    cell.histograms[`${d.metric}.calendar`][bucketOf(d.calendarMinutes)]! += 1;
  }
}

const cancelCodes = (err: unknown): string[] | undefined =>
  (err as { name?: string }).name === 'TransactionCanceledException'
    ? ((err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None')
    : undefined;

const jitter = (attempt: number) => new Promise<void>((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));

export class DynamoStatsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts `c` once under `marker`: 'counted', or 'already-counted' when the marker exists. */
  async apply(c: Contribution, marker: MarkerRef): Promise<'counted' | 'already-counted'> {
    const flows = Object.keys(c.counters).length > 0 || c.durations.length > 0;
    const pk = monthPk(c.month);
    const sks = flows ? sortKeysOf(c.dims) : [];
    // another shard's record on the same month item fails the version check: read the items again
    return retryOnConflict(async (): Promise<'counted' | 'already-counted'> => {
      const current = await this.getMonthItems(pk, sks);
      const puts = sks.map((sk) => {
        const found = current.get(sk);
        const cell = found ? cellFromItem(found) : emptyCell();
        addContribution(cell, c);
        const version = found ? Number(found.v) : 0;
        return {
          Put: {
            TableName: this.table,
            Item: cellToItem(pk, sk, cell, version + 1),
            ...(found
              ? { ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': version } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        };
      });
      const expiresAt = Math.floor(this.now().getTime() / 1000) + MARKER_TTL_DAYS * 86_400;
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: { pk: markerPk(marker.code), sk: marker.sk, entity: 'stats-marker', expiresAt },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...puts,
              ...this.gaugeUpdates(c),
            ],
          }),
        );
        return 'counted';
      } catch (err) {
        if (cancelCodes(err)?.[0] === 'ConditionalCheckFailed') return 'already-counted';
        throw err;
      }
    }, { attempts: MAX_ATTEMPTS, isConflict: (err) => cancelCodes(err) !== undefined, pause: jitter });
  }

  private gaugeUpdates(c: Contribution) {
    const bySk = new Map<string, Gauges>();
    for (const { dims, delta } of c.gauges.values()) {
      for (const sk of sortKeysOf(dims)) {
        const g = bySk.get(sk) ?? { open: 0, overdue: 0 };
        g.open += delta.open;
        g.overdue += delta.overdue;
        bySk.set(sk, g);
      }
    }
    return [...bySk]
      .filter(([, g]) => g.open !== 0 || g.overdue !== 0)
      .map(([sk, g]) => ({
        Update: {
          TableName: this.table,
          Key: { pk: STATS_NOW, sk },
          UpdateExpression: 'SET entity = :e ADD #open :o, overdue :d',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: { ':e': 'stats-gauge', ':o': g.open, ':d': g.overdue },
        },
      }));
  }

  private async getMonthItems(pk: string, sks: string[]): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    if (sks.length === 0) return found;
    let keys: Record<string, unknown>[] | undefined = sks.map((sk) => ({ pk, sk }));
    for (let round = 0; keys && keys.length > 0; round++) {
      if (round > 0) await jitter(round);
      const out = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of out.Responses?.[this.table] ?? []) found.set(String(item.sk), item);
      keys = out.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined;
    }
    return found;
  }

  /**
   * The cells of one month (or of the gauges, `month` = undefined) for a filter: the rollups when there is none,
   * the combination cells (of one kecamatan, when given) otherwise.
   */
  async readCells(month: string | undefined, filter: { district?: string; category?: string }, capacity?: ReadCapacity): Promise<Record<string, unknown>[]> {
    const prefix =
      filter.district !== undefined
        ? districtCellPrefix(filter.district) + (filter.category !== undefined ? `${filter.category}#` : '')
        : filter.category !== undefined
          ? CELL_PREFIX
          : ROLLUP_PREFIX;
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': month === undefined ? STATS_NOW : monthPk(month), ':p': prefix },
          ExclusiveStartKey: start,
          ...(capacity && { ReturnConsumedCapacity: 'TOTAL' }),
        }),
      );
      if (capacity) {
        capacity.requests += 1;
        capacity.consumed += out.ConsumedCapacity?.CapacityUnits ?? 0;
      }
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** A report's statistics state as it is now. */
  async currentState(code: string): Promise<StatsState | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `R#${code}`, sk: 'R' } }));
    const item = out.Item as Parameters<typeof stateOf>[0] | undefined;
    return item && isStatus(item.status) ? stateOf(item) : undefined;
  }

  /** Every aggregate item of the given months and the gauges: what the rebuild compares and replaces. */
  async readAll(months: string[]): Promise<Record<string, unknown>[]> {
    const all: Record<string, unknown>[] = [];
    for (const pk of [STATS_NOW, ...months.map(monthPk)]) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: start, ConsistentRead: true }),
        );
        all.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
    }
    return all;
  }
}

export const gaugesFromItem = (item: Record<string, unknown>): Gauges =>
  Object.fromEntries(GAUGES.map((g) => [g, typeof item[g] === 'number' ? (item[g] as number) : 0])) as Gauges;

export { BUCKETS };
