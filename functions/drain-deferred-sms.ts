/**
 * Scheduled: sends the SMS that the first-contact breaker deferred, oldest first, as its budget frees up (see
 * shared/notify/drain-deferred.ts), and the SMS held for coalescing whose window has ended (shared/notify/drain-held.ts).
 * The same notifier settings as the stream notifier, so the same rules apply.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoDeliveryStore } from '../shared/adapters/dynamodb/delivery-store';
import { DynamoFirstContactStore } from '../shared/adapters/dynamodb/first-contact-store';
import { DynamoHeldSmsStore } from '../shared/adapters/dynamodb/held-sms-store';
import { DynamoOptOutStore } from '../shared/adapters/dynamodb/opt-out-store';
import { SnsSmsSender } from '../shared/adapters/sns/sms-sender';
import { jurisdiction } from '../shared/config/jurisdiction';
import { loadNotifierConfig } from '../shared/notify/config';
import { drainDeferred, type DrainResult } from '../shared/notify/drain-deferred';
import { drainHeld, type HeldDrainResult } from '../shared/notify/drain-held';
import { withStoredOptOut } from '../shared/notify/opt-out-sender';
import { createNotifier } from '../shared/notify/notifier';
import { logger } from '../shared/observability/logger';
import { metrics, MetricUnit } from '../shared/observability/metrics';

const config = loadNotifierConfig();
const deliveries = new DynamoDeliveryStore(documentClient, config.tableName);
const queue = new DynamoFirstContactStore(documentClient, config.tableName);
const heldQueue = new DynamoHeldSmsStore(documentClient, config.tableName);

const notifier = createNotifier({
  store: deliveries,
  // the application's opt-out list too, as in the stream notifier: a number may send BERHENTI while its SMS waits
  sender: withStoredOptOut(
    new SnsSmsSender(new SNSClient({ region: config.smsRegion }), { ...(config.senderId && { senderId: config.senderId }) }),
    new DynamoOptOutStore(documentClient, config.tableName),
  ),
  jurisdiction,
  dailyCap: config.dailyCap,
  publishTimeoutMs: config.publishTimeoutMs,
  log: logger,
  metrics,
  firstContact: { store: queue, budget: { ...config.firstContact, timeZone: jurisdiction.timeZone } },
});

async function drain(_event: ScheduledEvent, context: Context): Promise<DrainResult & { held: HeldDrainResult }> {
  try {
    const result = await drainDeferred({ queue, deliveries, notifier, maxAgeMs: config.deferredMaxAgeMs, log: logger }, context);
    // 1 while SMS still wait after a run: the alarm on it says the breaker is (still) open
    metrics.addMetric('SmsDeferredBacklog', MetricUnit.Count, result.stillDeferred ? 1 : 0);
    logger.info('Deferred SMS drain finished', { ...result });
    const held = await drainHeld({ queue: heldQueue, deliveries, notifier, log: logger }, context);
    if (held.sent + held.settled + held.failed > 0) logger.info('Held SMS drain finished', { ...held });
    return { ...result, held };
  } finally {
    metrics.publishStoredMetrics();
  }
}

export const handler = middy(drain).use(injectLambdaContext(logger, { resetKeys: true }));
