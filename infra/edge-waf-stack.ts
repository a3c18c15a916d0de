/**
 * The WAF web ACL in front of the CloudFront distribution. A CLOUDFRONT-scope web ACL must live in us-east-1,
 * whatever region the rest runs in, so it is a small stack of its own there; the distribution's stack takes
 * `webAclArn` across regions (`crossRegionReferences: true` on both stacks, with a concrete account), or an
 * operator passes the ARN output as configuration.
 *
 * Rules, cheapest first:
 * 0. AWS IP reputation list: known bots and abusive sources are blocked outright.
 * 1. AWS common rule set; its 8 KB body-size rule only counts, since a report (with a long description) may carry
 *    up to the API's own 64 KB limit, which the HTTP frame enforces.
 * 2. Citizen writes per address: report creation and photo grants, at most `writesPer5Minutes` from one address
 *    in 5 minutes, then 429. Coarse on purpose (carrier-grade NAT puts many honest phones behind one address): the
 *    fine per-address and per-number quotas, and the SMS breaker for new numbers, are the application's.
 * 3. Challenge on report creation: the web app's WAF SDK solves it silently and sends the token; a script without
 *    a browser gets the challenge instead of a receipt SMS. Other clients (Open311) use their own paths.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export const DEFAULT_WRITES_PER_5_MINUTES = 100;
/** report creation, and photo grants of a report */
export const CITIZEN_WRITE_PATH = '^/v1/reports(/[^/]+/photos)?$';

export interface EdgeWafProps extends StackProps {
  /** requests creating reports or photo grants per address per 5 minutes @default 100 */
  readonly writesPer5Minutes?: number;
  /** domains whose WAF tokens are accepted (the web app's), besides the distribution's own */
  readonly tokenDomains?: string[];
}

const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name });

const post = { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: 'POST', textTransformations: [{ priority: 0, type: 'NONE' }] } };

export class SiCentangEdgeWaf extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeWafProps = {}) {
    super(scope, id, props);
    const acl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Si Centang: managed rules, per-address rate of citizen writes, challenge on report creation',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('si-centang-edge'),
      challengeConfig: { immunityTimeProperty: { immunityTime: 300 } },
      ...(props.tokenDomains && props.tokenDomains.length > 0 && { tokenDomains: props.tokenDomains }),
      rules: [
        {
          name: 'AwsIpReputation',
          priority: 0,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
          visibilityConfig: visibility('ip-reputation'),
        },
        {
          name: 'AwsCommonRuleSet',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('common-rule-set'),
        },
        {
          name: 'CitizenWritesPerAddress',
          priority: 2,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              limit: props.writesPer5Minutes ?? DEFAULT_WRITES_PER_5_MINUTES,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    post,
                    {
                      regexMatchStatement: {
                        regexString: CITIZEN_WRITE_PATH,
                        fieldToMatch: { uriPath: {} },
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('citizen-writes-per-address'),
        },
        {
          name: 'ChallengeReportCreation',
          priority: 3,
          action: { challenge: {} },
          statement: {
            andStatement: {
              statements: [
                post,
                { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'EXACTLY', searchString: '/v1/reports', textTransformations: [{ priority: 0, type: 'NONE' }] } },
              ],
            },
          },
          visibilityConfig: visibility('challenge-report-creation'),
        },
      ],
    });
    this.webAclArn = acl.attrArn;
    new CfnOutput(this, 'WebAclArn', { value: acl.attrArn, description: 'WAF web ACL for the CloudFront distribution (webAclArn)' });
  }
}
