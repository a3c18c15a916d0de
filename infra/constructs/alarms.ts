import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Metric,
  TreatMissingData,
  type AlarmProps,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from './lambda-function';

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
