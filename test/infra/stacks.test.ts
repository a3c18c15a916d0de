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
  });

  describe('api stack', () => {
    it('has a route for every entry of the route table, plus $default, and no other', () => {
      const routes = ofType(api, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
      const keys = routes.map((route) => route.RouteKey).sort();
      expect(keys).toEqual([...ROUTES.map((route) => `${route.method} ${route.path}`), '$default'].sort());
      for (const route of ROUTES.filter((r) => r.auth === 'public')) {
        expect(routes.find((r) => r.RouteKey === `${route.method} ${route.path}`)?.AuthorizationType).toBe('NONE');
      }
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
        expect(() => build()).toThrow(/staff route but no staffAuthorizer/);
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
