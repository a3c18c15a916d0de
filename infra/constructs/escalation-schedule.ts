/**
 * The scheduled escalation (and auto-close and retention, which the same run does): the function, its grants and
 * the EventBridge rule. Built in the API stack's own scope, so the deployed resources keep their logical ids.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env';
import { ESCALATION_ENV } from '../../shared/escalation/config';
import type { AppTable } from './app-table';
import { AppFunction, bundledJurisdiction } from './lambda-function';

export interface EscalationScheduleProps {
  readonly mainTable: AppTable;
  /** escalation digests to officials */
  readonly notificationTopic: ITopic;
}

/**
 * Runs every `escalation.scheduleMinutes` of the jurisdiction (read at synth), with no retries (the next run carries
 * on; overlapping runs are safe but pointless), and sends digests to the officials' topic.
 */
export function escalationSchedule(scope: Construct, props: EscalationScheduleProps): AppFunction {
  const escalation = new AppFunction(scope, 'EscalateFunction', {
    name: 'escalate',
    // the run pages through the overdue index and stops ESCALATION_SAFETY_MARGIN_MS before this
    timeout: Duration.minutes(5),
    environment: { [ESCALATION_ENV.topicArn]: props.notificationTopic.topicArn },
  });
  escalation.bindMainTable(props.mainTable, ENV.tableName);
  // with kms:Decrypt and kms:GenerateDataKey* on the topic's key
  props.notificationTopic.grantPublish(escalation);
  Validations.of(escalation.role!).acknowledge({
    id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason:
      'Publishing to the KMS-encrypted notification topic needs kms:GenerateDataKey* (GenerateDataKey and its ' +
      'WithoutPlaintext variant), granted by topic.grantPublish on that one key only.',
  });
  const minutes = bundledJurisdiction(scope).config.escalation.scheduleMinutes;
  new Rule(scope, 'EscalationSchedule', {
    description: `Si Centang: escalation and auto-close run every ${minutes} minutes`,
    schedule: Schedule.rate(Duration.minutes(minutes)),
    targets: [new LambdaFunction(escalation, { retryAttempts: 0 })],
  });
  return escalation;
}
