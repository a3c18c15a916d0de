/**
 * The abuse guards in the templates: the WAF web ACL (us-east-1, for CloudFront), the origin-verify secret and
 * check, the deferred-SMS drain, the abuse alarms, and secrets reaching functions by ARN only; cdk-nag clean.
 */
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiCentangApiProps } from '../../infra/api-stack';
import { CITIZEN_WRITE_PATH, SiCentangEdgeWaf } from '../../infra/edge-waf-stack';
import { routeFunctions } from '../../shared/http/routes';
import { buildStacks } from '../support/infra-stacks';

function build(api: Partial<SiCentangApiProps> = {}) {
  const built = buildStacks({ api: (stateful) => ({ phoneKeyPepper: stateful.phoneKeyPepper, ...api }) });
  const waf = new SiCentangEdgeWaf(built.app, 'SiCentangEdgeWaf', { env: { region: 'us-east-1' } });
  return { ...built, waf };
}

const functionsByName = (template: Template) =>
  new Map(
    Object.entries(template.findResources('AWS::Lambda::Function'))
      .filter(([, fn]) => String(fn.Properties.Description ?? '').startsWith('Si Centang '))
      .map(([id, fn]) => [String(fn.Properties.Description).slice('Si Centang '.length), { id, fn }]),
  );

describe('WAF web ACL', () => {
  let waf: Template;
  beforeAll(() => {
    waf = Template.fromStack(build().waf);
  });

  it('is a CLOUDFRONT web ACL in us-east-1 with IP reputation and the common rule set', () => {
    expect(build().waf.region).toBe('us-east-1');
    waf.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'AwsIpReputation', Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' } } }),
        Match.objectLike({ Name: 'AwsCommonRuleSet', Statement: { ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }) } }),
      ]),
    });
  });

  it('limits report creation and photo grants per address, and challenges report creation', () => {
    const [acl] = Object.values(waf.findResources('AWS::WAFv2::WebACL'));
    const rules = acl!.Properties.Rules as any[];
    const rate = rules.find((r) => r.Name === 'CitizenWritesPerAddress');
    expect(rate.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    expect(rate.Statement.RateBasedStatement).toMatchObject({ Limit: 100, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    const regex = new RegExp(CITIZEN_WRITE_PATH);
    expect(['/v1/reports', '/v1/reports/7KQ4-M9XP/photos'].every((p) => regex.test(p))).toBe(true);
    expect(['/v1/reports/7KQ4-M9XP', '/v1/staff/reports'].some((p) => regex.test(p))).toBe(false);
    const challenge = rules.find((r) => r.Name === 'ChallengeReportCreation');
    expect(challenge.Action).toEqual({ Challenge: {} });
    expect(JSON.stringify(challenge.Statement)).toContain('"SearchString":"/v1/reports"');
    // priorities are unique and the cheap reputation check runs first
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
    expect(rules.find((r) => r.Priority === 0).Name).toBe('AwsIpReputation');
  });
});

describe('origin verify', () => {
  it('is off by default: no route function names the secret', () => {
    const api = Template.fromStack(build().api);
    for (const [name, { fn }] of functionsByName(api)) expect(fn.Properties.Environment.Variables.ORIGIN_VERIFY_ARN, name).toBeUndefined();
    // the stack's one other secret is the inbound SMS webhook's; the origin-verify secret holds a `current` key
    const originSecrets = Object.values(api.findResources('AWS::SecretsManager::Secret')).filter((r) => JSON.stringify(r).includes('"GenerateStringKey":"current"'));
    expect(originSecrets).toHaveLength(0);
  });

  it('when required, every HTTP function reads the generated secret by ARN; background functions need none', () => {
    const built = build({ requireOriginHeader: true });
    const api = Template.fromStack(built.api);
    api.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ GenerateStringKey: 'current', ExcludePunctuation: true }) });
    const routes = new Set(routeFunctions());
    for (const [name, { fn }] of functionsByName(api)) {
      const arn = fn.Properties.Environment.Variables.ORIGIN_VERIFY_ARN;
      if (routes.has(name)) expect(arn, name).toEqual({ Ref: expect.stringMatching(/^OriginVerifySecret/) });
      else expect(arn, name).toBeUndefined();
    }
    expect(built.api.originVerify?.headerName).toBe('x-origin-verify');
  });
});

describe('SMS abuse guards', () => {
  let api: Template;
  beforeAll(() => {
    api = Template.fromStack(build().api);
  });

  it('drains deferred SMS every 5 minutes with the notifier’s SMS settings and the breaker budget', () => {
    const drain = functionsByName(api).get('drain-deferred-sms')!;
    expect(drain.fn.Properties.Environment.Variables).toMatchObject({ SMS_FIRST_CONTACT_PER_HOUR: '60', SMS_FIRST_CONTACT_PER_DAY: '300', SMS_SENDER_ID: 'SICENTANG' });
    api.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [drain.id, 'Arn'] } })],
    });
  });

  it('alarms when the breaker opens, when SMS spend nears the monthly limit, and on many 429s', () => {
    const alarms = Object.values(api.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const by = (metric: string) => alarms.find((a) => a.MetricName === metric);
    expect(by('SmsDeferred')).toMatchObject({ Threshold: 1, Namespace: 'SiCentang' });
    expect(by('SMSMonthToDateSpentUSD')).toMatchObject({ Namespace: 'AWS/SNS', Threshold: 80, Statistic: 'Maximum' });
    expect(by('QuotaRefused')).toMatchObject({ Threshold: 100, ComparisonOperator: 'GreaterThanThreshold' });
    expect(by('SmsDeferredBacklog')).toBeDefined();
  });

  it('reserves the photo processor’s concurrency, so uploads cannot starve the API', () => {
    expect(functionsByName(api).get('process-photo')!.fn.Properties.ReservedConcurrentExecutions).toBe(5);
  });

  it('gives every function the phone-key pepper by ARN, never by value', () => {
    for (const [name, { fn }] of functionsByName(api)) {
      expect(fn.Properties.Environment.Variables.PHONE_KEY_PEPPER, name).toBeUndefined();
      expect(JSON.stringify(fn.Properties.Environment.Variables.PHONE_KEY_PEPPER_ARN), name).toMatch(/PhoneKeyPepper/);
    }
    expect(JSON.stringify(api.toJSON())).not.toContain('{{resolve:secretsmanager');
  });
});

it('leaves no unacknowledged cdk-nag finding in any of the stacks, with origin verify on', () => {
  const { app } = build({ requireOriginHeader: true });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  expect(() => app.synth()).not.toThrow();
});
