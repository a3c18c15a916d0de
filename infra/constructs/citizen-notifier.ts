/**
 * Table stream → citizen SMS: the notifier function, its event source on the table stream and its SMS-only
 * policy. Built in the API stack's own scope (not under a construct of its own), so the deployed function, role,
 * log group and policy keep their logical ids.
 */
import { Aws, Duration, Validations } from 'aws-cdk-lib';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env';
import { DEFAULT_SMS_DAILY_CAP, DEFAULT_SMS_REGION, NOTIFY_ENV } from '../../shared/notify/config';
import { NOTIFY_STREAM_FILTER } from '../../shared/notify/stream-filter';
import { PHOTO_ENV } from '../../shared/photos/config';
import type { AppTable } from './app-table';
import { AppFunction } from './lambda-function';

/** How the notifier sends SMS (shared/notify/config.ts reads these as SMS_REGION, SMS_SENDER_ID, SMS_DAILY_CAP). */
export interface SmsConfig {
  /** @default DEFAULT_SMS_REGION (ap-southeast-1): SNS does not send SMS from every region */
  readonly region?: string;
  /** @default 'SICENTANG' */
  readonly senderId?: string;
  /** SMS per number per day @default DEFAULT_SMS_DAILY_CAP (20) */
  readonly dailyCap?: number;
  /** SmsSent per hour above which the SMS-volume alarm fires (SMS pumping) @default 500 */
  readonly alarmPerHour?: number;
  /** the account's SNS monthly SMS spend limit; an alarm fires at 80 % @default 100 */
  readonly monthlySpendLimitUsd?: number;
}

export const DEFAULT_SMS_SENDER_ID = 'SICENTANG';
export const DEFAULT_SMS_ALARM_PER_HOUR = 500;

/** The SMS settings of every function that texts citizens (the stream notifier and the deferral drain). */
export function smsEnvironment(sms: SmsConfig): Record<string, string> {
  return {
    [NOTIFY_ENV.smsRegion]: sms.region ?? DEFAULT_SMS_REGION,
    [NOTIFY_ENV.smsSenderId]: sms.senderId ?? DEFAULT_SMS_SENDER_ID,
    [NOTIFY_ENV.smsDailyCap]: String(sms.dailyCap ?? DEFAULT_SMS_DAILY_CAP),
  };
}

export interface CitizenNotifierProps {
  readonly mainTable: AppTable;
  readonly failureQueue: IQueue;
  /** opens the sealed view key of a confidential report for its receipt SMS */
  readonly uploadTokenSecret: ISecret;
  readonly sms?: SmsConfig;
}

/**
 * Only history events flagged `notify` reach the function (the event filter from shared/notify/stream-filter.ts,
 * the one the local runner applies too). Partial batch response, bisect on error, bounded retries and record age;
 * what still fails goes to the failure queue.
 */
export function citizenNotifier(scope: Construct, props: CitizenNotifierProps): AppFunction {
  const notifier = new AppFunction(scope, 'NotifyCitizenFunction', {
    name: 'notify-citizen',
    memorySize: 512,
    // One Publish waits at most SMS_PUBLISH_TIMEOUT_MS (10 s) and records are handled one after another, so
    // only a batch of very slow publishes outlasts this; it then fails and is bisected (sends are idempotent).
    timeout: Duration.seconds(60),
    environment: smsEnvironment(props.sms ?? {}),
  });
  notifier.bindMainTable(props.mainTable, ENV.tableName);
  // read at cold start, never an env value
  props.uploadTokenSecret.grantRead(notifier);
  notifier.addEnvironment(`${PHOTO_ENV.uploadTokenSecret}_ARN`, props.uploadTokenSecret.secretArn);
  notifier.addEventSource(
    new DynamoEventSource(props.mainTable, {
      startingPosition: StartingPosition.LATEST,
      batchSize: 10,
      bisectBatchOnError: true,
      retryAttempts: 3,
      maxRecordAge: Duration.hours(6),
      reportBatchItemFailures: true,
      // one batch per shard at a time: events of one report (same partition, same shard) stay in order
      parallelizationFactor: 1,
      onFailure: new SqsDlq(props.failureQueue),
      filters: [FilterCriteria.filter(NOTIFY_STREAM_FILTER)],
    }),
  );
  /*
   * SMS straight to a phone number: SNS has no ARN for a number, so Publish and the opt-out check can only be
   * granted on "*". The Deny takes topics and platform endpoints (every SNS ARN) out of that "*": this role can
   * text a citizen and do nothing else with SNS.
   */
  const smsPolicy = new Policy(scope, 'NotifyCitizenSmsPolicy', {
    statements: [
      new PolicyStatement({
        sid: 'SmsToPhoneNumbers',
        actions: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'],
        resources: ['*'],
      }),
      new PolicyStatement({
        sid: 'NoTopicsOrEndpoints',
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    ],
  });
  smsPolicy.attachToRole(notifier.role!);
  Validations.of(smsPolicy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'sns:Publish to a phone number and sns:CheckIfPhoneNumberIsOptedOut act on phone numbers, which have no ' +
      'ARN: IAM only accepts "*" for them. An explicit Deny of sns:Publish on every SNS ARN in the same ' +
      'policy keeps this role from publishing to any topic or endpoint.',
  });
  return notifier;
}
