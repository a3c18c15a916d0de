/**
 * The synthesized templates, checked against the shared definitions they are generated from (route table,
 * table definition), plus cdk-nag's AwsSolutions pack. Bundling is skipped with the standard CDK context
 * `aws:cdk:bundling-stacks: []` (placeholder assets instead of esbuild runs), so this file takes seconds.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { SiCentangApi, type SiCentangApiProps } from '../../infra/api-stack';
import { STAFF_GROUPS, STAFF_SCOPE_ATTRIBUTES } from '../../infra/constructs/staff-user-pool';
import { SiCentangStateful, UPLOADS_PREFIX } from '../../infra/stateful-stack';
import { ENV } from '../../shared/config/env';
import { FALLBACK_FUNCTION, ROUTES, routeFunctions } from '../../shared/http/routes';
import { MAIN_TABLE, TABLES, type TableDefinition } from '../../shared/table/definition';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

const env = { region: 'ap-southeast-3' };

function build(options: { context?: Record<string, unknown>; api?: Partial<SiCentangApiProps> } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...options.context } });
  const stateful = new SiCentangStateful(app, 'SiCentangStateful', { env });
  const api = new SiCentangApi(app, 'SiCentangApi', {
    env,
    mainTable: stateful.mainTable,
    idempotencyTable: stateful.idempotencyTable,
    photoBucket: stateful.photoBucket,
    staffSignIn: stateful.staffUserPool,
    ...options.api,
  });
  return { app, stateful, api };
}

const ofType = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type)) as [string, Resource][];

/** `create-report` → the logical id prefix of its function, `CreateReportFunction` */
const functionId = (fn: string) =>
  `${fn
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}Function`;

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
          expect(index.Projection).toEqual({ ProjectionType: 'ALL' });
          return { name: index.IndexName, partitionKey: key.HASH, sortKey: key.RANGE };
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

    it('has one JWT authorizer: the staff pool as issuer, its app client as audience', () => {
      const authorizers = ofType(api, 'AWS::ApiGatewayV2::Authorizer');
      expect(authorizers).toHaveLength(1);
      const [, authorizer] = authorizers[0]!;
      expect(authorizer.Properties.AuthorizerType).toBe('JWT');
      expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
      const { Issuer, Audience } = authorizer.Properties.JwtConfiguration;
      expect(Issuer).toEqual({
        'Fn::Join': [
          '',
          [
            `https://cognito-idp.${env.region}.amazonaws.com/`,
            { 'Fn::ImportValue': expect.stringMatching(/:ExportsOutputRefStaffUserPool[0-9A-F]+$/) },
          ],
        ],
      });
      expect(Audience).toEqual([
        { 'Fn::ImportValue': expect.stringMatching(/:ExportsOutputRefStaffUserPoolStaffAppClient[0-9A-F]+$/) },
      ]);
    });

    it('puts every staff route behind the JWT authorizer and leaves every public route open', () => {
      const [[authorizerId]] = ofType(api, 'AWS::ApiGatewayV2::Authorizer') as [[string, Resource]];
      const routes = ofType(api, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
      const byKey = (route: { method: string; path: string }) =>
        routes.find((r) => r.RouteKey === `${route.method} ${route.path}`)!;
      const staff = ROUTES.filter((r) => r.auth === 'staff');
      expect(staff.length).toBeGreaterThan(0);
      for (const route of staff) {
        expect(byKey(route), `${route.method} ${route.path}`).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
      }
      for (const route of ROUTES.filter((r) => r.auth === 'public')) {
        expect(byKey(route).AuthorizationType, `${route.method} ${route.path}`).toBe('NONE');
        expect(byKey(route).AuthorizerId).toBeUndefined();
      }
      expect(routes.find((r) => r.RouteKey === '$default')?.AuthorizationType).toBe('NONE');
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

    it('has one function per distinct route function, each nodejs22.x or newer on arm64, traced, logging to a bounded group', () => {
      const functions = ofType(api, 'AWS::Lambda::Function');
      expect(functions).toHaveLength(routeFunctions().length);
      for (const [id, fn] of functions) {
        const version = Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1]);
        expect(version, `${id} runtime ${fn.Properties.Runtime}`).toBeGreaterThanOrEqual(22);
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(fn.Properties.Environment.Variables).toMatchObject({
          [ENV.jurisdictionConfig]: '/var/task/jurisdiction.json',
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'si-centang',
        });
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
        expect(ENV.bucketName in variables, `${fn} ${ENV.bucketName}`).toBe(routes.some((r) => r.bucket !== undefined));
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
        expect(() => build({ api: { staffSignIn: undefined } })).toThrow(/staff route but no staffAuthorizer/);
      } finally {
        ROUTES.pop();
      }
    });

    it('refuses an invalid jurisdiction file at synth', () => {
      expect(() => build({ context: { jurisdiction: 'package.json' } })).toThrow(/Invalid jurisdiction configuration/);
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
});
