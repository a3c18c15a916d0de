/** GET /v1/stats: how fast reports are answered, from the aggregates the stream keeps (never from reports). */
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { ENV, requireEnv } from '../shared/config/env';
import { jurisdiction } from '../shared/config/jurisdiction';
import { httpHandler } from '../shared/http/handler';
import { answerStats } from '../shared/stats/get-stats';
import { parseStatsQuery } from '../shared/stats/query';
import { DynamoStatsStore } from '../shared/stats/store';

const store = new DynamoStatsStore(documentClient, requireEnv(ENV.tableName));

export const handler = httpHandler(async (req) => {
  const query = parseStatsQuery(req.query, req.lang, new Date(), jurisdiction);
  const body = await answerStats(store, query, jurisdiction, req.lang);
  // figures move with every change; a minute of staleness spares the table a burst of identical reads
  return { status: 200, headers: { 'cache-control': 'public, max-age=60' }, body };
});
