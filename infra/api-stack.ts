import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Aws,
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  Token,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnFunction, Code, FilterCriteria, LayerVersion, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type CorsPreflightOptions,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../shared/config/env';
import { ESCALATION_ENV } from '../shared/escalation/config';
import { FALLBACK_FUNCTION, ROUTES, routeFunctions, type TableAccess } from '../shared/http/routes';
import { STAFF_AUTH_ENV } from '../shared/auth/staff-token';
import { DEFAULT_SMS_DAILY_CAP, DEFAULT_SMS_REGION, NOTIFY_ENV } from '../shared/notify/config';
import { NOTIFY_STREAM_FILTER } from '../shared/notify/stream-filter';
import { SmsAbuseGuards } from './constructs/sms-abuse';
import { OriginVerify } from './constructs/origin-verify';
import { bindPhoneKeyPepper, phoneKeyPepperSecret } from './constructs/phone-key-pepper';
import { PHOTO_ENV } from '../shared/photos/config';
import { PUBLIC_PREFIX, UPLOADS_PREFIX } from '../shared/photos/photo';
import { ALARM_PERIOD, functionAlarms, opsAlarm, serviceMetric } from './constructs/alarms';
import type { AppTable } from './constructs/app-table';
import { importBucket } from './constructs/imports';
import { OPEN_DATA_FUNCTION, Statistics } from './constructs/statistics';
import { InboundSms, INBOUND_TOPIC_FUNCTION, INBOUND_WEBHOOK_FUNCTION } from './constructs/inbound-sms';
import { AppFunction, ARCHITECTURE, bundledJurisdiction, PROJECT_ROOT, RUNTIME } from './constructs/lambda-function';

export interface ThrottleConfig {
  /** steady-state requests per second for each route */
  readonly rateLimit: number;
  /** short bursts above the rate */
  readonly burstLimit: number;
}

export const DEFAULT_THROTTLE: ThrottleConfig = { rateLimit: 50, burstLimit: 100 };

/** How the notifier sends SMS (shared/notify/config.ts reads these as SMS_REGION, SMS_SENDER_ID, SMS_DAILY_CAP). */
export interface SmsConfig {
  /** @default DEFAULT_SMS_REGION (ap-southeast-1): SNS does not send SMS from every region */
  readonly region?: string;
  /** @default 'SICENTANG' */
  readonly senderId?: string;
  /** SMS per number per day @default DEFAULT_SMS_DAILY_CAP (20) */
  readonly dailyCap?: number;
  /** SmsSent per hour above which the SMS-volume alarm fires (SMS pumping) @default 500 */
  readonly alarmPerHour?: number;
  /** the account's SNS monthly SMS spend limit; an alarm fires at 80 % @default 100 */
  readonly monthlySpendLimitUsd?: number;
}

export const DEFAULT_SMS_SENDER_ID = 'SICENTANG';
export const DEFAULT_SMS_ALARM_PER_HOUR = 500;

/** The SMS settings of every function that texts citizens (the stream notifier and the deferral drain). */
function smsEnvironment(sms: SmsConfig): Record<string, string> {
  return {
    [NOTIFY_ENV.smsRegion]: sms.region ?? DEFAULT_SMS_REGION,
    [NOTIFY_ENV.smsSenderId]: sms.senderId ?? DEFAULT_SMS_SENDER_ID,
    [NOTIFY_ENV.smsDailyCap]: String(sms.dailyCap ?? DEFAULT_SMS_DAILY_CAP),
  };
}

/** Photo processor runs at once, at most: reserved, so a flood of uploads cannot starve the API. */
export const PHOTO_PROCESSOR_CONCURRENCY = 5;

/** Functions that no route invokes: the table-stream notifier, the photo processor, the scheduled escalation. */
export const BACKGROUND_FUNCTIONS = ['notify-citizen', 'process-photo', 'escalate', 'drain-deferred-sms', 'aggregate-stats', 'export-open-data', INBOUND_TOPIC_FUNCTION] as const;

