/**
 * Recount every aggregate from the reports and their history events (offline: a repair, or a figure added later),
 * compare it with the live aggregates, and, when asked, replace them.
 *
 * Reading: every report through the status index (`gsi2-status`, each status and shard, one Query page at a time),
 * then each report with its history (one Query per report). This is the only place that reads every report, and
 * it is a command, not a request path.
 *
 * Replacing while the aggregator runs would race it, so `--write` is meant for a paused event source mapping (or
 * a stopped local stack): the stream keeps its records meanwhile. The rebuild leaves a marker for every history
 * event of the last MARKER_TTL_DAYS days, so a record it already counted is skipped when the mapping resumes, and
 * one it did not see (written after it read the report) is counted then.
 */
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { statusPartitions } from '../adapters/dynamodb/report-items';
import type { DynamoReportRepository } from '../adapters/dynamodb/report-repository';
import type { HistoryEvent, Report } from '../domain/report';
import { STATUSES } from '../domain/status-machine';
import { answerContribution, contributionOf, type Contribution, type StatsSettings } from './change';
import { emptyCell, emptyGauges, type Cell, type Gauges } from './figures';
import { MARKER_TTL_DAYS, STATS_NOW, changeMarkerSk, answerMarkerSk, markerPk, monthPk, sortKeysOf } from './keys';
import { replay } from './replay';
import { addContribution, cellFromItem, cellToItem, gaugesFromItem } from './store';

export interface Recount {
  /** `STATS#<month>` → sort key → cell */
  months: Map<string, Map<string, Cell>>;
  /** sort key → gauges */
  gauges: Map<string, Gauges>;
}

export function newRecount(): Recount {
  return { months: new Map(), gauges: new Map() };
}

/** Adds one contribution, exactly as the store would. */
export function addToRecount(recount: Recount, c: Contribution): void {
  if (Object.keys(c.counters).length > 0 || c.durations.length > 0) {
    const pk = monthPk(c.month);
    const month = recount.months.get(pk) ?? new Map<string, Cell>();
    recount.months.set(pk, month);
    for (const sk of sortKeysOf(c.dims)) {
      const cell = month.get(sk) ?? emptyCell();
      addContribution(cell, c);
      month.set(sk, cell);
    }
  }
  for (const { dims, delta } of c.gauges.values())
    for (const sk of sortKeysOf(dims)) {
      const g = recount.gauges.get(sk) ?? emptyGauges();
      g.open += delta.open;
      g.overdue += delta.overdue;
      recount.gauges.set(sk, g);
    }
}

/** The contributions of one report's whole history. */
export function recountReport(recount: Recount, report: Report, events: HistoryEvent[], settings: StatsSettings): void {
  const { changes, answers } = replay(report, events);
  let last = changes[0]?.after;
  for (const change of changes) {
    const c = contributionOf(change.before, change.after, change.at, settings);
    if (c) addToRecount(recount, c);
    last = change.after;
  }
  for (const a of answers) if (last) addToRecount(recount, answerContribution(last, a.answer, a.at, settings));
}

/** Every report code, through the status index (Query per status and shard, paged). */
export async function* allReportCodes(doc: DynamoDBDocumentClient, table: string): AsyncGenerator<string> {
  for (const status of STATUSES)
    for (const key of statusPartitions(status)) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi2-status',
            KeyConditionExpression: 'statusKey = :k',
            ExpressionAttributeValues: { ':k': key },
            // the index rows carry the table key, `R#<code>`
            ProjectionExpression: 'pk',
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) if (typeof item.pk === 'string' && item.pk.startsWith('R#')) yield item.pk.slice(2);
        start = out.LastEvaluatedKey;
      } while (start);
    }
}

export interface RebuildResult {
  reports: number;
  recount: Recount;
  /** event markers that a write would leave: code → sort keys */
  recentMarkers: { code: string; sk: string }[];
}

