/**
 * The synthesized templates, checked against the shared definitions they are generated from (route table,
 * table definition), plus cdk-nag's AwsSolutions pack. Bundling is skipped with the standard CDK context
 * `aws:cdk:bundling-stacks: []` (placeholder assets instead of esbuild runs), so this file takes seconds.
 */
import { STAFF_AUTH_ENV } from '../../shared/auth/staff-token';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BACKGROUND_FUNCTIONS,
  UPLOAD_TOKEN_FUNCTIONS,
  type SiCentangApiProps,
} from '../../infra/api-stack';
import { bundledJurisdiction, PROJECT_ROOT } from '../../infra/constructs/lambda-function';
import { OPEN_DATA_FUNCTION } from '../../infra/constructs/statistics';
import { OPEN_DATA_PREFIX } from '../../shared/open-data/service';
import { STAFF_GROUPS, STAFF_SCOPE_ATTRIBUTES } from '../../infra/constructs/staff-user-pool';
import {
  PUBLIC_PREFIX,
  SiCentangStateful,
  UPLOAD_TOKEN_SECRET_LENGTH,
  UPLOADS_PREFIX,
  type SiCentangStatefulProps,
} from '../../infra/stateful-stack';
import { ENV } from '../../shared/config/env';
import { SHIPPED_MARK } from '../../shared/config/jurisdiction-file';
import { createLocator } from '../../shared/location/locator';
import { ESCALATION_ENV } from '../../shared/escalation/config';
import { FALLBACK_FUNCTION, ROUTES, routeFunctions } from '../../shared/http/routes';
import { PHOTO_ENV } from '../../shared/photos/config';
import { MAIN_TABLE, TABLES, type TableDefinition } from '../../shared/table/definition';
import { buildStacks } from '../support/infra-stacks';
import { appFunctions, flat, functionId, list, ofType, roleStatements, s3Grants, type Resource } from '../support/infra-template';

const env = { region: 'ap-southeast-3' };

function build(options: { context?: Record<string, unknown>; api?: Partial<SiCentangApiProps>; stateful?: Partial<SiCentangStatefulProps> } = {}) {
  return buildStacks(options);
}

const PHOTO_BUCKET_ARN_IMPORT = 'import:SiCentangStateful-PhotoBucketArn';

