/**
 * Inbound SMS from AWS End User Messaging → "a citizen sent a message". Subscribed to the SNS topic that the
 * receiving phone number (or pool) publishes to. A failure throws, so Lambda retries the asynchronous invocation
 * and, when retries run out, hands it to the failure queue; a message that is not an inbound SMS notification is
 * logged and dropped (retrying cannot mend it).
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SNSEvent } from 'aws-lambda';
import { fromSnsMessage } from '../shared/inbound/end-user-messaging';
import { logger } from '../shared/observability/logger';
import { citizenSentMessage } from '../shared/use-cases/inbound/citizen-sent-message';
import { inboundDeps } from '../shared/use-cases/inbound/deps';

export async function receiveSmsTopic(event: SNSEvent): Promise<void> {
  for (const record of event.Records ?? []) {
    const message = fromSnsMessage(record.Sns?.Message ?? '');
    if (!message) {
      logger.warn('SNS message is not an inbound SMS notification; dropped', { snsMessageId: record.Sns?.MessageId });
      continue;
    }
    const result = await citizenSentMessage(message, inboundDeps);
    // codes and outcomes only: never the number or the text
    logger.info('Inbound SMS handled', { ...result });
  }
}

export const handler = middy(receiveSmsTopic).use(injectLambdaContext(logger, { resetKeys: true }));