export async function recountAll(
  doc: DynamoDBDocumentClient,
  table: string,
  repository: Pick<DynamoReportRepository, 'getWithHistory'>,
  settings: StatsSettings,
  now: Date,
): Promise<RebuildResult> {
  const recount = newRecount();
  const recentMarkers: { code: string; sk: string }[] = [];
  const since = new Date(now.getTime() - MARKER_TTL_DAYS * 86_400_000).toISOString();
  let reports = 0;
  for await (const code of allReportCodes(doc, table)) {
    const found = await repository.getWithHistory(code);
    if (!found) continue;
    reports += 1;
    recountReport(recount, found.report, found.events, settings);
    for (const e of found.events)
      if (e.at >= since) recentMarkers.push({ code, sk: changeMarkerSk(e.seq) }, { code, sk: answerMarkerSk(e.seq) });
  }
  return { reports, recount, recentMarkers };
}

/** The recount as the items the store would hold (gauges and months). */
export function recountItems(recount: Recount): { pk: string; sk: string; cell?: Cell; gauges?: Gauges }[] {
  const out: { pk: string; sk: string; cell?: Cell; gauges?: Gauges }[] = [];
  for (const [sk, gauges] of recount.gauges) if (gauges.open !== 0 || gauges.overdue !== 0) out.push({ pk: STATS_NOW, sk, gauges });
  for (const [pk, cells] of recount.months) for (const [sk, cell] of cells) out.push({ pk, sk, cell });
  return out;
}

/** Differences between the recount and stored aggregate items, as readable lines (empty: they agree). */
export function compareWithStored(recount: Recount, stored: Record<string, unknown>[]): string[] {
  const expected = new Map(recountItems(recount).map((i) => [`${i.pk}|${i.sk}`, i]));
  const diffs: string[] = [];
  const seen = new Set<string>();
  for (const item of stored) {
    const key = `${String(item.pk)}|${String(item.sk)}`;
    seen.add(key);
    const want = expected.get(key);
    const isGauge = item.pk === STATS_NOW;
    const got = isGauge ? JSON.stringify(gaugesFromItem(item)) : JSON.stringify(cellFromItem(item));
    const wanted = want ? JSON.stringify(isGauge ? want.gauges : want.cell) : isGauge ? JSON.stringify(emptyGauges()) : JSON.stringify(emptyCell());
    if (got !== wanted) diffs.push(`${key}: stored ${summary(got)} recounted ${summary(wanted)}`);
  }
  for (const [key] of expected) if (!seen.has(key)) diffs.push(`${key}: missing from the stored aggregates`);
  return diffs;
}

const summary = (json: string) => (json.length > 200 ? `${json.slice(0, 200)}…` : json);

/** Replaces the stored aggregates of the recounted months and the gauges with the recount, and leaves the markers. */
export async function writeRecount(
  doc: DynamoDBDocumentClient,
  table: string,
  result: RebuildResult,
  stored: Record<string, unknown>[],
  now: Date,
): Promise<void> {
  const puts: Record<string, unknown>[] = recountItems(result.recount).map((i) =>
    i.cell ? cellToItem(i.pk, i.sk, i.cell, 1) : { pk: i.pk, sk: i.sk, entity: 'stats-gauge', ...i.gauges },
  );
  const keep = new Set(puts.map((p) => `${String(p.pk)}|${String(p.sk)}`));
  const deletes = stored.filter((s) => !keep.has(`${String(s.pk)}|${String(s.sk)}`)).map((s) => ({ pk: s.pk, sk: s.sk }));
  const expiresAt = Math.floor(now.getTime() / 1000) + MARKER_TTL_DAYS * 86_400;
  const markers = result.recentMarkers.map((m) => ({ pk: markerPk(m.code), sk: m.sk, entity: 'stats-marker', expiresAt }));
  const requests = [
    ...puts.map((Item) => ({ PutRequest: { Item } })),
    ...markers.map((Item) => ({ PutRequest: { Item } })),
    ...deletes.map((Key) => ({ DeleteRequest: { Key } })),
  ];
  for (let i = 0; i < requests.length; i += 25) {
    let batch: typeof requests | undefined = requests.slice(i, i + 25);
    for (let round = 0; batch && batch.length > 0; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(round, 6)));
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
      batch = out.UnprocessedItems?.[table] as typeof requests | undefined;
    }
  }
}

/** The months the recount or the store holds (so months that should be empty are compared too). */
export function monthsOf(recount: Recount, extra: string[] = []): string[] {
  return [...new Set([...[...recount.months.keys()].map((pk) => pk.slice('STATS#'.length)), ...extra])].sort();
}
