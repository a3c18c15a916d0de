/**
 * Table stream → citizen SMS. Triggered by the event source mapping on the table's stream, filtered with
 * shared/notify/stream-filter.ts to history events flagged `notify`; see shared/notify/notifier.ts for the
 * exactly-once scheme.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SNSClient } from '@aws-sdk/client-sns';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoDeliveryStore } from '../shared/adapters/dynamodb/delivery-store';
import { DynamoFirstContactStore } from '../shared/adapters/dynamodb/first-contact-store';
import { DynamoHeldSmsStore } from '../shared/adapters/dynamodb/held-sms-store';
import { DynamoOptOutStore } from '../shared/adapters/dynamodb/opt-out-store';
import { SnsSmsSender } from '../shared/adapters/sns/sms-sender';
import { jurisdiction } from '../shared/config/jurisdiction';
import { loadNotifierConfig } from '../shared/notify/config';
import { uploadTokenSecretsFromEnv } from '../shared/photos/config';
import { createNotifyCitizenHandler } from '../shared/notify/handler';
import { createNotifier } from '../shared/notify/notifier';
import { withStoredOptOut } from '../shared/notify/opt-out-sender';
import { logger } from '../shared/observability/logger';
import { metrics } from '../shared/observability/metrics';

const config = loadNotifierConfig();

const notifier = createNotifier({
  store: new DynamoDeliveryStore(documentClient, config.tableName),
  // Locally AWS_ENDPOINT_URL_SNS points this client at the SMS sink; the region only decides where SMS leave from.
  // the application's opt-out list (BERHENTI by SMS) first, then SNS's own
  sender: withStoredOptOut(
    new SnsSmsSender(new SNSClient({ region: config.smsRegion }), { ...(config.senderId && { senderId: config.senderId }) }),
    new DynamoOptOutStore(documentClient, config.tableName),
  ),
  jurisdiction,
  dailyCap: config.dailyCap,
  publishTimeoutMs: config.publishTimeoutMs,
  log: logger,
  metrics,
  // opens the sealed view key of a confidential report for its receipt SMS
  viewKeySecrets: await uploadTokenSecretsFromEnv(),
  firstContact: {
    store: new DynamoFirstContactStore(documentClient, config.tableName),
    budget: { ...config.firstContact, timeZone: jurisdiction.timeZone },
  },
  // an intermediate change's SMS waits this long for a later change of the report to supersede it
  coalescing: { store: new DynamoHeldSmsStore(documentClient, config.tableName), windowMs: config.coalesceWindowMs },
});

export const handler = middy(createNotifyCitizenHandler({ notifier, metrics })).use(injectLambdaContext(logger, { resetKeys: true }));