/** Where the photo processor's layer is built by `npm install` (scripts/build-sharp-layer.mjs). */
export const SHARP_LAYER_DIR = join(PROJECT_ROOT, '.cache', 'sharp-layer');

/**
 * Functions that issue or check citizens' upload tokens (shared/photos/config.ts: uploadTokenSecretsFromEnv), and the
 * notifier, which opens the sealed view key of a confidential report with the same secret.
 */
export const UPLOAD_TOKEN_FUNCTIONS = ['create-report', 'create-photo-upload', 'notify-citizen'] as const;

/** The officials' user pool and the app client whose tokens the staff routes accept. */
export interface StaffSignIn {
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;
}

export interface SiCentangApiProps extends StackProps {
  readonly mainTable: AppTable;
  readonly idempotencyTable: AppTable;
  /** imported into this stack by explicitly named exports (see importBucket) */
  readonly photoBucket: IBucket;
  /** escalation digests to officials */
  readonly notificationTopic: ITopic;
  /** every alarm of this stack */
  readonly alarmTopic: ITopic;
  /** on-failure destination of the notifier's stream and the photo processor's asynchronous invocations */
  readonly failureQueue: IQueue;
  /** HMAC key of the citizens' upload tokens */
  readonly uploadTokenSecret: ISecret;
  /** pepper of the phone-number keys; every function gets to read it @default a retained secret of this stack */
  readonly phoneKeyPepper?: ISecret;
  /**
   * Refuse requests that did not come through CloudFront: every route function checks the origin-verify header
   * (see `originVerify`, whose header value the distribution sends). Off until a distribution fronts the API.
   * @default false
   */
  readonly requireOriginHeader?: boolean;
  /** @default region ap-southeast-1, sender ID SICENTANG, 20 a day, alarm above 500 an hour */
  readonly sms?: SmsConfig;
  /** browser origins allowed by CORS; empty (the default) sends no CORS headers at all. Never `*`. */
  readonly allowedOrigins?: string[];
  /** @default DEFAULT_THROTTLE */
  readonly throttle?: ThrottleConfig;
  /**
   * The user pool behind the staff routes: every function of a route with auth 'staff' verifies its app client's
   * access tokens itself (STAFF_JWT_ISSUER, STAFF_CLIENT_ID; shared/auth/staff-token.ts).
   */
  readonly staffSignIn?: StaffSignIn;
  /**
   * An authorizer to put in front of the routes with auth 'staff' as well (staffJwtAuthorizer makes one from a
   * pool). Synth fails while a staff route exists and neither this nor staffSignIn is given: a staff route must
   * never go out unauthenticated by omission.
   */
  readonly staffAuthorizer?: IHttpRouteAuthorizer;
}

/**
 * API Gateway's own JWT check of a Cognito token: signature (the pool's JWKS), issuer, expiry, and audience.
 * Cognito ACCESS tokens carry no `aud`, only `client_id`; the HTTP API JWT authorizer compares `client_id` with
 * the audience list when `aud` is absent, so access tokens of this client pass and tokens of any other client
 * of the pool do not. An ID token of the same client passes too, by its `aud`, and carries the same group and
 * custom claims; the front end sends the access token, the one the pre-token-generation trigger is for.
 * The check is offline: a token revoked at sign-out still passes until it expires (1 hour, see the app client).
 */
export function staffJwtAuthorizer(signIn: StaffSignIn): HttpJwtAuthorizer {
  return new HttpJwtAuthorizer('StaffJwtAuthorizer', staffIssuer(signIn), {
    authorizerName: 'staff-cognito',
    jwtAudience: [signIn.client.userPoolClientId],
  });
}

