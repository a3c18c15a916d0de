/**
 * S3 upload → photo processor: the function, its sharp layer, its grants by prefix and the bucket's event
 * notification. Built in the API stack's own scope, so the deployed resources keep their logical ids.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Code, LayerVersion, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env';
import { PUBLIC_PREFIX, UPLOADS_PREFIX } from '../../shared/photos/photo';
import type { AppTable } from './app-table';
import { AppFunction, ARCHITECTURE, PROJECT_ROOT, RUNTIME } from './lambda-function';

/** Photo processor runs at once, at most: reserved, so a flood of uploads cannot starve the API. */
export const PHOTO_PROCESSOR_CONCURRENCY = 5;

/** Where the photo processor's layer is built by `npm install` (scripts/build-sharp-layer.mjs). */
export const SHARP_LAYER_DIR = join(PROJECT_ROOT, '.cache', 'sharp-layer');

export interface PhotoProcessorProps {
  readonly mainTable: AppTable;
  /** the bucket as imported into the stack that builds the processor */
  readonly photoBucket: IBucket;
  readonly failureQueue: IQueue;
}

/**
 * sharp comes from a layer built for linux-arm64 at `npm install`; the bundle leaves it external. Asynchronous
 * invocations: 2 retries within 6 hours, then the failure queue.
 */
export function photoProcessor(scope: Construct, props: PhotoProcessorProps): AppFunction {
  const { photoBucket } = props;
  if (!existsSync(join(SHARP_LAYER_DIR, 'nodejs', 'node_modules', 'sharp', 'package.json'))) {
    throw new Error(
      `The sharp layer is missing in ${SHARP_LAYER_DIR}: run \`node scripts/build-sharp-layer.mjs\` ` +
        '(npm install runs it; it needs the npm registry once), then synthesize again',
    );
  }
  const sharpLayer = new LayerVersion(scope, 'SharpLayer', {
    code: Code.fromAsset(SHARP_LAYER_DIR),
    compatibleArchitectures: [ARCHITECTURE],
    compatibleRuntimes: [RUNTIME],
    description: 'sharp with prebuilt libvips for linux-arm64 (glibc), pinned by package.json',
  });
  const processor = new AppFunction(scope, 'ProcessPhotoFunction', {
    name: 'process-photo',
    // decoding up to 40 MP (about 160 MB of pixels) with room to spare; more memory is also more CPU
    memorySize: 2048,
    timeout: Duration.seconds(60),
    layers: [sharpLayer],
    externalModules: ['sharp'],
  });
  // Uploads (anyone with a grant can send them) may never take the concurrency the API's functions need. The
  // account needs that much unreserved concurrency left over (new accounts start with 10: raise it first).
  (processor.node.defaultChild as CfnFunction).reservedConcurrentExecutions = PHOTO_PROCESSOR_CONCURRENCY;
  processor.bindMainTable(props.mainTable, ENV.tableName);
  processor.bindBucketName(photoBucket, ENV.bucketName);
  processor.grantObjects(photoBucket, UPLOADS_PREFIX, ['s3:GetObject', 's3:DeleteObject'], 'the processor reads each original and deletes one it refuses.');
  processor.grantObjects(photoBucket, PUBLIC_PREFIX, ['s3:PutObject'], 'the processor writes the rendition and the thumbnail.');
  // Without ListBucket, S3 answers a read of a missing key with 403 instead of 404 NoSuchKey, and the
  // processor would retry a deleted original (a replayed event) as a failure instead of skipping it as gone.
  // Key names only (report codes and photo ids), no content.
  processor.addToRolePolicy(new PolicyStatement({ sid: 'MissingKeyIs404', actions: ['s3:ListBucket'], resources: [photoBucket.bucketArn] }));
  processor.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(props.failureQueue) });
  photoBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(processor), { prefix: UPLOADS_PREFIX });

  // CDK's singleton handler that writes the bucket's notification configuration (an imported bucket needs it).
  // Its inline policy is scoped to the bucket; only its managed logging policy is a finding.
  const notificationsHandler = Stack.of(scope).node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  if (!notificationsHandler) throw new Error('The bucket notifications handler was not found where CDK puts it');
  Validations.of(notificationsHandler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'CDK-managed singleton (BucketNotificationsHandler) that only configures the photo bucket\'s event ' +
      'notifications at deploy time; its role is made by CDK with this managed policy, which only lets it ' +
      'write its own logs. Its other permissions (Get/PutBucketNotification) name the photo bucket.',
  });
  return processor;
}
