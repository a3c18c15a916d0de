import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { Grant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env';
import { DEFAULT_JURISDICTION_FILE } from '../../shared/config/jurisdiction-file';
import { loadJurisdiction, type Jurisdiction } from '../../shared/config/jurisdiction-schema';
import { readSettings } from '../../shared/config/settings';
import { shippedJurisdiction } from '../../shared/config/shipped-jurisdiction';
import type { AppTable, DataAccess } from './app-table';
import { LAMBDA_ESBUILD, LAMBDA_NODE_OPTIONS } from './bundling-settings';
import { afterBundlingSteps } from './build-steps';
import { wildcardResourceFinding } from './nag';
import { TABLE_GRANTS } from '../table-grants';

/** The repository root: entries, lock file and the jurisdiction files are found from here, not from the cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** CDK context key naming the jurisdiction JSON file (relative to the repository root), e.g. `-c jurisdiction=...`. */
export const JURISDICTION_CONTEXT = 'jurisdiction';

/** Where the bundle carries the jurisdiction file; the handlers read it through JURISDICTION_CONFIG. */
const JURISDICTION_IN_BUNDLE = '/var/task/jurisdiction.json';

/*
 * The newest Node.js runtime CDK knows: cdk-nag's AwsSolutions-L1 wants the latest of the family, and fixing
 * beats acknowledging. Node 24 only runs async handlers (no callback style), which is all this project writes.
 * The esbuild target (bundling-settings.ts) follows it.
 */
export const RUNTIME = Runtime.NODEJS_24_X;
export const ARCHITECTURE = Architecture.ARM_64;

/**
 * Powertools names every metric with this namespace and a `service` dimension of this name (Metrics adds it by
 * default from POWERTOOLS_SERVICE_NAME); alarms on custom metrics use the same two values.
 */
export const METRICS_NAMESPACE = 'SiCentang';
export const SERVICE_NAME = 'si-centang';

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

interface BundledJurisdiction {
  readonly config: Jurisdiction;
  /** the jurisdiction file the synth was given (`-c jurisdiction=…`), whole */
  readonly sourceFile: string;
  /** the validated configuration file, one per function (shared/config/shipped-jurisdiction.ts) */
  bundleFile(functionName: string): string;
}

const jurisdictions = new Map<string, BundledJurisdiction>();

/**
 * The jurisdiction file chosen by context, validated against the same schema the handlers use, so a broken
 * configuration fails `cdk synth` with its reason instead of failing every cold start after a deploy.
 *
 * A bundle gets the configuration validated and prepared for its function (shared/config/shipped-jurisdiction.ts):
 * holidays and boundaries read in, defaults filled in, geometry only where points are looked up. Each file is
 * written once per synth, to a path named by its content (an unchanged configuration is the same path, so nothing
 * differs between two synths).
 */
export function bundledJurisdiction(scope: Construct): BundledJurisdiction {
  const chosen: unknown = scope.node.tryGetContext(JURISDICTION_CONTEXT);
  const file = resolve(PROJECT_ROOT, typeof chosen === 'string' && chosen !== '' ? chosen : DEFAULT_JURISDICTION_FILE);
  let found = jurisdictions.get(file);
  if (!found) {
    const files = new Map<string, string>();
    const config = loadJurisdiction(file);
    found = {
      config,
      sourceFile: file,
      bundleFile(functionName) {
        let written = files.get(functionName);
        if (!written) {
          const content = `${shippedJurisdiction(config, functionName)}\n`;
          const dir = join(tmpdir(), 'si-centang-jurisdiction', createHash('sha256').update(content).digest('hex').slice(0, 16));
          mkdirSync(dir, { recursive: true });
          written = join(dir, 'jurisdiction.json');
          writeFileSync(written, content);
          files.set(functionName, written);
        }
        return written;
      },
    };
    jurisdictions.set(file, found);
  }
  return found;
}

const XRAY_REASON =
  'xray:PutTraceSegments and xray:PutTelemetryRecords, added by active tracing: X-Ray supports no ' +
  'resource-level permissions for them, so the resource must be "*".';

/** S3 object actions a function can be granted under one key prefix (see `grantObjects`). */
export type ObjectAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

export interface AppFunctionProps {
  /** the handler file `functions/<name>.ts`, exporting `handler` */
  readonly name: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** layers for modules left out of the bundle (see externalModules) */
  readonly layers?: ILayerVersion[];
  /**
   * Modules esbuild leaves out of the bundle, to be found at run time in a layer (sharp: native binaries).
   * @default [] (everything bundled)
   */
  readonly externalModules?: string[];
}

/**
 * The one Lambda function shape of the project (as in powertools-lambda-typescript examples/app): runtime,
 * architecture, bundling, logging and tracing are decided here once; stacks only say which handler and
 * which resources it may use (`bindTable`, `grantObjects`).
 *
 * Bundling runs esbuild locally (no Docker). Infra tests skip it with the standard CDK context
 * `aws:cdk:bundling-stacks: []`: NodejsFunction then stages a placeholder asset instead of running esbuild,
 * like every bundled asset, so template tests take seconds. `cdk synth`/`cdk deploy` bundle as usual.
 */
export class AppFunction extends NodejsFunction {
  /** the handler file's name, `functions/<handlerName>.ts` */
  readonly handlerName: string;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const jurisdiction = bundledJurisdiction(scope).bundleFile(props.name);
    // the settings infra gives a function pass the same schema the function checks at cold start: a bad value
    // fails synth with its name, not the deployed function
    readSettings(props.environment ?? {});

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
      architecture: ARCHITECTURE,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      layers: props.layers,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...(LAMBDA_NODE_OPTIONS && { NODE_OPTIONS: LAMBDA_NODE_OPTIONS }),
        [ENV.jurisdictionConfig]: JURISDICTION_IN_BUNDLE,
        ...props.environment,
      },
      bundling: {
        format: LAMBDA_ESBUILD.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
        mainFields: [...LAMBDA_ESBUILD.mainFields],
        banner: LAMBDA_ESBUILD.banner,
        minify: LAMBDA_ESBUILD.minify,
        sourceMap: LAMBDA_ESBUILD.sourceMap,
        sourcesContent: LAMBDA_ESBUILD.sourcesContent,
        target: LAMBDA_ESBUILD.target,
        define: { ...LAMBDA_ESBUILD.define },
        esbuildArgs: Object.fromEntries(Object.entries(LAMBDA_ESBUILD.alias).map(([from, to]) => [`--alias:${from}`, to])),
        forceDockerBundling: false,
        // only modules with native binaries, shipped in a layer (see bundling-settings.ts)
        externalModules: [...LAMBDA_ESBUILD.externalModules, ...(props.externalModules ?? [])],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // the jurisdiction travels inside the bundle, self-contained: one artefact per region, no config
          // fetch and no second file at start-up
          afterBundling: (_inputDir: string, outputDir: string) => [
            `cp ${shellQuote(jurisdiction)} ${shellQuote(join(outputDir, 'jurisdiction.json'))}`,
            // build steps read the whole jurisdiction (the OpenAPI document names every district), not the function's cut
            ...afterBundlingSteps(props.name, bundledJurisdiction(scope).sourceFile, outputDir),
          ],
        },
      },
    });

    this.handlerName = props.name;
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: XRAY_REASON });
  }

  /**
   * Grants this function its entry of infra/table-grants.ts on the main table (the partitions and indexes it
   * uses, nothing else) and names the table in the environment variable the handler reads.
   */
  bindMainTable(table: AppTable, envName: string): this {
    const grant = TABLE_GRANTS[this.handlerName];
    if (!grant) throw new Error(`functions/${this.handlerName}.ts has no entry in infra/table-grants.ts: say what it may touch there`);
    table.grantItems(this, grant);
    this.addEnvironment(envName, table.tableName);
    return this;
  }

  /** Grants the access and names the table in the environment variable the handler reads. */
  bindTable(table: AppTable, access: DataAccess, envName: string): this {
    table.grantData(this, access);
    this.addEnvironment(envName, table.tableName);
    return this;
  }

  /**
   * Grants object actions under one key prefix only (`uploads/`, `public/`), never the whole bucket, and
   * acknowledges the one AwsSolutions-IAM5 finding it makes, by its exact id: an object-level grant needs a
   * wildcard after the prefix, since object keys are made at run time. The bucket must belong to this function's
   * stack (an imported reference, see SiCentangApi), so the finding id can be computed from the ARN here.
   */
  grantObjects(bucket: IBucket, prefix: string, actions: ObjectAction[], why: string): this {
    if (!/^[a-z0-9-]+\/$/.test(prefix)) throw new Error(`A key prefix is a folder name ending in "/", got "${prefix}"`);
    const resource = bucket.arnForObjects(`${prefix}*`);
    Grant.addToPrincipal({ grantee: this, actions, resourceArns: [resource] });
    if (actions.includes('s3:PutObject')) bucket.encryptionKey?.grantEncryptDecrypt(this);
    else if (actions.includes('s3:GetObject')) bucket.encryptionKey?.grantDecrypt(this);
    Validations.of(this.role!).acknowledge({
      id: wildcardResourceFinding(this, bucket, resource),
      reason:
        `${actions.join(', ')} on objects under ${prefix} only: ${why} Object keys are made at run time, ` +
        'so the grant names the prefix followed by a wildcard.',
    });
    return this;
  }

  /** Names the bucket in the environment variable the handler reads (grants are made with grantObjects). */
  bindBucketName(bucket: IBucket, envName: string): this {
    this.addEnvironment(envName, bucket.bucketName);
    return this;
  }
}

