/**
 * Table stream → statistics aggregates. Triggered by its own event source mapping on the table's stream, filtered
 * with STATS_STREAM_FILTER (shared/stats/aggregator.ts) to written reports and new history events; see
 * shared/stats/store.ts for the counted-once scheme.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { ENV, requireEnv } from '../shared/config/env';
import { jurisdiction } from '../shared/config/jurisdiction';
import { logger } from '../shared/observability/logger';
import { createAggregateStatsHandler, createStatsAggregator } from '../shared/stats/aggregator';
import { DynamoStatsStore } from '../shared/stats/store';

const store = new DynamoStatsStore(documentClient, requireEnv(ENV.tableName));

const aggregator = createStatsAggregator({
  store,
  settings: { calendar: jurisdiction.workingCalendar, timeZone: jurisdiction.timeZone },
  currentState: (code) => store.currentState(code),
  log: logger,
});

export const handler = middy(createAggregateStatsHandler(aggregator)).use(injectLambdaContext(logger, { resetKeys: true }));
