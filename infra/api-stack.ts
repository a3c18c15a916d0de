import {
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
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ENV } from '../shared/config/env';
import { FALLBACK_FUNCTION, ROUTES, routeFunctions, type TableAccess } from '../shared/http/routes';
import type { AppTable } from './constructs/app-table';
import { AppFunction } from './constructs/lambda-function';

export interface ThrottleConfig {
  /** steady-state requests per second for each route */
  readonly rateLimit: number;
  /** short bursts above the rate */
  readonly burstLimit: number;
}

export const DEFAULT_THROTTLE: ThrottleConfig = { rateLimit: 50, burstLimit: 100 };

/** The officials' user pool and the app client whose tokens the staff routes accept. */
export interface StaffSignIn {
  readonly userPool: IUserPool;
  readonly client: IUserPoolClient;
}

export interface SiCentangApiProps extends StackProps {
  readonly mainTable: AppTable;
  readonly idempotencyTable: AppTable;
  readonly photoBucket: IBucket;
  /** browser origins allowed by CORS; empty (the default) sends no CORS headers at all. Never `*`. */
  readonly allowedOrigins?: string[];
  /** @default DEFAULT_THROTTLE */
  readonly throttle?: ThrottleConfig;
  /**
   * The user pool behind the staff routes: every route with auth 'staff' gets a JWT authorizer for its app
   * client's tokens (see staffJwtAuthorizer).
   */
  readonly staffSignIn?: StaffSignIn;
  /**
   * The authorizer for routes with auth 'staff', when it is not the one made from staffSignIn. Synth fails
   * while a staff route exists and neither is given: a staff route must never go out unauthenticated by omission.
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
  const region = Stack.of(signIn.userPool).region;
  if (Token.isUnresolved(region)) {
    // an environment-agnostic pool would put AWS::Region of the wrong stack into the issuer
    throw new Error('The staff user pool stack needs an explicit region for the JWT issuer');
  }
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${signIn.userPool.userPoolId}`;
  return new HttpJwtAuthorizer('StaffJwtAuthorizer', issuer, {
    authorizerName: 'staff-cognito',
    jwtAudience: [signIn.client.userPoolClientId],
  });
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
  bucket?: 'read' | 'readwrite';
  idempotent: boolean;
}

/** What each function needs, over all its routes: the widest access any of its routes asks for. */
function functionNeeds(): Map<string, FunctionNeeds> {
  const needs = new Map<string, FunctionNeeds>(routeFunctions().map((fn) => [fn, { table: 'none', idempotent: false }]));
  for (const route of ROUTES) {
    const need = needs.get(route.fn)!;
    if (ACCESS_RANK[route.table] > ACCESS_RANK[need.table]) need.table = route.table;
    if (route.bucket === 'readwrite' || (route.bucket === 'read' && need.bucket === undefined)) need.bucket = route.bucket;
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
  readonly functions: ReadonlyMap<string, AppFunction>;

  constructor(scope: Construct, id: string, props: SiCentangApiProps) {
    super(scope, id, props);
    // Strong (Export/ImportValue), stated rather than defaulted: CloudFormation then refuses to delete or
    // replace a table or bucket this API still uses.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    const staffAuthorizer = props.staffAuthorizer ?? (props.staffSignIn && staffJwtAuthorizer(props.staffSignIn));
    const unguarded = ROUTES.find((route) => route.auth === 'staff' && !staffAuthorizer);
    if (unguarded) {
      throw new Error(`Route ${unguarded.method} ${unguarded.path} is a staff route but no staffAuthorizer was given`);
    }

    const functions = new Map<string, AppFunction>();
    for (const [fn, need] of functionNeeds()) {
      const handler = new AppFunction(this, `${pascal(fn)}Function`, { name: fn });
      if (need.table !== 'none') handler.bindTable(props.mainTable, need.table, ENV.tableName);
      if (need.idempotent) handler.bindTable(props.idempotencyTable, 'readwrite', ENV.idempotencyTableName);
      if (need.bucket) handler.bindBucket(props.photoBucket, need.bucket, ENV.bucketName);
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
        authorizer: staff ? staffAuthorizer : new HttpNoneAuthorizer(),
      });
      if (!staff) {
        Validations.of(httpRoute!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public citizen route (auth "public" in the route table): citizens report without an account, ' +
            'identified by phone number and tracking code. Staff routes get the JWT authorizer.',
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
