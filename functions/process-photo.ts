/**
 * The photo processor: S3 ObjectCreated events for uploads/ (an S3 event notification on AWS; the local runner
 * turns s3rver's events into the same shape, see local/photo-events.ts). Each record is handled on its own;
 * if any fails unexpectedly the invocation fails, and Lambda's asynchronous retries run it again. That is
 * safe: records already done are skipped (see shared/photos/process-upload.ts).
 */
import type { Context, S3Event } from 'aws-lambda';
import sharp from 'sharp';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { DynamoPhotoRepository } from '../shared/adapters/dynamodb/photo-repository';
import { S3PhotoStorage } from '../shared/adapters/s3/signed-photo-storage';
import { ENV, requireEnv } from '../shared/config/env';
import { jurisdiction } from '../shared/config/jurisdiction';
import { logger } from '../shared/observability/logger';
import { metrics, MetricUnit } from '../shared/observability/metrics';
import { photoLimitsFromEnv } from '../shared/photos/config';
import { decodeS3EventKey } from '../shared/photos/photo';
import { processUpload, type ProcessOutcome } from '../shared/photos/process-upload';

// One image at a time per container: libvips' operation cache would only hold on to memory between events.
sharp.cache(false);

const bucket = requireEnv(ENV.bucketName);
const deps = {
  repository: new DynamoPhotoRepository(documentClient, requireEnv(ENV.tableName)),
  storage: new S3PhotoStorage(bucket),
  limits: photoLimitsFromEnv(),
  boundingBox: jurisdiction.boundingBox,
  now: () => new Date(),
};

/** What is logged of an outcome: never coordinates, only whether a location was suggested. */
function summary(outcome: ProcessOutcome): Record<string, unknown> {
  switch (outcome.outcome) {
    case 'accepted':
      return { outcome: 'accepted', code: outcome.code, photoId: outcome.photo.id, kind: outcome.photo.kind, suggestedLocation: outcome.suggestedLocation !== undefined };
    case 'rejected':
      return { outcome: 'rejected', code: outcome.code, photoId: outcome.photoId, reason: outcome.reason, detail: outcome.detail };
    default:
      return { ...outcome };
  }
}

export async function handler(event: S3Event, context?: Context): Promise<void> {
  if (context) logger.addContext(context);
  const failed: string[] = [];
  let counted = 0;
  for (const record of event.Records) {
    if (record.s3.bucket.name !== bucket) {
      logger.warn('event for another bucket ignored', { bucket: record.s3.bucket.name });
      continue;
    }
    const key = decodeS3EventKey(record.s3.object.key);
    try {
      const outcome = await processUpload(key, deps);
      logger.info('photo processed', { key, ...summary(outcome) });
      if (outcome.outcome === 'accepted' || outcome.outcome === 'rejected' || outcome.outcome === 'discarded') {
        metrics.addMetric(outcome.outcome === 'accepted' ? 'PhotoAccepted' : 'PhotoRejected', MetricUnit.Count, 1);
        counted++;
      }
    } catch (err) {
      logger.error('photo processing failed', { key, error: err as Error });
      failed.push(key);
    }
  }
  if (counted > 0) metrics.publishStoredMetrics();
  if (failed.length > 0) throw new Error(`photo processing failed for ${failed.length} of ${event.Records.length} object(s)`);
}
