/**
 * The notifier as the two SMS functions run it: the stream notifier (functions/notify-citizen.ts) and the scheduled
 * drain of deferred and held SMS (functions/drain-deferred-sms.ts). Built in one place so that an SMS the drain sends
 * later is exactly the SMS the stream notifier would have sent at once: the same opt-outs, daily cap, first-contact
 * breaker and the view key that lets the reporter of a confidential report open it from the receipt.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { documentClient } from '../adapters/dynamodb/clients';
import { DynamoDeliveryStore } from '../adapters/dynamodb/delivery-store';
import { DynamoFirstContactStore } from '../adapters/dynamodb/first-contact-store';
import { DynamoHeldSmsStore } from '../adapters/dynamodb/held-sms-store';
import { DynamoOptOutStore } from '../adapters/dynamodb/opt-out-store';
import { SnsSmsSender } from '../adapters/sns/sms-sender';
import { jurisdiction } from '../config/jurisdiction';
import { logger } from '../observability/logger';
import { metrics } from '../observability/metrics';
import { uploadTokenSecretsFromEnv } from '../photos/config';
import type { NotifierConfig } from './config';
import { createNotifier } from './notifier';
import { withStoredOptOut } from './opt-out-sender';

export function createDeployedNotifier(config: NotifierConfig) {
  const deliveries = new DynamoDeliveryStore(documentClient, config.tableName);
  const firstContactQueue = new DynamoFirstContactStore(documentClient, config.tableName);
  const heldQueue = new DynamoHeldSmsStore(documentClient, config.tableName);
  const notifier = createNotifier({
    store: deliveries,
    // Locally AWS_ENDPOINT_URL_SNS points this client at the SMS sink; the region only decides where SMS leave from.
    // The application's opt-out list (BERHENTI by SMS) first, then SNS's own: a number may also send BERHENTI while
    // its SMS waits in a queue.
    sender: withStoredOptOut(
      new SnsSmsSender(new SNSClient({ region: config.smsRegion }), { ...(config.senderId && { senderId: config.senderId }) }),
      new DynamoOptOutStore(documentClient, config.tableName),
    ),
    jurisdiction,
    dailyCap: config.dailyCap,
    publishTimeoutMs: config.publishTimeoutMs,
    log: logger,
    metrics,
    // opens the sealed view key of a confidential report for its receipt SMS, whenever that receipt is sent; read at
    // the first such receipt (readSecret keeps it for the container), not at every cold start
    viewKeySecrets: uploadTokenSecretsFromEnv,
    firstContact: { store: firstContactQueue, budget: { ...config.firstContact, timeZone: jurisdiction.timeZone } },
    // an intermediate change's SMS waits this long for a later change of the report to supersede it (the drain
    // delivers what waited, which nothing supersedes any more)
    coalescing: { store: heldQueue, windowMs: config.coalesceWindowMs },
  });
  return { notifier, deliveries, firstContactQueue, heldQueue };
}
