import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { IDEMPOTENCY_TABLE, MAIN_TABLE, TABLES } from '../shared/table/definition';
import { AppTable } from './constructs/app-table';
import { StaffUserPool } from './constructs/staff-user-pool';

/** How long photo originals (with their EXIF location and device data) live before only renditions remain. */
export const ORIGINAL_UPLOAD_DAYS = 30;
export const UPLOADS_PREFIX = 'uploads/';

/** Where the staff front end lives, for the hosted sign-in's redirects. */
export interface StaffSignInConfig {
  /** @default ['http://localhost:5173/auth/callback'] (a front end under development) */
  readonly callbackUrls?: string[];
  /** @default the origin of each callback URL, or ['http://localhost:5173/'] */
  readonly logoutUrls?: string[];
  /** @default `<stack name>-<account id>`, unique per region as Cognito requires */
  readonly domainPrefix?: string;
}

export interface SiCentangStatefulProps extends StackProps {
  readonly staffSignIn?: StaffSignInConfig;
}

/**
 * Everything that holds data: tables, the photo bucket, the notification topic, the failure queue, and the
 * officials' user pool (with its pre-token-generation trigger, which must live beside it).
 * Kept apart from the stateless stack so functions and routes can be replaced freely while data stays put.
 */
export class SiCentangStateful extends Stack {
  readonly tables: Readonly<Record<string, AppTable>>;
  readonly mainTable: AppTable;
  readonly idempotencyTable: AppTable;
  readonly photoBucket: Bucket;
  readonly accessLogBucket: Bucket;
  readonly notificationTopic: Topic;
  readonly failureQueue: Queue;
  readonly staffUserPool: StaffUserPool;

  constructor(scope: Construct, id: string, props?: SiCentangStatefulProps) {
    super(scope, id, props);
    // S3 delivers access logs under a bucket policy (logging.s3.amazonaws.com) rather than the legacy
    // log-delivery ACL, so the log bucket can keep ACLs disabled. cdk.json does not set the flag yet.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    // every table in the shared definition, so a new table there cannot be forgotten here
    this.tables = Object.fromEntries(TABLES.map((definition) => [definition.id, new AppTable(this, definition)]));
    this.mainTable = this.tables[MAIN_TABLE.id]!;
    this.idempotencyTable = this.tables[IDEMPOTENCY_TABLE.id]!;

    this.accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging only delivers to SSE-S3 target buckets
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // access logs hold client IP addresses: bounded like the function logs, long enough for an inquiry
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.photoBucket = new Bucket(this, 'PhotoBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'photo-bucket/',
      // Not versioned on purpose: originals carry the reporter's location and device data and must really be
      // gone after 30 days; versioning would keep hidden noncurrent copies of them.
      lifecycleRules: [
        { id: 'expire-original-uploads', prefix: UPLOADS_PREFIX, expiration: Duration.days(ORIGINAL_UPLOAD_DAYS) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A customer-managed key: SNS's AWS-managed key cannot be granted to the services (CloudWatch alarms,
    // EventBridge) that may publish escalations later. Rotated yearly.
    const topicKey = new Key(this, 'NotificationTopicKey', {
      description: 'Si Centang: encrypts the official notification topic',
      enableKeyRotation: true,
    });
    this.notificationTopic = new Topic(this, 'NotificationTopic', {
      displayName: 'Si Centang',
      masterKey: topicKey,
      enforceSSL: true,
    });

    // Where stream consumers put records they gave up on (on-failure destination), for an operator to read
    // and redrive. 14 days, the maximum, so a long weekend or holiday does not lose anything.
    this.failureQueue = new Queue(this, 'FailureQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter (on-failure) destination; nothing consumes it automatically, so ' +
        'no message can exceed a receive count and a dead-letter queue behind it would stay empty.',
    });

    const signIn = props?.staffSignIn ?? {};
    const callbackUrls = signIn.callbackUrls ?? ['http://localhost:5173/auth/callback'];
    this.staffUserPool = new StaffUserPool(this, 'StaffUserPool', {
      callbackUrls,
      logoutUrls: signIn.logoutUrls ?? [...new Set(callbackUrls.map((url) => `${new URL(url).origin}/`))],
      domainPrefix: signIn.domainPrefix ?? `${this.stackName.toLowerCase()}-${Aws.ACCOUNT_ID}`,
    });
    new CfnOutput(this, 'StaffSignInUrl', {
      value: this.staffUserPool.domain.baseUrl(),
      description: 'Hosted sign-in (managed login) of the officials: authorization code + PKCE',
    });
  }
}
