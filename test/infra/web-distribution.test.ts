/**
 * The web app's CloudFront distribution as synthesized: private bucket behind origin access control, the API
 * paths uncached with Authorization forwarded, client routes to index.html (the function is run here on
 * sample requests), the security headers, the optional WAF and origin headers, and cdk-nag clean.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { SPA_FALLBACK_SOURCE } from '../../infra/constructs/spa-fallback';
import { API_PATH_PATTERNS } from '../../infra/constructs/web-distribution';
import { SiCentangWeb, type SiCentangWebProps } from '../../infra/web-stack';
import { ensureWebBuild } from '../../local/web-build';
import { loadJurisdiction } from '../../shared/config/jurisdiction-schema';
import { buildStacks, TEST_ENV } from '../support/infra-stacks';
import { STAFF_CONSOLE_SCOPE, type StaffConsoleConfig } from '../../shared/config/staff-console-config';

// AWS managed policies, by their fixed ids
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let webRoot: string;
beforeAll(async () => {
  webRoot = await ensureWebBuild();
}, 120_000);

function build(web: Partial<SiCentangWebProps> = {}, withStaffConsole = true) {
  const { app, stateful, api } = buildStacks();
  const staffConsole = { signIn: stateful.staffUserPool, jurisdiction: loadJurisdiction() };
  const stack = new SiCentangWeb(app, 'SiCentangWeb', {
    env: TEST_ENV,
    apiEndpoint: api.api.apiEndpoint,
    photoBucket: stateful.photoBucket,
    webRoot,
    ...(withStaffConsole && { staffConsole }),
    ...web,
  });
  return { app, template: Template.fromStack(stack) };
}

const runFallback = new Function(`${SPA_FALLBACK_SOURCE}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };

describe('web distribution', () => {
  let app: App;
  let template: Template;
  beforeAll(() => ({ app, template } = build()));

  it('ships a production build, whatever NODE_ENV the build ran under (vitest sets "test")', () => {
    const assets = join(webRoot, 'assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    // development JSX carries each element's source file: the build machine's paths, and a third more bytes
    for (const file of scripts) expect(readFileSync(join(assets, file), 'utf8'), file).not.toMatch(/fileName:|\/web\/src\//);
  });

  it('serves the app from a private bucket through origin access control', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'web-bucket/' }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [dist] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Array<{ Properties: { DistributionConfig: any } }>;
    const config = dist!.Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Origins.find((o: any) => o.S3OriginConfig)?.OriginAccessControlId).toBeDefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    expect(config.Logging).toBeDefined();
  });

  it('sends the API paths to the HTTP API, uncached, with every viewer header but Host (Authorization too)', () => {
    const [dist] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Array<{ Properties: { DistributionConfig: any } }>;
    const behaviors = dist!.Properties.DistributionConfig.CacheBehaviors as any[];
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual([...API_PATH_PATTERNS].sort());
    for (const b of behaviors) {
      expect(b.CachePolicyId).toBe(CACHING_DISABLED);
      expect(b.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST);
      expect(b.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']));
    }
    const api = dist!.Properties.DistributionConfig.Origins.find((o: any) => o.CustomOriginConfig);
    expect(api.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  it('sets a strict CSP, HSTS, no framing and a same-origin referrer on every answer', () => {
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Array<{ Properties: any }>;
    const security = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('https://tile.openstreetmap.org');
    expect(csp).not.toContain('unsafe-inline');
    expect(security.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31536000);
    expect(security.ReferrerPolicy.ReferrerPolicy).toBe('same-origin');
    expect(security.FrameOptions.FrameOption).toBe('DENY');
  });

  it('answers client routes with their page and leaves files alone', () => {
    const uri = (path: string) => runFallback({ request: { uri: path } }).uri;
    expect(uri('/')).toBe('/index.html');
    expect(uri('/lapor')).toBe('/index.html');
    expect(uri('/lacak/7KQ4-M9XP')).toBe('/index.html');
    expect(uri('/r/7KQ4-M9XP')).toBe('/index.html');
    expect(uri('/staf')).toBe('/staf/index.html');
    expect(uri('/staf/laporan/7KQ4-M9XP')).toBe('/staf/index.html');
    expect(uri('/assets/main-abc123.js')).toBe('/assets/main-abc123.js');
    expect(uri('/sw.js')).toBe('/sw.js');
  });

  it('passes a WAF web ACL and origin headers through to the distribution', () => {
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/si-centang/abc';
    const { template: withWaf } = build({ webAclArn: arn, originCustomHeaders: { 'x-origin-verify': 'secret-value' } });
    withWaf.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: arn,
        Origins: Match.arrayWith([Match.objectLike({ OriginCustomHeaders: [{ HeaderName: 'x-origin-verify', HeaderValue: 'secret-value' }] })]),
      }),
    });
  });

  it("writes the staff console's config.json from the stateful stack's user pool, no-cache, and lets the CSP reach Cognito", () => {
    const marker = (n: number) => `<<marker:0xbaba:${n}>>`;
    const imported = (name: string) => ({ 'Fn::ImportValue': Match.stringLikeRegexp(`^SiCentangStateful:ExportsOutputRef${name}`) });
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache', 'content-type': 'application/json' },
      DistributionPaths: ['/staf/config.json'],
      SourceMarkers: [{ [marker(0)]: imported('StaffUserPool[0-9A-F]'), [marker(1)]: imported('StaffUserPoolStaffAppClient'), [marker(2)]: imported('StaffUserPoolStaffSignInDomain') }],
    });
    // the file itself, as staged for the deployment: markers where the pool's values go at deploy time
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment', { Properties: { DistributionPaths: ['/staf/config.json'] } })) as Array<{ Properties: any }>;
    const assetDir = join(app.synth().directory, `asset.${String(deployment!.Properties.SourceObjectKeys[0]).replace(/\.zip$/, '')}`);
    const config = JSON.parse(readFileSync(join(assetDir, 'staf', 'config.json'), 'utf8')) as StaffConsoleConfig;
    const jurisdiction = loadJurisdiction();
    expect(config).toEqual({
      authority: `https://cognito-idp.ap-southeast-3.amazonaws.com/${marker(0)}`,
      clientId: marker(1),
      logoutUrl: `https://${marker(2)}.auth.ap-southeast-3.amazoncognito.com/logout`,
      scope: STAFF_CONSOLE_SCOPE,
      units: jurisdiction.units.map(({ code, name }) => ({ code, name })),
      agencies: jurisdiction.agencies.map(({ code, name }) => ({ code, name })),
    });

    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Array<{ Properties: any }>;
    const csp = JSON.stringify(policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toMatch(/connect-src 'self' [^;]*https:\/\/cognito-idp\.ap-southeast-3\.amazonaws\.com https:\/\/",\{"Fn::ImportValue":"SiCentangStateful:ExportsOutputRefStaffUserPoolStaffSignInDomain[^"]*"\},"\.auth\.ap-southeast-3\.amazoncognito\.com;/);

    // without the staff sign-in, no config file and no Cognito in the CSP
    const { template: bare } = build({}, false);
    expect(Object.keys(bare.findResources('Custom::CDKBucketDeployment', { Properties: { DistributionPaths: ['/staf/config.json'] } }))).toEqual([]);
    expect(JSON.stringify(bare.findResources('AWS::CloudFront::ResponseHeadersPolicy'))).not.toContain('cognito');
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding, and acknowledges only findings that exist', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}: ${v.description}`));
    expect(findings).toEqual([]);

    const pack = new AwsSolutionsChecks(undefined, { verbose: false }) as unknown as { isAcknowledged: unknown };
    pack.isAcknowledged = () => false;
    const all = (pack as unknown as AwsSolutionsChecks).validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' })));
    const stale: string[] = [];
    for (const construct of app.node.findAll()) {
      if (!construct.node.path.startsWith('SiCentangWeb')) continue;
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const key of Object.keys(entry.data as object)) {
          const id = key.replace(/^annotation::/i, '');
          // aws-cdk-lib acknowledges some of its own template-lint findings; only cdk-nag's are ours
          if (!id.startsWith('AwsSolutions-')) continue;
          const path = construct.node.path;
          if (!all.some((f) => f.id === id && (f.path === path || f.path.startsWith(`${path}/`)))) stale.push(`${id} at ${path}`);
        }
      }
    }
    expect(stale).toEqual([]);
  });
});
