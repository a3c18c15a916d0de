import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
  type CorsRule,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PUBLIC_PREFIX, UPLOADS_PREFIX } from '../shared/photos/photo';
import { IDEMPOTENCY_TABLE, MAIN_TABLE, TABLES } from '../shared/table/definition';
import { functionAlarms } from './constructs/alarms';
import { AppTable } from './constructs/app-table';
import { StaffUserPool } from './constructs/staff-user-pool';
import { phoneKeyPepperSecret } from './constructs/phone-key-pepper';

/** How long photo originals (with their EXIF location and device data) live before only renditions remain. */
export const ORIGINAL_UPLOAD_DAYS = 30;
/** the key layout of shared/photos/photo.ts: originals under one prefix, renditions under the other */
export { PUBLIC_PREFIX, UPLOADS_PREFIX };

/** Length of the generated upload-token key (HMAC-SHA256; shared/photos/upload-token.ts wants 32 or more). */
export const UPLOAD_TOKEN_SECRET_LENGTH = 64;

/**
 * Browser uploads go straight to the bucket (a presigned POST) and views may fetch renditions by presigned GET:
 * both from the configured web origins only. None configured: no CORS rule, so no browser origin may.
 */
function photoCorsRules(origins: string[]): CorsRule[] | undefined {
  if (origins.length === 0) return undefined;
  if (origins.some((origin) => origin.includes('*'))) {
    throw new Error(`allowedOrigins must list exact origins, not wildcards: ${origins.join(', ')}`);
  }
  return [
    {
      allowedOrigins: origins,
      allowedMethods: [HttpMethods.POST, HttpMethods.GET],
      // a form POST is a simple request; a client that preflights sends at most a content type
      allowedHeaders: ['content-type'],
      maxAge: 3600,
    },
  ];
}

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
  /** browser origins that may POST uploads to and GET renditions from the photo bucket (CORS); none by default */
  readonly allowedOrigins?: string[];
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
  /** where every CloudWatch alarm of the service goes; operators subscribe (e-mail, chat) outside CDK */
  readonly alarmTopic: Topic;
  readonly failureQueue: Queue;
  readonly staffUserPool: StaffUserPool;
  /** the HMAC key of the citizens' upload tokens (shared/photos/upload-token.ts) */
  readonly uploadTokenSecret: Secret;
  /** the pepper of the phone-number keys (shared/domain/phone.ts) */
  readonly phoneKeyPepper: Secret;

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
      // UU 27/2022: the private originals are deleted by this rule, whatever the processor did with them.
      lifecycleRules: [
        { id: 'expire-original-uploads', prefix: UPLOADS_PREFIX, expiration: Duration.days(ORIGINAL_UPLOAD_DAYS) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      cors: photoCorsRules(props?.allowedOrigins ?? []),
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

    // Alarms for the operators, apart from the officials' topic: officials subscribe to escalations, and an
    // unfiltered official subscription must never receive an operations alarm (nor the other way round).
    // CloudWatch publishes to an encrypted topic only with the key's permission, hence a key of its own
    // whose policy names the CloudWatch service, and a topic policy allowing alarms of this account.
    const alarmKey = new Key(this, 'AlarmTopicKey', {
      description: 'Si Centang: encrypts the operations alarm topic',
      enableKeyRotation: true,
    });
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    alarmKey.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'OpsAlarms', {
      displayName: 'Si Centang operations',
      masterKey: alarmKey,
      enforceSSL: true,
    });
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

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

    /*
     * The key of the citizens' upload tokens: generated by Secrets Manager, never written anywhere in code or
     * in a template (functions get it by a dynamic reference, resolved by CloudFormation at deploy time).
     * Letters and digits only, since a comma separates "new,old" while rotating.
     */
    this.uploadTokenSecret = new Secret(this, 'UploadTokenSecret', {
      description: 'Si Centang: HMAC key of the citizens\' photo upload tokens ("new,old" while rotating)',
      generateSecretString: {
        passwordLength: UPLOAD_TOKEN_SECRET_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(this.uploadTokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No rotation Lambda: the key only signs upload tokens that live 24 hours, and the handlers accept ' +
        '"new,old", so an operator rotates by putting a new value in front of the old one and deploying, then ' +
        'dropping the old one a day later (README). A rotation function would have to redeploy the functions ' +
        'to take effect, since they receive the value at deploy time.',
    });

    this.phoneKeyPepper = phoneKeyPepperSecret(this);

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
    // the trigger lives here, so its alarms do too
    functionAlarms(this.staffUserPool.preTokenGeneration, this.alarmTopic);
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'Operations alarms: subscribe the on-call e-mail or chat endpoint here',
    });
  }
}
