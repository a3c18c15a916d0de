/**
 * Scheduled: sends the SMS that the first-contact breaker deferred, oldest first, as its budget frees up (see
 * shared/notify/drain-deferred.ts), and the SMS held for coalescing whose window has ended (shared/notify/drain-held.ts).
 * The same notifier as the stream notifier (shared/notify/deployed-notifier.ts), so the same rules apply.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadNotifierConfig } from '../shared/notify/config';
import { createDeployedNotifier } from '../shared/notify/deployed-notifier';
import { drainDeferred, type DrainResult } from '../shared/notify/drain-deferred';
import { drainHeld, type HeldDrainResult } from '../shared/notify/drain-held';
import { logger } from '../shared/observability/logger';
import { metrics, MetricUnit } from '../shared/observability/metrics';

const config = loadNotifierConfig();
const { notifier, deliveries, firstContactQueue: queue, heldQueue } = createDeployedNotifier(config);

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
