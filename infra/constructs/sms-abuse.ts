/**
 * The operational side of the SMS pumping bound: the scheduled drain of SMS that the first-contact breaker deferred
 * (functions/drain-deferred-sms.ts), and the alarms that say the service is being abused: the breaker is open, SMS
 * still wait after a drain, the account's SMS spend nears its monthly limit, quotas refuse many requests.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import { ComparisonOperator, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/env';
import { DEFAULT_FIRST_CONTACT_BUDGET, SMS_DEFERRED_METRIC } from '../../shared/notify/first-contact';
import { QUOTA_REFUSED_METRIC } from '../../shared/abuse/quota-metrics';
import { NOTIFY_ENV } from '../../shared/notify/config';
import { PHOTO_ENV } from '../../shared/photos/config';
import { ALARM_PERIOD, opsAlarm, serviceMetric } from './alarms';
import type { AppTable } from './app-table';
import { AppFunction } from './lambda-function';

export const DRAIN_SCHEDULE_MINUTES = 5;
/** @see SmsAbuseGuardsProps.monthlySpendLimitUsd */
export const DEFAULT_SMS_MONTHLY_SPEND_LIMIT_USD = 100;
export const DEFAULT_QUOTA_REFUSALS_ALARM = 100;

export interface SmsAbuseGuardsProps {
  readonly mainTable: AppTable;
  readonly alarmTopic: ITopic;
  /** the same settings as the stream notifier's, so the drain sends under the same rules */
  readonly notifierEnvironment: Record<string, string>;
  /** opens the view key of a confidential report for its receipt, which the drain may be the one to send */
  readonly uploadTokenSecret: ISecret;
  /** SMS to never-texted numbers per hour and per day @default 60 and 300 */
  readonly firstContact?: { perHour: number; perDay: number };
  /**
   * The account's SNS monthly SMS spend limit (USD) as set in the SMS region; the alarm fires at 80 % of it.
   * SNS reports SMSMonthToDateSpentUSD in the region it sends from, so deploy this stack there or mirror the
   * alarm in that region. @default 100
   */
  readonly monthlySpendLimitUsd?: number;
  /** quota refusals (429) in 5 minutes above which the alarm fires @default 100 */
  readonly quotaRefusalsAlarm?: number;
}

export class SmsAbuseGuards extends Construct {
  readonly drain: AppFunction;

  constructor(scope: Construct, id: string, props: SmsAbuseGuardsProps) {
    super(scope, id);
    const budget = props.firstContact ?? DEFAULT_FIRST_CONTACT_BUDGET;
    this.drain = new AppFunction(scope, 'DrainDeferredSmsFunction', {
      name: 'drain-deferred-sms',
      timeout: Duration.minutes(2),
      environment: {
        ...props.notifierEnvironment,
        [NOTIFY_ENV.firstContactPerHour]: String(budget.perHour),
        [NOTIFY_ENV.firstContactPerDay]: String(budget.perDay),
      },
    });
    this.drain.bindMainTable(props.mainTable, ENV.tableName);
    props.uploadTokenSecret.grantRead(this.drain);
    this.drain.addEnvironment(`${PHOTO_ENV.uploadTokenSecret}_ARN`, props.uploadTokenSecret.secretArn);
    // the same shape as the notifier's SMS policy: phone numbers have no ARN, topics and endpoints are denied
    const smsPolicy = new Policy(this, 'SmsPolicy', {
      statements: [
        new PolicyStatement({ sid: 'SmsToPhoneNumbers', actions: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'], resources: ['*'] }),
        new PolicyStatement({ sid: 'NoTopicsOrEndpoints', effect: Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${Aws.PARTITION}:sns:*:*:*`] }),
      ],
    });
    smsPolicy.attachToRole(this.drain.role!);
    Validations.of(smsPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish to a phone number and sns:CheckIfPhoneNumberIsOptedOut act on phone numbers, which have no ARN: ' +
        'IAM only accepts "*" for them. The explicit Deny on every SNS ARN keeps this role off topics and endpoints.',
    });
    new Rule(this, 'DrainSchedule', {
      description: `Si Centang: send SMS deferred by the first-contact breaker, every ${DRAIN_SCHEDULE_MINUTES} minutes`,
      schedule: Schedule.rate(Duration.minutes(DRAIN_SCHEDULE_MINUTES)),
      targets: [new LambdaFunction(this.drain, { retryAttempts: 0 })],
    });

    const topic = props.alarmTopic;
    opsAlarm(this, 'SmsBreakerOpenAlarm', topic, {
      metric: serviceMetric(SMS_DEFERRED_METRIC, ALARM_PERIOD),
      threshold: 1,
      description:
        `The SMS breaker is open: more than ${budget.perHour} SMS an hour (or ${budget.perDay} a day) to numbers never ` +
        'texted before, so receipts are being deferred. Likely SMS pumping through report creation: check the sources ' +
        '(access log, WAF); deferred SMS go out as the budget frees up.',
    });
    opsAlarm(this, 'SmsDeferredBacklogAlarm', topic, {
      metric: serviceMetric('SmsDeferredBacklog', Duration.minutes(DRAIN_SCHEDULE_MINUTES * 3), Stats.MAXIMUM),
      threshold: 1,
      description: 'Deferred SMS still wait after the drain runs: the breaker stays open (its budget is used up)',
    });
    const limit = props.monthlySpendLimitUsd ?? DEFAULT_SMS_MONTHLY_SPEND_LIMIT_USD;
    opsAlarm(this, 'SmsSpendNearLimitAlarm', topic, {
      metric: new Metric({ namespace: 'AWS/SNS', metricName: 'SMSMonthToDateSpentUSD', period: Duration.hours(1), statistic: Stats.MAXIMUM }),
      threshold: Math.round(limit * 0.8 * 100) / 100,
      description:
        `The SMS spend this month passed 80 % of the ${limit} USD limit: at the limit SNS stops every SMS, citizens' ` +
        'receipts and updates included, until the month ends. Find the cause, then raise the limit if it is honest use.',
    });
    const refusals = props.quotaRefusalsAlarm ?? DEFAULT_QUOTA_REFUSALS_ALARM;
    opsAlarm(this, 'QuotaRefusalsAlarm', topic, {
      metric: serviceMetric(QUOTA_REFUSED_METRIC, ALARM_PERIOD),
      threshold: refusals,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `More than ${refusals} requests were refused by a quota (429) in 5 minutes: someone is hammering report creation or photo grants`,
    });
  }
}
