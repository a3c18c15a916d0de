import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
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
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../shared/config/env';
import { FALLBACK_FUNCTION, ROUTES, routeFunctions, type TableAccess } from '../shared/http/routes';
import { STAFF_AUTH_ENV } from '../shared/auth/staff-token';
import { SmsAbuseGuards } from './constructs/sms-abuse';
import { OriginVerify } from './constructs/origin-verify';
import { bindPhoneKeyPepper, phoneKeyPepperSecret } from './constructs/phone-key-pepper';
import { PHOTO_ENV } from '../shared/photos/config';
import { PUBLIC_PREFIX, UPLOADS_PREFIX } from '../shared/photos/photo';
import { apiAlarms } from './constructs/alarms';
import type { AppTable } from './constructs/app-table';
import { citizenNotifier, DEFAULT_SMS_ALARM_PER_HOUR, smsEnvironment, type SmsConfig } from './constructs/citizen-notifier';
import { escalationSchedule } from './constructs/escalation-schedule';
import { importBucket } from './constructs/imports';
import { photoProcessor } from './constructs/photo-processor';
import { OPEN_DATA_FUNCTION, Statistics } from './constructs/statistics';
import { InboundSms, INBOUND_TOPIC_FUNCTION, INBOUND_WEBHOOK_FUNCTION } from './constructs/inbound-sms';
import { AppFunction } from './constructs/lambda-function';
import { staffIssuer, type StaffSignIn } from './constructs/staff-authorizer';

// kept importable from here: app.ts and the tests name them from the stack
export { DEFAULT_SMS_ALARM_PER_HOUR, DEFAULT_SMS_SENDER_ID, type SmsConfig } from './constructs/citizen-notifier';
export { PHOTO_PROCESSOR_CONCURRENCY, SHARP_LAYER_DIR } from './constructs/photo-processor';
export { staffIssuer, staffJwtAuthorizer, type StaffSignIn } from './constructs/staff-authorizer';

export interface ThrottleConfig {
  /** steady-state requests per second for each route */
  readonly rateLimit: number;
  /** short bursts above the rate */
  readonly burstLimit: number;
}

export const DEFAULT_THROTTLE: ThrottleConfig = { rateLimit: 50, burstLimit: 100 };

/** Functions that no route invokes: the table-stream notifier, the photo processor, the scheduled escalation. */
export const BACKGROUND_FUNCTIONS = ['notify-citizen', 'process-photo', 'escalate', 'drain-deferred-sms', 'aggregate-stats', 'export-open-data', INBOUND_TOPIC_FUNCTION] as const;

/**
 * Functions that issue or check citizens' upload tokens (shared/photos/config.ts: uploadTokenSecretsFromEnv), and the
 * two that send citizens' SMS (shared/notify/deployed-notifier.ts), which open the sealed view key of a confidential
 * report with the same secret.
 */
export const UPLOAD_TOKEN_FUNCTIONS = ['create-report', 'create-photo-upload', 'notify-citizen', 'drain-deferred-sms'] as const;

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

    this.notifier = citizenNotifier(this, props);
    this.photoProcessor = photoProcessor(this, { mainTable: props.mainTable, photoBucket, failureQueue: props.failureQueue });
    this.escalation = escalationSchedule(this, props);
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
      uploadTokenSecret: props.uploadTokenSecret,
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
    apiAlarms(this, {
      topic: props.alarmTopic,
      functions: this.functions.values(),
      failureQueue: props.failureQueue,
      api: this.api,
      escalation: this.escalation,
      smsPerHour: props.sms?.alarmPerHour ?? DEFAULT_SMS_ALARM_PER_HOUR,
    });

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
}
