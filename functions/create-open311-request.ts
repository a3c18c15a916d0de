/**
 * POST /open311/v2/requests.{json|xml}: a client relays a citizen's report. The same use case as the native
 * API creates it; the client's API key decides who may write and carries the quota (a relay such as a
 * FixMyStreet installation is not throttled as if it were one citizen). A valid Indonesian mobile number
 * gets the usual SMS updates; without one, none.
 */
import { consumeQuota, QUOTAS } from '../shared/abuse/quotas';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoOpen311KeyStore } from '../shared/adapters/dynamodb/open311-key-store';
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { ENV, requireEnv } from '../shared/config/env';
import { phoneKey } from '../shared/domain/phone';
import { metrics, MetricUnit } from '../shared/observability/metrics';
import { verifyApiKey } from '../shared/open311/api-keys';
import { Open311Error } from '../shared/open311/errors';
import { respondList, splitResource } from '../shared/open311/format';
import { open311Handler } from '../shared/open311/handler';
import { notThisMethod, resourceMethods } from '../shared/open311/resources';
import { toCreateInput, readForm } from '../shared/open311/post-request';
import { checkJurisdiction, unknownService } from '../shared/open311/query';
import { isService } from '../shared/open311/services';
import { serviceNotice } from '../shared/open311/status';
import { createReport } from '../shared/use-cases/create-report';
import { locator } from '../shared/location/configured-locator';
import { placeReport } from '../shared/location/place-report';

const table = requireEnv(ENV.tableName);
const keys = new DynamoOpen311KeyStore(documentClient, table);

export const handler = open311Handler(async (req) => {
  const { name, format } = splitResource(req.path.resource);
  // a POST to another resource (discovery, services) is told it takes GET
  if (name !== 'requests' || !format) throw notThisMethod(resourceMethods(req.path.resource));
  const form = readForm(req);
  const arg = (k: string) => form.get(k)?.[0] ?? req.query[k];
  checkJurisdiction(arg('jurisdiction_id'));
  const client = await verifyApiKey(arg('api_key'), keys);
  if (!client)
    throw new Open311Error(403, [{ id: 'api_key: kunci API tidak ada, salah atau dicabut', en: 'api_key: missing, wrong or revoked API key' }]);
  const serviceCode = arg('service_code');
  if (!serviceCode) throw new Open311Error(400, [{ id: 'service_code: wajib diisi', en: 'service_code: required' }]);
  if (!isService(serviceCode)) throw unknownService(serviceCode);
  const input = toCreateInput(form, serviceCode, client, req.lang);
  // the same place rules as the native door: a location decides the kecamatan, a neighbour's is refused
  const placement = placeReport(input, locator, req.lang);

  const now = new Date();
  await consumeQuota(documentClient, table, { name: 'open311#key', kind: 'sliding', windowSeconds: 3600, max: client.requestsPerHour }, client.id, now);
  const report = await createReport({ ...input, ...placement }, {
    repository: reportRepository,
    now: () => now,
    consumeQuotas: async (phone, at) => consumeQuota(documentClient, table, QUOTAS.reportsPerPhone, await phoneKey(phone), at),
  });
  metrics.addMetric('Open311ReportCreated', MetricUnit.Count, 1);
  const created = {
    service_request_id: report.id,
    service_notice: serviceNotice(report, req.lang),
    ...(input.source?.accountId && { account_id: input.source.accountId }),
  };
  // 200, not 201: the spec shows none, and Open311 clients written against the reference servers expect 200
  return respondList(200, req.format, 'requests', [created], { location: `/open311/v2/requests/${report.id}.${req.format}`, 'cache-control': 'no-store' });
}, { metrics });
