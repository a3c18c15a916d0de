/**
 * GET under /open311/v2: discovery, services, a service definition, service requests (a list or one) and
 * FixMyStreet's service request updates. Every answer comes from the public view's rules (moderation,
 * confidentiality) through the repositories; the format is the path's extension.
 */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { Open311Queries } from '../shared/adapters/dynamodb/open311-queries';
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { presignedGetSigner } from '../shared/adapters/s3/get-url-signer';
import { ENV, optionalEnv, requireEnv } from '../shared/config/env';
import { parseTrackingCode } from '../shared/domain/tracking-code';
import { respondList, respondObject, splitResource } from '../shared/open311/format';
import { open311Handler, type Open311Request } from '../shared/open311/handler';
import { checkJurisdiction, dateRange, MAX_RESULTS, notHere, requestsQuery, unknownRequest, unknownService } from '../shared/open311/query';
import { toOpen311Request } from '../shared/open311/request-view';
import { discovery, isService, serviceDefinition, services, type EndpointType } from '../shared/open311/services';
import { toOpen311Updates } from '../shared/open311/updates';
import type { HistoryEvent, Report } from '../shared/domain/report';

const signer = presignedGetSigner(requireEnv(ENV.bucketName));
const queries = new Open311Queries(documentClient, requireEnv(ENV.tableName));
const endpointType = optionalEnv('OPEN311_ENDPOINT_TYPE', 'production') as EndpointType;

/** Reads of report histories run a few at a time, so one long list does not burst the table. */
const CONCURRENCY = 16;
async function mapLimited<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
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

const PUBLIC_CACHE = { 'cache-control': 'public, max-age=300' };
const NO_CACHE = { 'cache-control': 'no-cache' };

/** The mount's own address, as the client reached it. */
function baseUrl(req: Open311Request): string {
  const host = req.headers['x-forwarded-host'] ?? req.headers.host ?? req.event.requestContext.domainName;
  const proto = req.headers['x-forwarded-proto'] ?? (/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host) ? 'http' : 'https');
  return `${proto}://${host}/open311/v2`;
}

/** A report as a service request; the history is read only when it can hold status notes. */
async function asRequest(report: Report, events: HistoryEvent[] | undefined, req: Open311Request) {
  const history = events ?? (report.eventCount > 1 ? ((await reportRepository.getWithHistory(report.id))?.events ?? []) : []);
  return toOpen311Request(report, history, req.lang, signer);
}

async function listRequests(req: Open311Request) {
  const query = requestsQuery(req.query, new Date());
  if (query.kind === 'ids') {
    const found = await mapLimited(query.ids, (id) => reportRepository.getWithHistory(id));
    const visible = found.filter((f) => f !== undefined && !f.report.confidential) as NonNullable<(typeof found)[number]>[];
    return Promise.all(visible.map((f) => asRequest(f.report, f.events, req)));
  }
  const reports = await queries.listRequests(query);
  return mapLimited(reports, (r) => asRequest(r, undefined, req));
}

async function oneRequest(req: Open311Request, raw: string) {
  const id = parseTrackingCode(raw);
  const found = id ? await reportRepository.getWithHistory(id) : undefined;
  // a confidential report does not exist as far as the public can tell
  if (!found || found.report.confidential) throw unknownRequest(raw);
  return [await asRequest(found.report, found.events, req)];
}

async function listUpdates(req: Open311Request) {
  const events = await queries.listUpdates({ ...dateRange(req.query, new Date()), limit: MAX_RESULTS });
  const ids = [...new Set(events.map((e) => e.reportId))];
  const reports = new Map((await mapLimited(ids, (id) => queries.getReport(id))).filter((r): r is Report => r !== undefined).map((r) => [r.id, r]));
  return toOpen311Updates(events, reports, req.lang);
}

export const handler = open311Handler(async (req) => {
  checkJurisdiction(req.query.jurisdiction_id);
  const routeKey = req.event.routeKey;
  if (routeKey.endsWith('/services/{service}')) {
    const { name } = splitResource(req.path.service);
    if (!isService(name)) throw unknownService(name);
    return respondObject(200, req.format, 'service_definition', serviceDefinition(name, req.lang), PUBLIC_CACHE);
  }
  if (routeKey.endsWith('/requests/{request}')) {
    const { name } = splitResource(req.path.request);
    return respondList(200, req.format, 'requests', await oneRequest(req, name), NO_CACHE);
  }
  const { name, format } = splitResource(req.path.resource);
  if (!format) throw notHere();
  switch (name) {
    case 'discovery':
      return respondObject(200, req.format, 'discovery', discovery(baseUrl(req), endpointType, req.lang), PUBLIC_CACHE);
    case 'services':
      return respondList(200, req.format, 'services', services(req.lang), PUBLIC_CACHE);
    case 'requests':
      return respondList(200, req.format, 'requests', await listRequests(req), NO_CACHE);
    case 'servicerequestupdates':
      return respondList(200, req.format, 'updates', await listUpdates(req), NO_CACHE);
    default:
      throw notHere();
  }
});