describe('infra', () => {
  let app: App;
  let stateful: Template;
  let api: Template;

  beforeAll(() => {
    const built = build();
    app = built.app;
    stateful = Template.fromStack(built.stateful);
    api = Template.fromStack(built.api);
  });

  describe('stateful stack', () => {
    const tableFor = (definition: TableDefinition): Resource => {
      const found = ofType(stateful, 'AWS::DynamoDB::GlobalTable').filter(([id]) => id.startsWith(definition.id));
      expect(found, `one table for ${definition.id}`).toHaveLength(1);
      return found[0]![1];
    };

    it('has exactly one table per shared table definition', () => {
      expect(ofType(stateful, 'AWS::DynamoDB::GlobalTable')).toHaveLength(TABLES.length);
    });

    it.each(TABLES.map((definition) => [definition.id, definition] as const))(
      'builds %s from its definition: keys, indexes, stream, TTL, PITR, deletion protection',
      (_id, definition) => {
        const table = tableFor(definition);
        const props = table.Properties;
        const keys = Object.fromEntries(props.KeySchema.map((k: any) => [k.KeyType, k.AttributeName]));
        expect(keys).toEqual({ HASH: definition.partitionKey, ...(definition.sortKey && { RANGE: definition.sortKey }) });

        const indexes = (props.GlobalSecondaryIndexes ?? []).map((index: any) => {
          const key = Object.fromEntries(index.KeySchema.map((k: any) => [k.KeyType, k.AttributeName]));
          const projection =
            index.Projection.ProjectionType === 'INCLUDE' ? { type: 'INCLUDE', attributes: index.Projection.NonKeyAttributes } : { type: index.Projection.ProjectionType };
          return { name: index.IndexName, partitionKey: key.HASH, sortKey: key.RANGE, projection };
        });
        const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
        expect(indexes.sort(byName)).toEqual([...definition.indexes].sort(byName));
        // "every GSI key attribute is a string"
        for (const attribute of props.AttributeDefinitions) expect(attribute.AttributeType).toBe('S');

        if (definition.stream) expect(props.StreamSpecification).toEqual({ StreamViewType: definition.stream });
        else expect(props.StreamSpecification).toBeUndefined();
        if (definition.timeToLiveAttribute) {
          expect(props.TimeToLiveSpecification).toEqual({ AttributeName: definition.timeToLiveAttribute, Enabled: true });
        }
        expect(props.BillingMode).toBe('PAY_PER_REQUEST');
        expect(props.SSESpecification).toMatchObject({ SSEEnabled: true });
        expect(props.Replicas).toHaveLength(1);
        expect(props.Replicas[0]).toMatchObject({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        });
        expect(table.DeletionPolicy).toBe('Retain');
      },
    );

    it('main table indexes in the template are exactly MAIN_TABLE.indexes', () => {
      const names = tableFor(MAIN_TABLE).Properties.GlobalSecondaryIndexes.map((index: any) => index.IndexName);
      expect(names.sort()).toEqual(MAIN_TABLE.indexes.map((index) => index.name).sort());
    });

    it('every bucket blocks public access, is encrypted and retained', () => {
      const buckets = ofType(stateful, 'AWS::S3::Bucket');
      expect(buckets.length).toBeGreaterThanOrEqual(2);
      for (const [, bucket] of buckets) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption).toBeDefined();
        expect(bucket.DeletionPolicy).toBe('Retain');
      }
    });

    it('every bucket policy refuses requests without TLS', () => {
      const buckets = ofType(stateful, 'AWS::S3::Bucket').map(([id]) => id);
      const policies = ofType(stateful, 'AWS::S3::BucketPolicy');
      for (const bucket of buckets) {
        const policy = policies.find(([, p]) => p.Properties.Bucket?.Ref === bucket);
        expect(policy, `policy of ${bucket}`).toBeDefined();
        expect(policy![1].Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
      }
    });

    it('photo bucket logs access to the log bucket and expires originals after 30 days', () => {
      stateful.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogBucket') } },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Prefix: UPLOADS_PREFIX, ExpirationInDays: 30, Status: 'Enabled' }),
          ]),
        },
      });
    });

    it('notification topic is KMS-encrypted with a rotated key and TLS-only', () => {
      stateful.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotificationTopicKey'), 'Arn'] },
      });
      stateful.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('failure queue is encrypted and TLS-only', () => {
      stateful.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
      stateful.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    describe('staff user pool', () => {
      const pool = (): Resource => {
        const pools = ofType(stateful, 'AWS::Cognito::UserPool');
        expect(pools).toHaveLength(1);
        return pools[0]![1];
      };
      const client = (): Resource => {
        const clients = ofType(stateful, 'AWS::Cognito::UserPoolClient');
        expect(clients).toHaveLength(1);
        return clients[0]![1];
      };

      it('lets only administrators create accounts, signs in by email, and is retained', () => {
        const { Properties: props, DeletionPolicy } = pool();
        expect(props.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
        expect(props.UsernameAttributes).toEqual(['email']);
        expect(props.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
        expect(props.DeletionProtection).toBe('ACTIVE');
        expect(DeletionPolicy).toBe('Retain');
      });

      it('requires MFA with TOTP only, never SMS', () => {
        const { Properties: props } = pool();
        expect(props.MfaConfiguration).toBe('ON');
        expect(props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
        expect(props.SmsConfiguration).toBeUndefined();
      });

      it('has a strong password policy', () => {
        expect(pool().Properties.Policies.PasswordPolicy).toMatchObject({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        });
      });

      it('is on the PLUS plan with threat protection enforced and its actions stated', () => {
        const { Properties: props } = pool();
        expect(props.UserPoolTier).toBe('PLUS');
        expect(props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
        stateful.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
          ClientId: 'ALL',
          CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
          AccountTakeoverRiskConfiguration: {
            Actions: Match.objectLike({ HighAction: Match.objectLike({ EventAction: 'BLOCK' }) }),
          },
        });
      });

      it('has exactly the four staff groups', () => {
        const groups = ofType(stateful, 'AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName);
        expect(groups.sort()).toEqual(['admin', 'district', 'officer', 'triage']);
        expect([...STAFF_GROUPS].sort()).toEqual(groups);
      });

      it('has the custom attributes unit and district, mutable strings', () => {
        const schema = pool().Properties.Schema as { Name: string; AttributeDataType?: string; Mutable?: boolean }[];
        for (const name of STAFF_SCOPE_ATTRIBUTES) {
          expect(schema.find((attribute) => attribute.Name === name)).toMatchObject({
            AttributeDataType: 'String',
            Mutable: true,
          });
        }
      });

      it('gives the app client no write access to custom:unit, custom:district or email', () => {
        const writable = client().Properties.WriteAttributes as string[] | undefined;
        // an absent list would mean the service default, so the list must be stated
        expect(writable).toBeDefined();
        expect(writable!.length).toBeGreaterThan(0);
        for (const name of [...STAFF_SCOPE_ATTRIBUTES.map((attribute) => `custom:${attribute}`), 'email']) {
          expect(writable).not.toContain(name);
        }
        expect(writable!.filter((attribute) => attribute.startsWith('custom:'))).toEqual([]);
      });

      it('has a public app client: code flow only, SRP, 1 h tokens, 30 d refresh, revocation, no user enumeration', () => {
        const { Properties: props } = client();
        expect(props.GenerateSecret).toBe(false);
        expect(props.AllowedOAuthFlows).toEqual(['code']);
        expect(props.ExplicitAuthFlows.sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
        expect(props.SupportedIdentityProviders).toEqual(['COGNITO']);
        expect(props.AccessTokenValidity).toBe(60);
        expect(props.IdTokenValidity).toBe(60);
        expect(props.RefreshTokenValidity).toBe(30 * 24 * 60);
        expect(props.TokenValidityUnits).toEqual({ AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' });
        expect(props.EnableTokenRevocation).toBe(true);
        expect(props.PreventUserExistenceErrors).toBe('ENABLED');
      });

      it('wires the pre-token-generation trigger as a V2_0 event, to a function in the same stack', () => {
        const config = pool().Properties.LambdaConfig.PreTokenGenerationConfig;
        expect(config.LambdaVersion).toBe('V2_0');
        const functionId = config.LambdaArn['Fn::GetAtt'][0] as string;
        const fn = stateful.toJSON().Resources[functionId] as Resource;
        expect(fn.Type).toBe('AWS::Lambda::Function');
        expect(fn.Properties.Description).toBe('Si Centang pre-token-generation');
        expect(fn.Properties.Timeout).toBeLessThanOrEqual(5);
        stateful.hasResourceProperties('AWS::Lambda::Permission', {
          FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
          Principal: 'cognito-idp.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StaffUserPool'), 'Arn'] },
        });
      });

      it('refuses a sign-in redirect that is not https or localhost', () => {
        expect(() => {
          const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
          new SiCentangStateful(app, 'S', { env, staffSignIn: { callbackUrls: ['http://staff.example.go.id/cb'] } });
        }).toThrow(/https/);
      });
    });
  });

  describe('api stack', () => {
    it('has a route for every entry of the route table, plus $default, and no other', () => {
      const routes = ofType(api, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
      const keys = routes.map((route) => route.RouteKey).sort();
      expect(keys).toEqual([...ROUTES.map((route) => `${route.method} ${route.path}`), '$default'].sort());
    });

    it('gives every staff function the staff pool as issuer and its app client, and no other function', () => {
      const staffFns = new Set(ROUTES.filter((r) => r.auth === 'staff').map((r) => r.fn));
      expect(staffFns.size).toBeGreaterThan(0);
      for (const [name, [, fn]] of appFunctions(api)) {
        const vars = fn.Properties.Environment.Variables;
        if (!staffFns.has(name)) {
          expect(vars[STAFF_AUTH_ENV.issuer], name).toBeUndefined();
          continue;
        }
        expect(vars[STAFF_AUTH_ENV.issuer], name).toEqual({
          'Fn::Join': [
            '',
            [
              `https://cognito-idp.${env.region}.amazonaws.com/`,
              { 'Fn::ImportValue': expect.stringMatching(/:ExportsOutputRefStaffUserPool[0-9A-F]+$/) },
            ],
          ],
        });
        expect(vars[STAFF_AUTH_ENV.clientId], name).toEqual({
          'Fn::ImportValue': expect.stringMatching(/:ExportsOutputRefStaffUserPoolStaffAppClient[0-9A-F]+$/),
        });
      }
    });

    it('has no gateway authorizer: staff functions check tokens themselves, so every 401 is problem+json', () => {
      expect(ofType(api, 'AWS::ApiGatewayV2::Authorizer')).toHaveLength(0);
      const routes = ofType(api, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
      for (const route of routes) expect(route.AuthorizationType, route.RouteKey).toBe('NONE');
    });

    it('outputs the staff user pool id and app client id', () => {
      const outputs = api.toJSON().Outputs as Record<string, { Value: unknown }>;
      expect(JSON.stringify(outputs.StaffUserPoolId?.Value)).toMatch(/StaffUserPool/);
      expect(JSON.stringify(outputs.StaffUserPoolClientId?.Value)).toMatch(/StaffUserPoolStaffAppClient/);
    });

    it('sends each route to the function the route table names', () => {
      const integrations = Object.fromEntries(ofType(api, 'AWS::ApiGatewayV2::Integration'));
      const target = (routeKey: string): string => {
        const [, route] = ofType(api, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey)!;
        const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref as string;
        return integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0] as string;
      };
      for (const route of ROUTES) {
        expect(target(`${route.method} ${route.path}`)).toMatch(new RegExp(`^${functionId(route.fn)}[0-9A-F]{8}$`));
      }
      expect(target('$default')).toMatch(new RegExp(`^${functionId(FALLBACK_FUNCTION)}[0-9A-F]{8}$`));
    });

    it('has one function per distinct route function plus the background functions, each nodejs22.x or newer on arm64, traced, logging to a bounded group', () => {
      const functions = appFunctions(api);
      expect([...functions.keys()].sort()).toEqual([...routeFunctions(), ...BACKGROUND_FUNCTIONS].sort());
      // the one other function is CDK's handler for the photo bucket's notifications
      const others = ofType(api, 'AWS::Lambda::Function').filter(([id]) => ![...functions.values()].some(([fnId]) => fnId === id));
      expect(others.map(([id]) => id)).toEqual([expect.stringMatching(/^BucketNotificationsHandler/)]);
      for (const [id, fn] of functions.values()) {
        const version = Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1]);
        expect(version, `${id} runtime ${fn.Properties.Runtime}`).toBeGreaterThanOrEqual(22);
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(fn.Properties.Environment.Variables).toMatchObject({
          [ENV.jurisdictionConfig]: '/var/task/jurisdiction.json',
          POWERTOOLS_SERVICE_NAME: 'si-centang',
          POWERTOOLS_METRICS_NAMESPACE: 'SiCentang',
        });
        // no --enable-source-maps: its price at every cold start is measured in the bench (bundling-settings.ts)
        expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
        const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
        expect(api.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30);
      }
    });

    it('gives each function the table, idempotency and bucket settings its routes ask for', () => {
      const functions = ofType(api, 'AWS::Lambda::Function');
      for (const fn of routeFunctions()) {
        const [, resource] = functions.find(([id]) => id.startsWith(functionId(fn)))!;
        const variables = resource.Properties.Environment.Variables;
        const routes = ROUTES.filter((route) => route.fn === fn);
        expect(ENV.tableName in variables, `${fn} ${ENV.tableName}`).toBe(routes.some((r) => r.table !== 'none'));
        expect(ENV.idempotencyTableName in variables, `${fn} ${ENV.idempotencyTableName}`).toBe(
          routes.some((r) => r.idempotent === true),
        );
        // the open-data function reads and writes its own prefix (test/infra/statistics.test.ts)
        expect(ENV.bucketName in variables, `${fn} ${ENV.bucketName}`).toBe(routes.some((r) => r.bucket !== undefined) || fn === OPEN_DATA_FUNCTION);
      }
    });

    it('grants no function a Scan or a wildcard DynamoDB action', () => {
      for (const [, policy] of ofType(api, 'AWS::IAM::Policy')) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          const actions: string[] = [statement.Action].flat();
          expect(actions.filter((a) => a.startsWith('dynamodb:') && (a.includes('*') || a === 'dynamodb:Scan'))).toEqual([]);
        }
      }
    });

    it('logs access as JSON without paths, query strings or bodies, and throttles the default stage', () => {
      const [[, stage]] = ofType(api, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
      expect(stage.Properties.StageName).toBe('$default');
      expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined();
      const format = JSON.parse(stage.Properties.AccessLogSettings.Format) as Record<string, string>;
      expect(format.requestId).toBe('$context.requestId');
      expect(Object.values(format).join(' ')).not.toMatch(/path|querystring|body|header/i);
      expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    });

    it('sends no CORS headers unless origins are configured', () => {
      expect(api.findResources('AWS::ApiGatewayV2::Api')).toSatisfy((apis: Record<string, Resource>) =>
        Object.values(apis).every((a) => a.Properties.CorsConfiguration === undefined),
      );
      const withOrigins = Template.fromStack(build({ api: { allowedOrigins: ['https://lapor.example.go.id'] } }).api);
      withOrigins.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://lapor.example.go.id'] }),
      });
    });

    it('refuses a wildcard CORS origin', () => {
      expect(() => build({ api: { allowedOrigins: ['*'] } })).toThrow(/wildcards/);
    });

    it('refuses a staff route without an authorizer', () => {
      ROUTES.push({ method: 'GET', path: '/v1/staff/probe', fn: 'get-report', auth: 'staff', table: 'read' });
      try {
        expect(() => build({ api: { staffSignIn: undefined } })).toThrow(/staff route but no staffSignIn or staffAuthorizer/);
      } finally {
        ROUTES.pop();
      }
    });

    it('refuses an invalid jurisdiction file at synth', () => {
      expect(() => build({ context: { jurisdiction: 'package.json' } })).toThrow(/Invalid jurisdiction configuration/);
    });
  });


  describe('photo bucket access by prefix', () => {
    const grantsOf = (fn: string) => s3Grants(api, appFunctions(api).get(fn)![0]);
    const routeFunctionsWith = (bucket: 'read' | 'readwrite') => [...new Set(ROUTES.filter((r) => r.bucket === bucket).map((r) => r.fn))];

    it('grants no s3:* action and no object grant outside uploads/ or public/ to any function of the API stack', () => {
      for (const [, policy] of ofType(api, 'AWS::IAM::Policy')) {
        for (const statement of policy.Properties.PolicyDocument.Statement) {
          const actions = list(statement.Action).map(String);
          expect(actions.filter((a) => a.startsWith('s3:') && a.includes('*'))).toEqual([]);
          if (!actions.some((a) => a.startsWith('s3:'))) continue;
          for (const resource of list(statement.Resource).map(flat)) {
            // the bucket itself (notification configuration, ListBucket) or objects under one of the two prefixes
            expect(resource).toMatch(new RegExp(`^${PHOTO_BUCKET_ARN_IMPORT}(/(${UPLOADS_PREFIX}|${PUBLIC_PREFIX}|${OPEN_DATA_PREFIX})\\*)?$`));
          }
        }
      }
    });

    it('lets views sign GETs of renditions only: s3:GetObject on public/*', () => {
      const views = routeFunctionsWith('read').filter((fn) => !routeFunctionsWith('readwrite').includes(fn));
      expect(views.length).toBeGreaterThan(0);
      for (const fn of views) {
        expect(grantsOf(fn), fn).toEqual([{ actions: ['s3:GetObject'], resources: [`${PHOTO_BUCKET_ARN_IMPORT}/${PUBLIC_PREFIX}*`] }]);
      }
    });

    it('lets upload grants sign POSTs of originals only: s3:PutObject on uploads/*', () => {
      const grants = routeFunctionsWith('readwrite');
      expect(grants.sort()).toEqual(['create-photo-upload', 'create-staff-photo-upload']);
      for (const fn of grants) {
        expect(grantsOf(fn), fn).toEqual([{ actions: ['s3:PutObject'], resources: [`${PHOTO_BUCKET_ARN_IMPORT}/${UPLOADS_PREFIX}*`] }]);
      }
    });

    it('gives no bucket access to functions whose routes ask for none', () => {
      const withBucket = new Set([...ROUTES.filter((r) => r.bucket).map((r) => r.fn), OPEN_DATA_FUNCTION]);
      for (const fn of routeFunctions().filter((f) => !withBucket.has(f))) expect(grantsOf(fn), fn).toEqual([]);
      expect(grantsOf('notify-citizen')).toEqual([]);
      expect(grantsOf('escalate')).toEqual([]);
    });

    it('lets the processor read and delete originals, write renditions, and list (for 404 on a missing key)', () => {
      expect(grantsOf('process-photo')).toEqual([
        { actions: ['s3:DeleteObject', 's3:GetObject'], resources: [`${PHOTO_BUCKET_ARN_IMPORT}/${UPLOADS_PREFIX}*`] },
        { actions: ['s3:PutObject'], resources: [`${PHOTO_BUCKET_ARN_IMPORT}/${PUBLIC_PREFIX}*`] },
        { actions: ['s3:ListBucket'], resources: [PHOTO_BUCKET_ARN_IMPORT] },
      ]);
    });

    it('imports the bucket by explicitly named exports, and the stateful stack refers to nothing of the API stack', () => {
      const outputs = stateful.toJSON().Outputs as Record<string, { Export?: { Name: string } }>;
      const exported = Object.values(outputs).map((o) => o.Export?.Name);
      expect(exported).toEqual(expect.arrayContaining(['SiCentangStateful-PhotoBucketArn', 'SiCentangStateful-PhotoBucketName']));
      expect(JSON.stringify(stateful.toJSON())).not.toContain('Fn::ImportValue');
    });
  });

  describe('handler files', () => {
    const handlers = readdirSync(join(PROJECT_ROOT, 'functions'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => ({ name: file.slice(0, -3), source: readFileSync(join(PROJECT_ROOT, 'functions', file), 'utf8') }));

    it('deploys every file in functions/: in the API stack, or the sign-in trigger beside its user pool', () => {
      const deployed = [...appFunctions(api).keys(), ...appFunctions(stateful).keys()];
      expect(handlers.map((h) => h.name).sort()).toEqual(deployed.sort());
    });

    it('gives the upload-token key to exactly the functions that read it', () => {
      // directly, or through the notifier both SMS functions build (shared/notify/deployed-notifier.ts)
      const readers = handlers.filter((h) => /uploadTokenSecretsFromEnv|createDeployedNotifier/.test(h.source)).map((h) => h.name);
      expect(readers.sort()).toEqual([...UPLOAD_TOKEN_FUNCTIONS].sort());
    });
  });

  describe('upload token secret', () => {
    it('is generated by Secrets Manager: 64 letters and digits', () => {
      stateful.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({ PasswordLength: UPLOAD_TOKEN_SECRET_LENGTH, ExcludePunctuation: true, IncludeSpace: false }),
      });
      expect(stateful.findResources('AWS::SecretsManager::Secret', { Properties: { SecretString: Match.anyValue() } })).toEqual({});
    });

    it('reaches exactly the functions that issue or check tokens, by its ARN only: the value is read at cold start', () => {
      for (const [name, [, fn]] of appFunctions(api)) {
        // never the value, not even as a dynamic reference that CloudFormation resolves into the configuration
        expect(fn.Properties.Environment.Variables[PHOTO_ENV.uploadTokenSecret], name).toBeUndefined();
        const arn = fn.Properties.Environment.Variables[`${PHOTO_ENV.uploadTokenSecret}_ARN`];
        if (!(UPLOAD_TOKEN_FUNCTIONS as readonly string[]).includes(name)) {
          expect(arn, name).toBeUndefined();
          continue;
        }
        expect(flat(arn)).toMatch(/^import:SiCentangStateful:ExportsOutputRefUploadTokenSecret[0-9A-F]+$/);
        expect(roleStatements(api, appFunctions(api).get(name)![0]).some((st) => list(st.Action).includes('secretsmanager:GetSecretValue'))).toBe(true);
      }
      expect(JSON.stringify(api.toJSON())).not.toContain('{{resolve:secretsmanager');
      // and nowhere in either template is there a secret-like literal of that length (asset hashes and logical
      // ids aside)
      for (const template of [api, stateful]) {
        const json = template.toJSON();
        const ids = new Set(Object.keys(json.Resources));
        const literals = [...JSON.stringify(json).matchAll(new RegExp(`"([A-Za-z0-9]{${UPLOAD_TOKEN_SECRET_LENGTH}})"`, 'g'))]
          .map((m) => m[1]!)
          .filter((value) => !ids.has(value) && !/^[0-9a-f]+$/.test(value));
        expect(literals).toEqual([]);
      }
    });
  });

  describe('photo bucket CORS', () => {
    it('has no CORS rule unless origins are configured', () => {
      for (const [, bucket] of ofType(stateful, 'AWS::S3::Bucket')) expect(bucket.Properties.CorsConfiguration).toBeUndefined();
    });

    it('allows POST and GET from the configured origins only', () => {
      const withOrigins = Template.fromStack(build({ stateful: { allowedOrigins: ['https://lapor.example.go.id'] } }).stateful);
      withOrigins.hasResourceProperties('AWS::S3::Bucket', {
        CorsConfiguration: {
          CorsRules: [Match.objectLike({ AllowedOrigins: ['https://lapor.example.go.id'], AllowedMethods: ['POST', 'GET'] })],
        },
      });
      expect(() => build({ stateful: { allowedOrigins: ['https://*.example.go.id'] } })).toThrow(/wildcards/);
    });
  });

  describe('jurisdiction in the bundle', () => {
    it('is one self-contained file per function: holidays inlined, no holidaysFile, validated at synth, marked as such', () => {
      const { bundleFile, config } = bundledJurisdiction(app);
      const bundled = JSON.parse(readFileSync(bundleFile('locate-point'), 'utf8'));
      expect(bundled.workingCalendar.holidaysFile).toBeUndefined();
      expect(bundled.workingCalendar.holidays.length).toBeGreaterThan(0);
      expect(bundled.workingCalendar.holidays).toEqual(config.workingCalendar.holidays);
      expect(bundled[SHIPPED_MARK]).toEqual({ function: 'locate-point', geometry: true });
      // the validated configuration, with the boundaries prepared for the locator (no boundary file beside it)
      const { [SHIPPED_MARK]: _mark, boundaries, ...rest } = bundled;
      const { boundaries: _geoJson, ...expected } = config;
      expect(rest).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(boundaries.prepared.parts.length).toBeGreaterThan(config.districts.length);
      expect(createLocator(bundled)({ lat: -6.1739, lon: 106.3618 }).district?.code).toBe('cikande');
    });

    it('gives the boundary geometry only to the functions that look up points', () => {
      const { bundleFile, config } = bundledJurisdiction(app);
      const health = JSON.parse(readFileSync(bundleFile('get-health'), 'utf8'));
      expect(health[SHIPPED_MARK]).toEqual({ function: 'get-health', geometry: false });
      expect(health.boundaries).toEqual({ officialCode: config.boundaries!.officialCode, snapMeters: config.boundaries!.snapMeters });
      const { [SHIPPED_MARK]: _mark, boundaries: _b, ...rest } = health;
      const { boundaries: _all, ...expected } = config;
      expect(rest).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(readFileSync(bundleFile('get-health')).length).toBeLessThan(readFileSync(bundleFile('create-report')).length / 10);
    });
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding (errors or warnings)', () => {
    // cdk-nag 3 is a policy-validation plugin; validateScope runs the same checks `cdk synth` runs (there
    // through Validations.of(app).addPlugins) and returns what is left after acknowledgements.
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}: ${violation.description}`,
      ),
    );
    expect(findings).toEqual([]);
  });

  it('acknowledges only findings that exist: every acknowledgement matches a finding at or below its construct', () => {
    // The same checks with every acknowledgement ignored (isAcknowledged is cdk-nag's private hook: if a
    // cdk-nag upgrade renames it, this test fails loudly rather than passing without checking anything).
    const pack = new AwsSolutionsChecks(undefined, { verbose: false }) as unknown as { isAcknowledged: unknown };
    expect(typeof pack.isAcknowledged).toBe('function');
    pack.isAcknowledged = () => false;
    const findings = (pack as unknown as AwsSolutionsChecks).validateScope(app).violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({ id: violation.ruleName, path: resource.constructPath ?? '' })),
    );
    const stale: string[] = [];
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const key of Object.keys(entry.data as object)) {
          const id = key.replace(/^annotation::/i, '');
          const path = construct.node.path;
          if (!findings.some((f) => f.id === id && (f.path === path || f.path.startsWith(`${path}/`)))) stale.push(`${id} at ${path}`);
        }
      }
    }
    expect(stale).toEqual([]);
  });
});
