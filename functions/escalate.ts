/** EventBridge schedule (every 15 minutes): escalate overdue reports, auto-close resolved ones, send digests. */
import { SNSClient } from '@aws-sdk/client-sns';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoEscalationStore } from '../shared/adapters/dynamodb/escalation-store';
import { SnsOfficialDigestPublisher } from '../shared/adapters/sns/official-digest-publisher';
import { jurisdiction } from '../shared/config/jurisdiction';
import { clockFromEnv } from '../shared/escalation/clock';
import { escalationEnv } from '../shared/escalation/config';
import { createEscalateHandler } from '../shared/escalation/handler';
import { escalationSettings } from '../shared/escalation/run-escalation';
import { logger } from '../shared/observability/logger';
import { metrics } from '../shared/observability/metrics';

const env = escalationEnv();
const clock = clockFromEnv();
const offsetMs = clock().getTime() - Date.now();
// Lambda sets AWS_LAMBDA_FUNCTION_NAME; the local scheduler and `npm run escalate` do not
if (process.env.AWS_LAMBDA_FUNCTION_NAME && Math.abs(offsetMs) > 1_000) logger.warn('CLOCK_OFFSET_MS moves this function\'s clock; set it only for local runs and tests', { offsetMs });

export const handler = createEscalateHandler({
  store: new DynamoEscalationStore(documentClient, env.tableName),
  publisher: new SnsOfficialDigestPublisher(new SNSClient({}), env.topicArn),
  settings: escalationSettings(jurisdiction, { pageSize: env.pageSize, safetyMarginMs: env.safetyMarginMs, digestMaxBytes: env.digestMaxBytes }),
  clock,
  log: {
    debug: (message, data = {}) => logger.debug(message, data),
    info: (message, data = {}) => logger.info(message, data),
    warn: (message, data = {}) => logger.warn(message, data),
    error: (message, data = {}) => logger.error(message, data),
  },
  metrics: {
    addMetric: (name, unit, value) => metrics.addMetric(name, unit, value),
    publishStoredMetrics: () => metrics.publishStoredMetrics(),
  },
});
