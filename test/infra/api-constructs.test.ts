/**
 * The API stack's background pieces, one section each, as built by their constructs: the citizen SMS notifier
 * (infra/constructs/citizen-notifier.ts), the photo processor (photo-processor.ts), the escalation schedule
 * (escalation-schedule.ts) and the operations alarms (alarms.ts).
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SMS_ALARM_PER_HOUR } from '../../infra/api-stack';
import { UPLOADS_PREFIX } from '../../infra/stateful-stack';
import { ENV } from '../../shared/config/env';
import { loadJurisdiction } from '../../shared/config/jurisdiction-schema';
import { ESCALATION_ENV } from '../../shared/escalation/config';
import { DEFAULT_SMS_DAILY_CAP, DEFAULT_SMS_REGION, NOTIFY_ENV } from '../../shared/notify/config';
import { filterCriteria } from '../../shared/notify/stream-filter';
import { buildStacks } from '../support/infra-stacks';
import { appFunctions, flat, list, ofType, roleStatements, type Resource } from '../support/infra-template';

let stateful: Template;
let api: Template;
const build = buildStacks;

beforeAll(() => {
  const built = buildStacks();
  stateful = Template.fromStack(built.stateful);
  api = Template.fromStack(built.api);
}, 180_000);

describe('citizen SMS notifier', () => {
  const notifier = () => appFunctions(api).get('notify-citizen')!;

  it('reads the table stream through the shared filter, with partial batch response, bisect, bounded retries and age, and the failure queue', () => {
    // the statistics aggregator has a mapping of its own (test/infra/statistics.test.ts)
    const mappings = ofType(api, 'AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName.Ref === notifier()[0]);
    expect(mappings).toHaveLength(1);
    const [, mapping] = mappings[0]!;
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: notifier()[0] },
      StartingPosition: 'LATEST',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 21600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 1,
    });
    expect(mapping.Properties.FilterCriteria).toEqual(filterCriteria());
    expect(flat(mapping.Properties.EventSourceArn)).toMatch(/^import:SiCentangStateful:ExportsOutputFnGetAttReports[0-9A-F]+StreamArn/);
    expect(flat(mapping.Properties.DestinationConfig.OnFailure.Destination)).toMatch(
      /^import:SiCentangStateful:ExportsOutputFnGetAttFailureQueue[0-9A-F]+Arn/,
    );
  });

  it('runs 60 s with 512 MB, with the table and the SMS settings (defaults) in its environment', () => {
    const [, fn] = notifier();
    expect(fn.Properties.Timeout).toBe(60);
    expect(fn.Properties.MemorySize).toBe(512);
    expect(fn.Properties.Environment.Variables).toMatchObject({
      [ENV.tableName]: expect.anything(),
      [NOTIFY_ENV.smsRegion]: DEFAULT_SMS_REGION,
      [NOTIFY_ENV.smsSenderId]: 'SICENTANG',
      [NOTIFY_ENV.smsDailyCap]: String(DEFAULT_SMS_DAILY_CAP),
    });
    const custom = Template.fromStack(build({ api: { sms: { region: 'ap-northeast-1', senderId: 'DPUPR', dailyCap: 5 } } }).api);
    const [, customFn] = appFunctions(custom).get('notify-citizen')!;
    expect(customFn.Properties.Environment.Variables).toMatchObject({ SMS_REGION: 'ap-northeast-1', SMS_SENDER_ID: 'DPUPR', SMS_DAILY_CAP: '5' });
  });

  it('may send SMS to phone numbers and check opt-outs, and may not publish to any topic or endpoint', () => {
    const statements = roleStatements(api, notifier()[0]);
    const sns = statements.filter((st) => list(st.Action).some((a) => String(a).startsWith('sns:')));
    expect(sns).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: ['sns:Publish', 'sns:CheckIfPhoneNumberIsOptedOut'], Resource: '*' }),
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish' }),
    ]);
    expect(flat(sns[1].Resource)).toBe('arn:ref:AWS::Partition:sns:*:*:*');
  });
});

describe('photo processor', () => {
  const processor = () => appFunctions(api).get('process-photo')!;

  it('runs with the sharp layer (arm64, the project runtime), 2048 MB and 60 s', () => {
    const layers = ofType(api, 'AWS::Lambda::LayerVersion');
    expect(layers).toHaveLength(1);
    const [layerId, layer] = layers[0]!;
    const [, fn] = processor();
    expect(layer.Properties.CompatibleArchitectures).toEqual(['arm64']);
    expect(layer.Properties.CompatibleRuntimes).toEqual([fn.Properties.Runtime]);
    expect(fn.Properties.Layers).toEqual([{ Ref: layerId }]);
    expect(fn.Properties.MemorySize).toBe(2048);
    expect(fn.Properties.Timeout).toBe(60);
    expect(fn.Properties.Environment.Variables).toMatchObject({ [ENV.bucketName]: expect.anything(), [ENV.tableName]: expect.anything() });
    // no other function carries the layer
    const withLayers = [...appFunctions(api).values()].filter(([, f]) => f.Properties.Layers);
    expect(withLayers.map(([id]) => id)).toEqual([processor()[0]]);
  });

  it('is invoked by S3 for objects created under uploads/ only', () => {
    const [processorId] = processor();
    const notifications = ofType(api, 'AWS::CloudFormation::CustomResource').concat(ofType(api, 'Custom::S3BucketNotifications'));
    expect(notifications).toHaveLength(1);
    const [, resource] = notifications[0]!;
    expect(flat(resource.Properties.BucketName)).toBe('import:SiCentangStateful-PhotoBucketName');
    expect(resource.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: UPLOADS_PREFIX }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [processorId, 'Arn'] },
        },
      ],
    });
    api.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [processorId, 'Arn'] },
      Principal: 's3.amazonaws.com',
      SourceArn: { 'Fn::ImportValue': 'SiCentangStateful-PhotoBucketArn' },
    });
  });

  it('retries asynchronous invocations twice within 6 hours, then sends them to the failure queue', () => {
    const configs = ofType(api, 'AWS::Lambda::EventInvokeConfig').filter(([, c]) => c.Properties.FunctionName?.Ref === processor()[0]);
    expect(configs).toHaveLength(1);
    const [, config] = configs[0]!;
    expect(config.Properties).toMatchObject({ FunctionName: { Ref: processor()[0] }, MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21600 });
    expect(flat(config.Properties.DestinationConfig.OnFailure.Destination)).toMatch(/^import:SiCentangStateful:ExportsOutputFnGetAttFailureQueue/);
  });
});

describe('escalation', () => {
  it('runs on the jurisdiction\'s schedule, rate(15 minutes), without retries, with 5 minutes and the digest topic', () => {
    const [escalateId, fn] = appFunctions(api).get('escalate')!;
    expect(loadJurisdiction().escalation.scheduleMinutes).toBe(15);
    // other scheduled rules: the deferred-SMS drain (abuse-guards.test.ts) and the open-data export (statistics.test.ts)
    const rules = ofType(api, 'AWS::Events::Rule').filter(([, r]) => r.Properties.Targets[0].Arn['Fn::GetAtt'][0] === escalateId);
    expect(rules).toHaveLength(1);
    expect(rules[0]![1].Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [{ Arn: { 'Fn::GetAtt': [escalateId, 'Arn'] }, Id: expect.any(String), RetryPolicy: { MaximumRetryAttempts: 0 } }],
    });
    api.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [escalateId, 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
    expect(fn.Properties.Timeout).toBe(300);
    expect(flat(fn.Properties.Environment.Variables[ESCALATION_ENV.topicArn])).toMatch(/^import:SiCentangStateful:ExportsOutputRefNotificationTopic/);
    const statements = roleStatements(api, escalateId);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish' }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }));
  });
});

describe('alarms', () => {
  const alarms = (template: Template): Record<string, any>[] =>
    ofType(template, 'AWS::CloudWatch::Alarm').map(([id, alarm]) => ({ id, ...alarm.Properties }));
  const ALARM_TOPIC = /^import:SiCentangStateful:ExportsOutputRefOpsAlarms/;

  it('sends every alarm of the API stack to the operations topic, on alarm and on recovery', () => {
    const all = alarms(api);
    expect(all.length).toBeGreaterThan(0);
    for (const alarm of all) {
      expect(alarm.AlarmActions.map(flat), alarm.id).toEqual([expect.stringMatching(ALARM_TOPIC)]);
      expect(alarm.OKActions.map(flat), alarm.id).toEqual([expect.stringMatching(ALARM_TOPIC)]);
    }
  });

  it('watches errors and throttles of every function', () => {
    const all = alarms(api);
    for (const [name, [id]] of appFunctions(api)) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(
          all.find((a) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric && a.Dimensions?.[0]?.Value?.Ref === id),
          `${metric} of ${name}`,
        ).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      }
    }
    // the trigger in the stateful stack too
    const [preTokenId] = ofType(stateful, 'AWS::Lambda::Function')[0]!;
    expect(alarms(stateful).filter((a) => a.Dimensions?.[0]?.Value?.Ref === preTokenId).map((a) => a.MetricName).sort()).toEqual([
      'Errors',
      'Throttles',
    ]);
  });

  it('watches the failure queue, API 5xx, unfinished and missing escalation runs, and SMS volume', () => {
    const all = alarms(api);
    const one = (predicate: (a: any) => boolean) => {
      const found = all.filter(predicate);
      expect(found).toHaveLength(1);
      return found[0];
    };
    expect(one((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toMatchObject({
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(one((a) => a.MetricName === '5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum', Threshold: 1 });
    const service = [{ Name: 'service', Value: 'si-centang' }];
    expect(one((a) => a.MetricName === 'EscalationRunIncomplete')).toMatchObject({
      Namespace: 'SiCentang',
      Dimensions: service,
      Statistic: 'Sum',
      Period: 900,
      Threshold: 1,
    });
    const [escalateId] = appFunctions(api).get('escalate')!;
    expect(one((a) => a.MetricName === 'Invocations' && a.Dimensions?.[0]?.Value?.Ref === escalateId)).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    expect(one((a) => a.MetricName === 'SmsSent')).toMatchObject({
      Namespace: 'SiCentang',
      Dimensions: service,
      Statistic: 'Sum',
      Period: 3600,
      Threshold: DEFAULT_SMS_ALARM_PER_HOUR,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const custom = Template.fromStack(build({ api: { sms: { alarmPerHour: 50 } } }).api);
    expect(alarms(custom).find((a) => a.MetricName === 'SmsSent')?.Threshold).toBe(50);
  });

  it('has a KMS-encrypted operations topic that CloudWatch alarms of this account may publish to', () => {
    const [[topicId, topic]] = ofType(stateful, 'AWS::SNS::Topic').filter(([id]) => id.startsWith('OpsAlarms')) as [[string, Resource]];
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = (stateful.toJSON().Resources as Record<string, Resource>)[keyId]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
    stateful.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });
});
