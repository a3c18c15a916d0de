import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { Grant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env';
import { DEFAULT_JURISDICTION_FILE, loadJurisdiction } from '../../shared/config/jurisdiction';
import type { AppTable, DataAccess } from './app-table';

/** The repository root: entries, lock file and the jurisdiction files are found from here, not from the cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** CDK context key naming the jurisdiction JSON file (relative to the repository root), e.g. `-c jurisdiction=...`. */
export const JURISDICTION_CONTEXT = 'jurisdiction';

/** Where the bundle carries the jurisdiction file; the handlers read it through JURISDICTION_CONFIG. */
const JURISDICTION_IN_BUNDLE = '/var/task/jurisdiction.json';

/*
 * The newest Node.js runtime CDK knows: cdk-nag's AwsSolutions-L1 wants the latest of the family, and fixing
 * beats acknowledging. Node 24 only runs async handlers (no callback style), which is all this project writes.
 * The esbuild target follows the runtime so syntax is never down-levelled for an older Node than runs it.
 */
const RUNTIME = Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

/*
 * Lets CommonJS dependencies call `require` inside the ESM bundle. The alias keeps the banner's own import
 * from clashing with any `createRequire` a bundled module declares.
 */
const REQUIRE_SHIM =
  "import { createRequire as __siCentangCreateRequire } from 'node:module';" +
  'const require = __siCentangCreateRequire(import.meta.url);';

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

const validatedJurisdictions = new Set<string>();

/**
 * The jurisdiction file chosen by context, validated against the same schema the handlers use, so a broken
 * configuration fails `cdk synth` with its reason instead of failing every cold start after a deploy.
 */
function jurisdictionFile(scope: Construct): string {
  const chosen: unknown = scope.node.tryGetContext(JURISDICTION_CONTEXT);
  const file = resolve(PROJECT_ROOT, typeof chosen === 'string' && chosen !== '' ? chosen : DEFAULT_JURISDICTION_FILE);
  if (!validatedJurisdictions.has(file)) {
    loadJurisdiction(file);
    validatedJurisdictions.add(file);
  }
  return file;
}

export interface AppFunctionProps {
  /** the handler file `functions/<name>.ts`, exporting `handler` */
  readonly name: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
}

/**
 * The one Lambda function shape of the project (as in powertools-lambda-typescript examples/app): runtime,
 * architecture, bundling, logging and tracing are decided here once; stacks only say which handler and
 * which resources it may use (`bindTable`, `bindBucket`).
 *
 * Bundling runs esbuild locally (no Docker). Infra tests skip it with the standard CDK context
 * `aws:cdk:bundling-stacks: []`: NodejsFunction then stages a placeholder asset instead of running esbuild,
 * like every bundled asset, so template tests take seconds. `cdk synth`/`cdk deploy` bundle as usual.
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const jurisdiction = jurisdictionFile(scope);

    // An explicit log group with bounded retention (reports carry phone numbers and locations) instead of
    // the deprecated logRetention custom resource.
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
    // An explicit role instead of AWSLambdaBasicExecutionRole: the function may write to its own log group
    // only, not create or write any log group in the account (and no AwsSolutions-IAM4 to acknowledge).
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Si Centang function ${props.name}`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: join(PROJECT_ROOT, 'functions', `${props.name}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      description: `Si Centang ${props.name}`,
      runtime: RUNTIME,
      // Graviton: cheaper per GB-second than x86, and nothing here needs native x86 modules
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'si-centang',
        POWERTOOLS_METRICS_NAMESPACE: 'SiCentang',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // stack traces point at the TypeScript source, through the bundled source maps
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.jurisdictionConfig]: JURISDICTION_IN_BUNDLE,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        // prefer the ESM build of dependencies that ship both, so esbuild can tree-shake them
        mainFields: ['module', 'main'],
        banner: REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        // the maps only need positions; the sources themselves would double the bundle
        sourcesContent: false,
        target: ESBUILD_TARGET,
        forceDockerBundling: false,
        // Nothing is external, not even @aws-sdk/*: the SDK v3 clients pinned in package-lock.json are the
        // ones tested locally and in CI, rather than whatever version the Lambda runtime happens to ship
        // that week; bundled and tree-shaken they also cold-start faster than the runtime's full copy.
        externalModules: [],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // the jurisdiction travels inside the bundle: one artefact per region, no config fetch at start-up
          afterBundling: (_inputDir: string, outputDir: string) => [
            `cp ${shellQuote(jurisdiction)} ${shellQuote(join(outputDir, 'jurisdiction.json'))}`,
          ],
        },
      },
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only xray:PutTraceSegments and xray:PutTelemetryRecords, added by active tracing: X-Ray supports no ' +
        'resource-level permissions for them, so the resource must be "*".',
    });
  }

  /** Grants the access and names the table in the environment variable the handler reads. */
  bindTable(table: AppTable, access: DataAccess, envName: string): this {
    table.grantData(this, access);
    this.addEnvironment(envName, table.tableName);
    return this;
  }

  /**
   * Grants object reads (and writes) and names the bucket in the environment variable. Listing and deleting
   * are left out: handlers address photos by key, and originals expire by lifecycle rule, not by code.
   * Object keys are inherently a wildcard (`<bucket>/*`): the binding yields one AwsSolutions-IAM5 finding,
   * to acknowledge where the binding is made, with the finding id cdk-nag prints.
   */
  bindBucket(bucket: IBucket, access: DataAccess, envName: string): this {
    Grant.addToPrincipal({
      grantee: this,
      actions: access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'],
      resourceArns: [bucket.arnForObjects('*')],
    });
    if (access === 'read') bucket.encryptionKey?.grantDecrypt(this);
    else bucket.encryptionKey?.grantEncryptDecrypt(this);
    this.addEnvironment(envName, bucket.bucketName);
    return this;
  }
}