/** The issuer of the staff pool's tokens, which the staff functions check themselves (shared/auth/staff-token.ts). */
export function staffIssuer(signIn: StaffSignIn): string {
  const region = Stack.of(signIn.userPool).region;
  if (Token.isUnresolved(region)) {
    // an environment-agnostic pool would put AWS::Region of the wrong stack into the issuer
    throw new Error('The staff user pool stack needs an explicit region for the JWT issuer');
  }
  return `https://cognito-idp.${region}.amazonaws.com/${signIn.userPool.userPoolId}`;
}

/*
 * One JSON line per request, for tracing a complaint ("my report failed at 10:02") without keeping personal
 * data: no path, query string, body, headers or user agent, because paths and queries can carry tracking
 * codes and phone numbers. requestId matches the functions' own logs.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
};

const ACCESS_RANK: Record<TableAccess, number> = { none: 0, read: 1, readwrite: 2 };

interface FunctionNeeds {
  table: TableAccess;
  /** `bucket: 'read'` in the route table: the view signs GETs of renditions (public/) */
  signsRenditionGets: boolean;
  /** `bucket: 'readwrite'`: the grant signs presigned POSTs of originals (uploads/) */
  signsUploadPosts: boolean;
  idempotent: boolean;
}

/**
 * What each function needs, over all its routes: the widest table access any of its routes asks for, and each
 * kind of bucket use any of them has (kept apart: a function with both keeps both, each on its own prefix).
 */
function functionNeeds(): Map<string, FunctionNeeds> {
  const needs = new Map<string, FunctionNeeds>(
    routeFunctions().map((fn) => [
      fn,
      { table: 'none', signsRenditionGets: false, signsUploadPosts: false, idempotent: false },
    ]),
  );
  for (const route of ROUTES) {
    const need = needs.get(route.fn)!;
    if (ACCESS_RANK[route.table] > ACCESS_RANK[need.table]) need.table = route.table;
    need.signsRenditionGets ||= route.bucket === 'read';
    need.signsUploadPosts ||= route.bucket === 'readwrite';
    need.idempotent ||= route.idempotent === true;
  }
  return needs;
}

/** `create-report` → `CreateReport` */
const pascal = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

function corsOptions(origins: string[], methods: CorsHttpMethod[]): CorsPreflightOptions | undefined {
  if (origins.length === 0) return undefined;
  if (origins.some((origin) => origin.includes('*'))) {
    throw new Error(`allowedOrigins must list exact origins, not wildcards: ${origins.join(', ')}`);
  }
  return {
    allowOrigins: origins,
    allowMethods: methods,
    allowHeaders: ['content-type', 'idempotency-key', 'authorization'],
    maxAge: Duration.hours(1),
  };
}

/**
 * The stateless side: the HTTP API and its functions, both generated from the route table in
 * shared/http/routes.ts (the same table the local HTTP adapter routes with).
 */
