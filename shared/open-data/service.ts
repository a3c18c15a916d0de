/**
 * Serving the open data. A finished month is built once and kept in S3 (`open-data/<yyyy-mm>/reports.csv` and
 * `.geojson`): the scheduled export writes it the day after the month ends, and a request that comes first writes
 * it itself; either way it is never written again. The current month is built on request and kept in memory a few
 * minutes, so a burst of downloads costs one build.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoReportRepository } from '../adapters/dynamodb/report-repository';
import type { Jurisdiction } from '../config/jurisdiction';
import { isOpenDataReport, openDataRow } from './rows';
import { reportsCreatedIn, startTimes } from './month-reports';
import { toCsv, toGeoJson } from './render';

export type OpenDataFormat = 'csv' | 'geojson';
export const OPEN_DATA_PREFIX = 'open-data/';
export const objectKey = (month: string, format: OpenDataFormat) => `${OPEN_DATA_PREFIX}${month}/reports.${format}`;

export interface OpenDataObjects {
  get(key: string): Promise<string | undefined>;
  /** writes only if absent; false when the object was already there */
  putOnce(key: string, body: string, contentType: string): Promise<boolean>;
}

export const CONTENT_TYPES: Record<OpenDataFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  geojson: 'application/geo+json; charset=utf-8',
};

export interface OpenDataDeps {
  doc: DynamoDBDocumentClient;
  table: string;
  repository: Pick<DynamoReportRepository, 'getWithHistory'>;
  objects: OpenDataObjects;
  jurisdiction: Pick<Jurisdiction, 'districts' | 'timeZone'>;
  /** how long a built current month is served from memory */
  cacheMs?: number;
}

export async function buildMonth(deps: OpenDataDeps, month: string): Promise<Record<OpenDataFormat, string>> {
  const reports = (await reportsCreatedIn(deps.doc, deps.table, month, deps.jurisdiction.timeZone)).filter(isOpenDataReport);
  const starts = await startTimes(deps.repository, reports);
  const rows = reports.map((r) => openDataRow(r, starts.get(r.id), deps.jurisdiction));
  return { csv: toCsv(rows), geojson: toGeoJson(rows) };
}

/** Writes a finished month's files unless they exist; true when it wrote them. */
export async function exportMonth(deps: OpenDataDeps, month: string): Promise<boolean> {
  if ((await deps.objects.get(objectKey(month, 'csv'))) !== undefined && (await deps.objects.get(objectKey(month, 'geojson'))) !== undefined) return false;
  const built = await buildMonth(deps, month);
  const wroteCsv = await deps.objects.putOnce(objectKey(month, 'csv'), built.csv, CONTENT_TYPES.csv);
  const wroteGeo = await deps.objects.putOnce(objectKey(month, 'geojson'), built.geojson, CONTENT_TYPES.geojson);
  return wroteCsv || wroteGeo;
}

export function createOpenDataService(deps: OpenDataDeps) {
  const cacheMs = deps.cacheMs ?? 5 * 60_000;
  const cache = new Map<string, { at: number; files: Promise<Record<OpenDataFormat, string>> }>();

  async function current(month: string, now: Date) {
    const hit = cache.get(month);
    if (hit && now.getTime() - hit.at < cacheMs) return hit.files;
    const files = buildMonth(deps, month);
    cache.set(month, { at: now.getTime(), files });
    files.catch(() => cache.delete(month));
    return files;
  }

  return {
    /** The file of a month: `finished` months come from S3 (written once), the current one is built. */
    async file(month: string, format: OpenDataFormat, finished: boolean, now: Date): Promise<string> {
      if (!finished) return (await current(month, now))[format];
      const stored = await deps.objects.get(objectKey(month, format));
      if (stored !== undefined) return stored;
      await exportMonth(deps, month);
      return (await deps.objects.get(objectKey(month, format))) ?? (await buildMonth(deps, month))[format];
    },
  };
}
