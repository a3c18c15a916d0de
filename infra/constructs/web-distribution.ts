/**
 * The web app and the API on one CloudFront distribution, so the browser talks to one origin and never needs
 * CORS: the built app (web/dist) from a private S3 bucket through origin access control, and /v1/*,
 * /open311/*, /openapi.json and /health to the HTTP API, uncached, with every viewer header but Host
 * (Authorization included) forwarded. One response-headers policy sets a strict CSP (scripts from self only),
 * HSTS, frame-ancestors 'none' and Referrer-Policy same-origin on every answer.
 */
import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Policy } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';
import { loadWebAppConfig, tileSource } from '../../shared/config/web-app';
import { SPA_FALLBACK_SOURCE } from './spa-fallback';

/** Where the staff console reads its sign-in settings (web/src/staff/config.ts). */
export const STAFF_CONSOLE_CONFIG_KEY = 'staf/config.json';

/** Paths the HTTP API answers; everything else is the web app. */
export const API_PATH_PATTERNS = ['/v1/*', '/open311/*', '/openapi.json', '/health'] as const;

export interface WebDistributionProps {
  /** the HTTP API's endpoint, `https://{id}.execute-api.{region}.amazonaws.com` (HttpApi.apiEndpoint) */
  readonly apiEndpoint: string;
  /** the built web app (web/dist) */
  readonly webRoot: string;
  /** the photo bucket: browsers upload to it (presigned POST) and show its presigned photo links */
  readonly photoBucket: IBucket;
  /** a WAF web ACL (scope CLOUDFRONT, made in us-east-1) to attach */
  readonly webAclArn?: string;
  /** headers CloudFront adds to each request to the API (e.g. a secret origin-verify header) */
  readonly originCustomHeaders?: Record<string, string>;
  /** more sources the pages may connect to (e.g. the staff sign-in's token endpoint) */
  readonly extraConnectSources?: string[];
  /** path of config/web.json (tile host for img-src) */
  readonly webConfigFile?: string;
  /**
   * The staff console's `/staf/config.json` (shared/config/staff-console-config.ts); its values may be tokens of
   * another stack (the user pool). Written next to the app, not into the build, so one build serves any stage.
   */
  readonly staffConsoleConfig?: object;
}

export function contentSecurityPolicy(photoOrigin: string, tiles: string, extraConnect: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${photoOrigin} ${tiles}`,
    ['connect-src', "'self'", photoOrigin, ...extraConnect].join(' '),
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export class WebDistribution extends Construct {
  readonly distribution: Distribution;
  readonly bucket: Bucket;
  readonly logBucket: Bucket;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);
    const webConfig = loadWebAppConfig(props.webConfigFile);

    // Legacy CloudFront standard logs are written with object ACLs, so this bucket must accept them.
    this.logBucket = new Bucket(this, 'LogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      // access logs hold client IP addresses: bounded, long enough for an inquiry
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'WebBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'web-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const photoOrigin = `https://${props.photoBucket.bucketRegionalDomainName}`;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Si Centang: strict CSP, HSTS, no framing, same-origin referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(photoOrigin, tileSource(webConfig), props.extraConnectSources), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365 * 2), includeSubdomains: true, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        contentTypeOptions: { override: true },
      },
    });

    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      comment: 'Si Centang: client routes get their page (index.html)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(SPA_FALLBACK_SOURCE),
    });

    // `https://{id}.execute-api.{region}.amazonaws.com` → the host name
    const apiDomain = Fn.select(2, Fn.split('/', props.apiEndpoint));
    const api: BehaviorOptions = {
      origin: new HttpOrigin(apiDomain, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        ...(props.originCustomHeaders && { customHeaders: props.originCustomHeaders }),
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // answers are per citizen or per official: never cached at the edge
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // with caching disabled this forwards Authorization too; Host must stay the API's own
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
      compress: true,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Si Centang: web app and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Price class 200 includes the edge locations in Indonesia
      priceClass: PriceClass.PRICE_CLASS_200,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn && { webAclId: props.webAclArn }),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((path) => [path, api])),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'No geo restriction on purpose: citizens of the regency report from abroad too (migrant workers), and the API is public by design.',
    });
    if (!props.webAclArn)
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason: 'No web ACL was passed: a CloudFront WAF web ACL must live in us-east-1 and is attached through webAclArn when that stack is deployed; the HTTP API keeps its own throttling meanwhile.',
      });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason: 'Served on the default *.cloudfront.net certificate, which CloudFront always offers with TLSv1 for old clients; minimumProtocolVersion TLSv1.2_2021 takes effect once a custom domain and certificate are attached.',
    });

    // Hashed files never change and are kept across deployments (an open page may still ask for the old
    // ones); the pages and the service worker are revalidated on every load so a deployment shows at once.
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(props.webRoot, { exclude: ['.built'] })],
      destinationBucket: this.bucket,
      include: ['assets/*'],
      exclude: ['*'],
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      memoryLimit: 512,
    });
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [Source.asset(props.webRoot, { exclude: ['.built'] })],
      destinationBucket: this.bucket,
      exclude: ['assets/*', '.built'],
      prune: false,
      cacheControl: [CacheControl.fromString('no-cache')],
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/sw.js', '/staf/*', '/manifest.webmanifest'],
      memoryLimit: 512,
    });
    // pages point at assets: the assets must be there first
    pages.node.addDependency(assets);
    if (props.staffConsoleConfig) {
      // its own deployment: the pages' deployment (prune off) never touches it, and a new pool only rewrites it;
      // no-cache so a console opened after a change of pool or client reads the new one
      new BucketDeployment(this, 'DeployStaffConsoleConfig', {
        sources: [Source.jsonData(STAFF_CONSOLE_CONFIG_KEY, props.staffConsoleConfig)],
        destinationBucket: this.bucket,
        prune: false,
        cacheControl: [CacheControl.fromString('no-cache')],
        contentType: 'application/json',
        distribution: this.distribution,
        distributionPaths: [`/${STAFF_CONSOLE_CONFIG_KEY}`],
        memoryLimit: 512,
      });
    }
    acknowledgeDeploymentHandler(Stack.of(this));
  }
}

/**
 * The BucketDeployment custom resource is one Lambda per stack, made and granted by aws-cdk-lib (not by this
 * project): its findings are acknowledged one by one, from the policy the construct actually wrote.
 */
function acknowledgeDeploymentHandler(stack: Stack) {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) return;
  const v = Validations.of(handler);
  v.acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The CDK bucket-deployment handler uses AWSLambdaBasicExecutionRole to write its own logs only.',
  });
  v.acknowledge({ id: 'AwsSolutions-L1', reason: 'The runtime of the CDK bucket-deployment handler is chosen by aws-cdk-lib and moves with its upgrades.' });
  const policy = handler.node.tryFindChild('ServiceRole')?.node.tryFindChild('DefaultPolicy') as Policy | undefined;
  const document = stack.resolve(policy?.document) as { Statement?: Array<{ Action: string | string[]; Resource: unknown }> } | undefined;
  const wildcards = new Set<string>();
  for (const statement of document?.Statement ?? []) {
    for (const action of [statement.Action].flat()) if (action.includes('*')) wildcards.add(`Action::${action}`);
    for (const resource of [statement.Resource].flat()) {
      const flat = flattenCfnReference(resource);
      if (flat.includes('*')) wildcards.add(`Resource::${flat}`);
    }
  }
  for (const finding of wildcards)
    v.acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason: 'Granted by the CDK bucket-deployment construct: it copies every object of the build from the asset bucket into the web bucket and invalidates the distribution.',
    });
}
