/**
 * Reports of one category near a point: `gsi12-near` (`geoKey = G#<geohash 6>#<category>`) for the point's cell and
 * its eight neighbours, newest first, then exact distances. Nine small Queries whatever the size of the table; a
 * cell's partition only holds that cell's reports of that category, and at most MAX_PER_CELL of them are read.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cellAndNeighbours, coveredRadiusMeters } from '../../domain/geohash-cells';
import type { Report, ReportStatus } from '../../domain/report';
import { distanceMeters, type LatLon } from '../../location/geometry';
import { fromIndexItem, fromReportItem } from './report-items';
import { readWhole } from './contact-items';

/** Per cell: the newest this many reports of the category (a cell is about 1.2 km × 0.6 km) */
const MAX_PER_CELL = 300;
const PAGE = 100;

export interface NearbyQuery {
  point: LatLon;
  category: string;
  radiusMeters: number;
  statuses: readonly ReportStatus[];
  /** only reports created at or after this instant (ISO) */
  since?: string;
  /** public lists leave confidential reports out */
  publicOnly: boolean;
  /** a report itself is not its own duplicate */
  exclude?: string;
  /** read the found reports whole (the index holds the public list attributes only) */
  whole?: boolean;
}

export interface NearbyReport {
  report: Report;
  distanceMeters: number;
}

export async function queryNearby(doc: DynamoDBDocumentClient, table: string, q: NearbyQuery): Promise<NearbyReport[]> {
  if (q.radiusMeters > coveredRadiusMeters(q.point.lat)) throw new Error(`A ${q.radiusMeters} m radius is wider than the geohash cells around a point`);
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {};
  const statusList = q.statuses.map((s, i) => ((values[`:s${i}`] = s), `:s${i}`)).join(', ');
  const filter = [`#status IN (${statusList})`];
  if (q.publicOnly) {
    filter.push('confidential = :false');
    values[':false'] = false;
  }
  const cells = cellAndNeighbours(q.point.lat, q.point.lon);
  const perCell = await Promise.all(
    cells.map(async (cell) => {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      let read = 0;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi12-near',
            KeyConditionExpression: q.since ? 'geoKey = :g AND createdKey >= :since' : 'geoKey = :g',
            FilterExpression: filter.join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...values, ':g': `G#${cell}#${q.category}`, ...(q.since && { ':since': q.since }) },
            ScanIndexForward: false,
            Limit: PAGE,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(out.Items ?? []));
        read += out.ScannedCount ?? 0;
        startKey = out.LastEvaluatedKey;
      } while (startKey && read < MAX_PER_CELL);
      return items;
    }),
  );
  const found: NearbyReport[] = [];
  for (const item of perCell.flat()) {
    const report = fromIndexItem(item);
    if (!report.location || report.id === q.exclude) continue;
    const d = distanceMeters(q.point, report.location);
    if (d <= q.radiusMeters) found.push({ report, distanceMeters: Math.round(d) });
  }
  found.sort((a, b) => a.distanceMeters - b.distanceMeters || b.report.createdAt.localeCompare(a.report.createdAt));
  if (!q.whole) return found;
  const whole = new Map((await readWhole(doc, table, found.map(({ report }) => ({ pk: `R#${report.id}`, sk: 'R' })))).map((i) => [String(i.pk), fromReportItem(i)]));
  return found.flatMap((f) => {
    const report = whole.get(`R#${f.report.id}`);
    return report ? [{ ...f, report }] : [];
  });
}