export class SiCentangApi extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** every AppFunction of this stack: route functions and background functions, by name */
  readonly functions: ReadonlyMap<string, AppFunction>;
  readonly notifier: AppFunction;
  /** the header CloudFront must send (when requireOriginHeader): name and secret value for originCustomHeaders */
  readonly originVerify?: OriginVerify;
  readonly photoProcessor: AppFunction;
  readonly escalation: AppFunction;

  constructor(scope: Construct, id: string, props: SiCentangApiProps) {
    super(scope, id, props);
    // Strong (Export/ImportValue), stated rather than defaulted: CloudFormation then refuses to delete or
    // replace a table or bucket this API still uses.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    /*
     * Staff functions check the pool's access tokens themselves (aws-jwt-verify), because API Gateway's JWT
     * authorizer answers a 401 body of its own that cannot be made problem+json like every other refusal. An
     * authorizer given in staffAuthorizer still runs in front (the functions then take the claims it hands over).
     */
    const staffAuthorizer = props.staffAuthorizer;
    const unguarded = ROUTES.find((route) => route.auth === 'staff' && !staffAuthorizer && !props.staffSignIn);
    if (unguarded) {
      throw new Error(`Route ${unguarded.method} ${unguarded.path} is a staff route but no staffSignIn or staffAuthorizer was given`);
    }
    const staffFunctions = new Set(ROUTES.filter((route) => route.auth === 'staff').map((route) => route.fn));

    // The bucket by named imports: grants, the event notification and its custom resource all live in this
    // stack, and the stateful stack never refers back (no cycle).
    const photoBucket = importBucket(this, 'PhotoBucketRef', props.photoBucket);
    // Secrets are read through the SDK at cold start: the configuration holds only their ARNs, so
    // lambda:GetFunctionConfiguration shows no key.

    const functions = new Map<string, AppFunction>();
    for (const [fn, need] of functionNeeds()) {
      const handler = new AppFunction(this, `${pascal(fn)}Function`, { name: fn });
      if (need.table !== 'none') handler.bindMainTable(props.mainTable, ENV.tableName);
      if (need.idempotent) handler.bindTable(props.idempotencyTable, 'readwrite', ENV.idempotencyTableName);
      if (need.signsRenditionGets || need.signsUploadPosts) handler.bindBucketName(photoBucket, ENV.bucketName);
      if (need.signsRenditionGets) {
        handler.grantObjects(
          photoBucket,
          PUBLIC_PREFIX,
          ['s3:GetObject'],
          'the view signs short-lived GET URLs of the renditions, which are signed with this role.',
        );
      }
      if (need.signsUploadPosts) {
        handler.grantObjects(
          photoBucket,
          UPLOADS_PREFIX,
          ['s3:PutObject'],
          'the presigned POST of one original is signed with this role; the POST policy pins the exact key.',
        );
      }
      if ((UPLOAD_TOKEN_FUNCTIONS as readonly string[]).includes(fn)) {
        props.uploadTokenSecret.grantRead(handler);
        handler.addEnvironment(`${PHOTO_ENV.uploadTokenSecret}_ARN`, props.uploadTokenSecret.secretArn);
      }
      if (staffFunctions.has(fn) && props.staffSignIn) {
        handler.addEnvironment(STAFF_AUTH_ENV.issuer, staffIssuer(props.staffSignIn));
        handler.addEnvironment(STAFF_AUTH_ENV.clientId, props.staffSignIn.client.userPoolClientId);
      }
      functions.set(fn, handler);
    }
    this.functions = functions;
    // one integration per function, shared by its routes (each route still gets its own invoke permission)
    const integrations = new Map(
      [...functions].map(([fn, handler]) => [fn, new HttpLambdaIntegration(`${pascal(fn)}Integration`, handler)]),
    );

    const methods = [...new Set(ROUTES.map((route) => route.method))].map((method) => CorsHttpMethod[method]);
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: this.stackName,
      description: 'Si Centang: citizen reports for DPUPR',
      corsPreflight: corsOptions(props.allowedOrigins ?? [], methods),
      // the default stage is made below, with access logging and throttling
      createDefaultStage: false,
    });

    // Unknown paths and wrong methods reach the fallback function and get the same problem+json 404/405
    // as locally, instead of API Gateway's own {"message":"Not Found"}.
    const defaultRoute = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integrations.get(FALLBACK_FUNCTION)!,
      authorizer: new HttpNoneAuthorizer(),
    });
    Validations.of(defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The $default route is public on purpose: it only answers unmatched requests with 404/405 problems ' +
        'and reads no data.',
    });

    for (const route of ROUTES) {
      const staff = route.auth === 'staff';
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations.get(route.fn)!,
        // explicit None, so a default authorizer added later cannot silently lock citizens out
        authorizer: staff && staffAuthorizer ? staffAuthorizer : new HttpNoneAuthorizer(),
      });
      if (staff && !staffAuthorizer) {
        Validations.of(httpRoute!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Staff route: the function verifies the Cognito access token itself (aws-jwt-verify: signature, issuer, ' +
            'expiry, token_use "access", client_id) before anything else runs, so a refusal is a problem+json 401 ' +
            'like every other error instead of the JWT authorizer\'s fixed body.',
        });
      }
      if (!staff) {
        Validations.of(httpRoute!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public citizen route (auth "public" in the route table): citizens report without an account, ' +
            'identified by phone number and tracking code. Staff functions verify the staff access token.',
        });
      }
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    const throttle = props.throttle ?? DEFAULT_THROTTLE;
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // per route: one noisy client cannot exhaust Lambda concurrency or the DynamoDB budget
      throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    this.notifier = this.notifierFunction(props);
    this.photoProcessor = this.photoProcessorFunction(props, photoBucket);
    this.escalation = this.escalationFunction(props);
    functions.set('notify-citizen', this.notifier);
    functions.set('process-photo', this.photoProcessor);
    functions.set('escalate', this.escalation);
    // two-way SMS: the inbound topic's subscriber, and the webhook's secret
    const inbound = new InboundSms(this, 'InboundSms', { table: props.mainTable, failureQueue: props.failureQueue, webhook: functions.get(INBOUND_WEBHOOK_FUNCTION)! });
    functions.set(INBOUND_TOPIC_FUNCTION, inbound.subscriber);
    const smsGuards = new SmsAbuseGuards(this, 'SmsAbuseGuards', {
      mainTable: props.mainTable,
      alarmTopic: props.alarmTopic,
      notifierEnvironment: smsEnvironment(props.sms ?? {}),
      ...(props.sms?.monthlySpendLimitUsd !== undefined && { monthlySpendLimitUsd: props.sms.monthlySpendLimitUsd }),
    });
    functions.set('drain-deferred-sms', smsGuards.drain);
    const statistics = new Statistics(this, 'Statistics', {
      mainTable: props.mainTable,
      failureQueue: props.failureQueue,
      bucket: photoBucket,
      openDataFunction: functions.get(OPEN_DATA_FUNCTION)!,
    });
    functions.set('aggregate-stats', statistics.aggregator);
    functions.set('export-open-data', statistics.openDataExport);
    // every function may derive a phone key (reports by number, quotas, SMS counters)
    const pepper = props.phoneKeyPepper ?? phoneKeyPepperSecret(this);
    for (const fn of functions.values()) bindPhoneKeyPepper(pepper, fn);
    if (props.requireOriginHeader) {
      this.originVerify = new OriginVerify(this, 'OriginVerify');
      for (const fn of routeFunctions()) this.originVerify.bind(functions.get(fn)!);
    }
    this.alarms(props);

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the Si Centang HTTP API' });
    if (props.staffSignIn) {
      // what a staff front end is configured with, next to the API URL
      new CfnOutput(this, 'StaffUserPoolId', {
        value: props.staffSignIn.userPool.userPoolId,
        description: 'Cognito user pool of the officials (staff routes)',
      });
      new CfnOutput(this, 'StaffUserPoolClientId', {
        value: props.staffSignIn.client.userPoolClientId,
        description: 'App client whose access tokens the staff routes accept',
      });
    }
  }

  /**
   * Table stream → citizen SMS. Only history events flagged `notify` reach the function (the event
   * filter from shared/notify/stream-filter.ts, the one the local runner applies too). Partial batch response,
   * bisect on error, bounded retries and record age; what still fails goes to the failure queue.
   */
  private notifierFunction(props: SiCentangApiProps): AppFunction {
    const sms = props.sms ?? {};
    const notifier = new AppFunction(this, 'NotifyCitizenFunction', {
      name: 'notify-citizen',
      memorySize: 512,
      // One Publish waits at most SMS_PUBLISH_TIMEOUT_MS (10 s) and records are handled one after another, so
      // only a batch of very slow publishes outlasts this; it then fails and is bisected (sends are idempotent).
      timeout: Duration.seconds(60),
      environment: smsEnvironment(sms),
    });
    notifier.bindMainTable(props.mainTable, ENV.tableName);
    // opens the sealed view key of a confidential report for its receipt SMS: read at cold start, never an env value
    props.uploadTokenSecret.grantRead(notifier);
    notifier.addEnvironment(`${PHOTO_ENV.uploadTokenSecret}_ARN`, props.uploadTokenSecret.secretArn);
    notifier.addEventSource(
      new DynamoEventSource(props.mainTable, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        // one batch per shard at a time: events of one report (same partition, same shard) stay in order
        parallelizationFactor: 1,
        onFailure: new SqsDlq(props.failureQueue),
        filters: [FilterCriteria.filter(NOTIFY_STREAM_FILTER)],
      }),
    );
    /*
     * SMS straight to a phone number: SNS has no ARN for a number, so Publish and the opt-out check can only be
     * granted on "*". The Deny takes topics and platform endpoints (every SNS ARN) out of that "*": this role can
     * text a citizen and do nothing else with SNS.
     */
    const smsPolicy = new Policy(this, 'NotifyCitizenSmsPolicy', {
      statements: [
        new PolicyStatement({
          sid: 'SmsToPhoneNumbers',
          actions: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'],
          resources: ['*'],
        }),
        new PolicyStatement({
          sid: 'NoTopicsOrEndpoints',
          effect: Effect.DENY,
          actions: ['sns:Publish'],
          resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
        }),
      ],
    });
    smsPolicy.attachToRole(notifier.role!);
    Validations.of(smsPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish to a phone number and sns:CheckIfPhoneNumberIsOptedOut act on phone numbers, which have no ' +
        'ARN: IAM only accepts "*" for them. An explicit Deny of sns:Publish on every SNS ARN in the same ' +
        'policy keeps this role from publishing to any topic or endpoint.',
    });
    return notifier;
  }

  /**
   * S3 upload → photo processor. sharp comes from a layer built for linux-arm64 at `npm install`;
   * the bundle leaves it external. Asynchronous invocations: 2 retries within 6 hours, then the failure queue.
   */
  private photoProcessorFunction(props: SiCentangApiProps, photoBucket: IBucket): AppFunction {
    if (!existsSync(join(SHARP_LAYER_DIR, 'nodejs', 'node_modules', 'sharp', 'package.json'))) {
      throw new Error(
        `The sharp layer is missing in ${SHARP_LAYER_DIR}: run \`node scripts/build-sharp-layer.mjs\` ` +
          '(npm install runs it; it needs the npm registry once), then synthesize again',
      );
    }
    const sharpLayer = new LayerVersion(this, 'SharpLayer', {
      code: Code.fromAsset(SHARP_LAYER_DIR),
      compatibleArchitectures: [ARCHITECTURE],
      compatibleRuntimes: [RUNTIME],
      description: 'sharp with prebuilt libvips for linux-arm64 (glibc), pinned by package.json',
    });
    const processor = new AppFunction(this, 'ProcessPhotoFunction', {
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
    processor.grantObjects(
      photoBucket,
      UPLOADS_PREFIX,
      ['s3:GetObject', 's3:DeleteObject'],
      'the processor reads each original and deletes one it refuses.',
    );
    processor.grantObjects(
      photoBucket,
      PUBLIC_PREFIX,
      ['s3:PutObject'],
      'the processor writes the rendition and the thumbnail.',
    );
    // Without ListBucket, S3 answers a read of a missing key with 403 instead of 404 NoSuchKey, and the
    // processor would retry a deleted original (a replayed event) as a failure instead of skipping it as gone.
    // Key names only (report codes and photo ids), no content.
    processor.addToRolePolicy(
      new PolicyStatement({ sid: 'MissingKeyIs404', actions: ['s3:ListBucket'], resources: [photoBucket.bucketArn] }),
    );
    processor.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(props.failureQueue),
    });
    photoBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(processor), { prefix: UPLOADS_PREFIX });

    // CDK's singleton handler that writes the bucket's notification configuration (an imported bucket needs it).
    // Its inline policy is scoped to the bucket; only its managed logging policy is a finding.
    const notificationsHandler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
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

  /**
   * The scheduled escalation: every `escalation.scheduleMinutes` of the jurisdiction (read at synth),
   * no retries (the next run carries on; overlapping runs are safe but pointless), digests to the officials'
   * topic.
   */
  private escalationFunction(props: SiCentangApiProps): AppFunction {
    const escalation = new AppFunction(this, 'EscalateFunction', {
      name: 'escalate',
      // the run pages through the overdue index and stops ESCALATION_SAFETY_MARGIN_MS before this
      timeout: Duration.minutes(5),
      environment: { [ESCALATION_ENV.topicArn]: props.notificationTopic.topicArn },
    });
    escalation.bindMainTable(props.mainTable, ENV.tableName);
    // with kms:Decrypt and kms:GenerateDataKey* on the topic's key
    props.notificationTopic.grantPublish(escalation);
    Validations.of(escalation.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason:
        'Publishing to the KMS-encrypted notification topic needs kms:GenerateDataKey* (GenerateDataKey and its ' +
        'WithoutPlaintext variant), granted by topic.grantPublish on that one key only.',
    });
    const minutes = bundledJurisdiction(this).config.escalation.scheduleMinutes;
    new Rule(this, 'EscalationSchedule', {
      description: `Si Centang: escalation and auto-close run every ${minutes} minutes`,
      schedule: Schedule.rate(Duration.minutes(minutes)),
      targets: [new LambdaFunction(escalation, { retryAttempts: 0 })],
    });
    return escalation;
  }

  /** Operations alarms, all to the alarm topic. */
  private alarms(props: SiCentangApiProps): void {
    const topic = props.alarmTopic;
    for (const fn of this.functions.values()) functionAlarms(fn, topic);

    opsAlarm(this, 'FailureQueueAlarm', topic, {
      metric: props.failureQueue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: Stats.MAXIMUM,
      }),
      threshold: 1,
      description:
        'The failure queue holds messages: an SMS or a photo was given up on after its retries. Read them and ' +
        'redrive (README, Operations).',
    });
    opsAlarm(this, 'Api5xxAlarm', topic, {
      metric: this.api.metricServerError({ period: ALARM_PERIOD, statistic: Stats.SUM }),
      threshold: 1,
      description: 'The HTTP API answered with a 5xx in the last 5 minutes: no route should ever do that',
    });

    const minutes = bundledJurisdiction(this).config.escalation.scheduleMinutes;
    opsAlarm(this, 'EscalationIncompleteAlarm', topic, {
      metric: serviceMetric('EscalationRunIncomplete', Duration.minutes(minutes)),
      threshold: 1,
      description:
        'An escalation run stopped at its time budget with overdue reports left (EscalationRunIncomplete): the ' +
        'next run carries on, but a backlog is building up',
    });
    // A run that never starts emits no metric at all: alarm on missing invocations too, over three schedule
    // periods but at least an hour (EventBridge may skip one now and then).
    const silentMinutes = Math.min(1440, Math.max(60, minutes * 3));
    opsAlarm(this, 'EscalationNotRunningAlarm', topic, {
      metric: this.escalation.metricInvocations({ period: Duration.minutes(silentMinutes), statistic: Stats.SUM }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
      description: `The escalation function was not invoked for ${silentMinutes} minutes: its schedule is off or broken`,
    });

    const perHour = props.sms?.alarmPerHour ?? DEFAULT_SMS_ALARM_PER_HOUR;
    opsAlarm(this, 'SmsVolumeAlarm', topic, {
      metric: serviceMetric('SmsSent', Duration.hours(1)),
      threshold: perHour,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description:
        `More than ${perHour} SMS sent in an hour: possible SMS pumping through report creation; ` +
        'check the sources',
    });
  }
}
