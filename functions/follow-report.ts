/** POST /v1/reports/{id}/followers: a number follows a report (SMS on every later status change). */
import { citizenQuotas } from '../shared/abuse/quotas';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoFollowerStore } from '../shared/adapters/dynamodb/follower-store';
import { ENV, requireEnv } from '../shared/config/env';
import { httpHandler } from '../shared/http/handler';
import { metrics } from '../shared/observability/metrics';
import { parseOrThrow } from '../shared/http/problem';
import { followReport, followRequestSchema } from '../shared/use-cases/follow-report';

const table = requireEnv(ENV.tableName);
const store = new DynamoFollowerStore(documentClient, table);

export const handler = httpHandler(async (req) => {
  const input = parseOrThrow(followRequestSchema, req.json(), req.lang);
  const sourceIp = req.event.requestContext.http.sourceIp;
  const result = await followReport(req.path.id, input, {
    store,
    now: () => new Date(),
    consumeQuotas: citizenQuotas(documentClient, table, sourceIp),
  });
  // the number is never echoed: the answer may sit in a shared browser's history or a proxy log
  return {
    status: result.created ? 201 : 200,
    headers: { 'cache-control': 'no-store' },
    body: { reportId: result.reportId, following: true, followerCount: result.followerCount },
  };
}, [], { metrics });
