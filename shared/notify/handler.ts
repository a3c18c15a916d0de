/**
 * The notifier as a Lambda handler for a DynamoDB stream: Powertools batch processing with partial batch response.
 *
 * Records are handled one after another, in stream order, so a citizen's SMS arrive in the order the changes
 * happened. A record that throws is reported in `batchItemFailures`; Lambda then retries from the lowest failed
 * sequence number (records after it come again and are recognised as done by their delivery records). When every
 * record fails, Powertools throws, which lets the mapping bisect the batch.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FlushableMetricsPort } from '../observability/ports';
import type { Notifier } from './notifier';
import type { StreamHandler } from './stream-handler';

export function createNotifyCitizenHandler(deps: { notifier: Notifier; metrics?: FlushableMetricsPort }) {
  const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    // a processor per invocation: it holds the batch's state, and the local runner may invoke concurrently
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    try {
      const response = await processPartialResponse(
        event,
        (record: DynamoDBRecord, ctx?: Context) => deps.notifier.handleRecord(record, ctx),
        processor,
        { context, processInParallel: false },
      );
      return { batchItemFailures: response.batchItemFailures.map((f) => ({ itemIdentifier: f.itemIdentifier })) };
    } finally {
      if (deps.metrics?.hasStoredMetrics()) deps.metrics.publishStoredMetrics();
    }
  };
  return handler satisfies StreamHandler;
}
