import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  Stats,
  TreatMissingData,
  type AlarmProps,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundledJurisdiction, METRICS_NAMESPACE, SERVICE_NAME } from './lambda-function';

export const ALARM_PERIOD = Duration.minutes(5);

/**
 * A custom metric as Powertools Metrics emits it (shared/observability): namespace POWERTOOLS_METRICS_NAMESPACE
 * and the one default dimension `service` = POWERTOOLS_SERVICE_NAME, the same for every function of the service.
 */
export function serviceMetric(metricName: string, period: Duration, statistic = 'Sum'): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    period,
    statistic,
  });
}

export interface OpsAlarmProps {
  readonly metric: IMetric;
  readonly threshold: number;
  readonly description: string;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparisonOperator?: ComparisonOperator;
  /** @default NOT_BREACHING: no data is no trouble (no errors, no messages) */
  readonly treatMissingData?: TreatMissingData;
}

/** One alarm to the operations topic, on ALARM and back to OK, so a recovery is seen as well as a failure. */
export function opsAlarm(scope: Construct, id: string, topic: ITopic, props: OpsAlarmProps): Alarm {
  const alarmProps: AlarmProps = {
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    comparisonOperator: props.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: props.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    alarmDescription: props.description,
  };
  const alarm = new Alarm(scope, id, alarmProps);
  const action = new SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}

/**
 * Errors and throttles of one function, each Sum >= 1 over 5 minutes. Per function rather than one
 * account-wide metric: the alarm names the function, and other workloads of the account do not page this one.
 */
export function functionAlarms(fn: IFunction, topic: ITopic): Construct {
  const scope = new Construct(fn, 'Alarms');
  const name = fn.node.id;
  opsAlarm(scope, 'Errors', topic, {
    metric: fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
    threshold: 1,
    description: `${name}: an invocation failed (error, timeout or crash) in the last 5 minutes; see its log group`,
  });
  opsAlarm(scope, 'Throttles', topic, {
    metric: fn.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum' }),
    threshold: 1,
    description: `${name}: invocations were throttled in the last 5 minutes (account concurrency exhausted?)`,
  });
  return scope;
}

export interface ApiAlarmsProps {
  readonly topic: ITopic;
  /** every function of the API stack: each gets its errors and throttles alarms */
  readonly functions: Iterable<IFunction>;
  readonly failureQueue: IQueue;
  readonly api: HttpApi;
  readonly escalation: IFunction;
  /** SmsSent per hour above which the SMS-volume alarm fires */
  readonly smsPerHour: number;
}

/** The API stack's operations alarms, all to the alarm topic (made in `scope`, so their logical ids stay put). */
export function apiAlarms(scope: Construct, props: ApiAlarmsProps): void {
  const { topic } = props;
  for (const fn of props.functions) functionAlarms(fn, topic);

  opsAlarm(scope, 'FailureQueueAlarm', topic, {
    metric: props.failureQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: Stats.MAXIMUM }),
    threshold: 1,
    description:
      'The failure queue holds messages: an SMS or a photo was given up on after its retries. Read them and ' +
      'redrive (README, Operations).',
  });
  opsAlarm(scope, 'Api5xxAlarm', topic, {
    metric: props.api.metricServerError({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    threshold: 1,
    description: 'The HTTP API answered with a 5xx in the last 5 minutes: no route should ever do that',
  });

  const minutes = bundledJurisdiction(scope).config.escalation.scheduleMinutes;
  opsAlarm(scope, 'EscalationIncompleteAlarm', topic, {
    metric: serviceMetric('EscalationRunIncomplete', Duration.minutes(minutes)),
    threshold: 1,
    description:
      'An escalation run stopped at its time budget with overdue reports left (EscalationRunIncomplete): the ' +
      'next run carries on, but a backlog is building up',
  });
  // A run that never starts emits no metric at all: alarm on missing invocations too, over three schedule
  // periods but at least an hour (EventBridge may skip one now and then).
  const silentMinutes = Math.min(1440, Math.max(60, minutes * 3));
  opsAlarm(scope, 'EscalationNotRunningAlarm', topic, {
    metric: props.escalation.metricInvocations({ period: Duration.minutes(silentMinutes), statistic: Stats.SUM }),
    threshold: 1,
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: TreatMissingData.BREACHING,
    description: `The escalation function was not invoked for ${silentMinutes} minutes: its schedule is off or broken`,
  });

  opsAlarm(scope, 'SmsVolumeAlarm', topic, {
    metric: serviceMetric('SmsSent', Duration.hours(1)),
    threshold: props.smsPerHour,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    description:
      `More than ${props.smsPerHour} SMS sent in an hour: possible SMS pumping through report creation; ` +
      'check the sources',
  });
}
