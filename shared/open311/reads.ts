/**
 * The reads behind the Open311 GET paths, over the repositories only: requests (a list or one) built by the
 * public view's rules, and the public updates feed. Functions bind them to the table and bucket.
 */
import type { DynamoOpen311Queries } from '../adapters/dynamodb/open311-queries';
import type { DynamoReportRepository } from '../adapters/dynamodb/report-repository';
import { isPublished, type HistoryEvent, type Report } from '../domain/report';
import { parseTrackingCode } from '../domain/tracking-code';
import { photoViews, type UrlSigner } from '../photos/views';
import type { Open311Request } from './handler';
import { dateRange, MAX_RESULTS, requestsQuery, unknownRequest } from './query';
import { toOpen311Request } from './request-view';
import { toOpen311Updates } from './updates';

export interface ReadDeps {
  repository: DynamoReportRepository;
  queries: DynamoOpen311Queries;
  signer: UrlSigner;
  now: () => Date;
}

/** Reads of report histories run a few at a time, so one long list does not burst the table. */
const CONCURRENCY = 16;
export async function mapLimited<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return out;
}

export const PUBLIC_CACHE = { 'cache-control': 'public, max-age=300' };
export const NO_CACHE = { 'cache-control': 'no-cache' };

/** The mount's own address, as the client reached it. */
export function baseUrl(req: Open311Request): string {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? req.event.requestContext.domainName;
  const proto = req.headers['x-forwarded-proto'] ?? (/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host) ? 'http' : 'https');
  return `${proto}://${host}/open311/v2`;
}

/** A report as a service request; the history is read only when it can hold status notes. */
async function asRequest(report: Report, events: HistoryEvent[] | undefined, req: Open311Request, deps: ReadDeps) {
  const history = events ?? (report.eventCount > 1 ? ((await deps.repository.getWithHistory(report.id))?.events ?? []) : []);
  return toOpen311Request(report, history, req.lang, deps.signer);
}

export async function listRequests(req: Open311Request, deps: ReadDeps) {
  const query = requestsQuery(req.query, deps.now());
  if (query.kind === 'ids') {
    const found = await mapLimited(query.ids, (id) => deps.repository.getWithHistory(id));
    // a confidential report does not exist as far as the public can tell
    const visible = found.filter((f): f is NonNullable<typeof f> => f !== undefined && !f.report.confidential);
    return Promise.all(visible.map((f) => asRequest(f.report, f.events, req, deps)));
  }
  const reports = await deps.queries.listRequests(query);
  return mapLimited(reports, (r) => asRequest(r, undefined, req, deps));
}

export async function oneRequest(req: Open311Request, raw: string, deps: ReadDeps) {
  const id = parseTrackingCode(raw);
  const found = id ? await deps.repository.getWithHistory(id) : undefined;
  if (!found || found.report.confidential) throw unknownRequest(raw);
  return [await asRequest(found.report, found.events, req, deps)];
}

export async function listUpdates(req: Open311Request, deps: ReadDeps) {
  const events = await deps.queries.listUpdates({ ...dateRange(req.query, deps.now()), limit: MAX_RESULTS });
  const ids = [...new Set(events.map((e) => e.reportId))];
  const reports = (await mapLimited(ids, (id) => deps.queries.getReport(id))).filter((r): r is Report => r !== undefined);
  const photos = new Map<string, string>();
  await mapLimited(
    reports.filter((r) => isPublished(r) && !r.confidential && r.photos?.some((p) => p.kind === 'completion')),
    async (r) => {
      const [first] = await photoViews(r, deps.signer, { kinds: ['completion'], publicOnly: true });
      if (first) photos.set(r.id, first.url);
    },
  );
  return toOpen311Updates(events, new Map(reports.map((r) => [r.id, r])), req.lang, photos);
}
