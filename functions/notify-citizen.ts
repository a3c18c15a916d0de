/**
 * Table stream → citizen SMS. Triggered by the event source mapping on the table's stream, filtered with
 * shared/notify/stream-filter.ts to history events flagged `notify`; see shared/notify/notifier.ts for the
 * exactly-once scheme.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { loadNotifierConfig } from '../shared/notify/config';
import { createDeployedNotifier } from '../shared/notify/deployed-notifier';
import { createNotifyCitizenHandler } from '../shared/notify/handler';
import { logger } from '../shared/observability/logger';
import { metrics } from '../shared/observability/metrics';

const { notifier } = createDeployedNotifier(loadNotifierConfig());

export const handler = middy(createNotifyCitizenHandler({ notifier, metrics })).use(injectLambdaContext(logger, { resetKeys: true }));
