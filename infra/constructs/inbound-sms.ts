/**
 * Two-way SMS, the inbound side: the SNS topic that AWS End User Messaging SMS publishes citizens' replies to, the
 * function subscribed to it, and the shared secret of the gateway webhook (POST /v1/inbound/sms, a route-table
 * function made by the API stack and handed in here to be given the secret).
 *
 * The topic is encrypted with a key of its own whose policy lets the End User Messaging service
 * (sms-voice.amazonaws.com) use it, and its policy lets that service publish for this account only. An operator
 * points the receiving phone number's (or pool's) two-way channel at the topic ARN this construct outputs (README,
 * Two-way SMS).
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/env';
import { INBOUND_ENV } from '../../shared/inbound/webhook-secret';
import type { AppTable } from './app-table';
import { AppFunction } from './lambda-function';

export const INBOUND_TOPIC_FUNCTION = 'receive-sms-topic';
export const INBOUND_WEBHOOK_FUNCTION = 'receive-sms-webhook';

export interface InboundSmsProps {
  readonly table: AppTable;
  /** where an inbound message that failed all its retries goes */
  readonly failureQueue: IQueue;
  /** the webhook's function from the route table: it reads the secret at cold start */
  readonly webhook: AppFunction;
}

export class InboundSms extends Construct {
  readonly topic: Topic;
  readonly subscriber: AppFunction;
  readonly webhookSecret: Secret;

  constructor(scope: Construct, id: string, props: InboundSmsProps) {
    super(scope, id);

    const smsService = new ServicePrincipal('sms-voice.amazonaws.com');
    const key = new Key(this, 'TopicKey', {
      description: 'Si Centang: encrypts the inbound SMS topic (citizens\' replies)',
      enableKeyRotation: true,
    });
    key.grant(smsService, 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: 'Si Centang inbound SMS', masterKey: key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EndUserMessagingOfThisAccount',
        principals: [smsService],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.subscriber = new AppFunction(this, 'ReceiveSmsTopicFunction', { name: INBOUND_TOPIC_FUNCTION, timeout: Duration.seconds(30) });
    this.subscriber.bindMainTable(props.table, ENV.tableName);
    // SNS invokes asynchronously: two retries within six hours, then the failure queue (the message is recorded
    // at most once whatever happens, so a retry never acts twice)
    this.subscriber.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(props.failureQueue) });
    this.topic.addSubscription(new LambdaSubscription(this.subscriber));

    /*
     * The webhook's shared secret, generated here and given to the gateway operator out of band. The function
     * gets only its ARN and reads the value at cold start (shared/inbound/webhook-secret.ts), so the value is
     * in no template and no function configuration.
     */
    this.webhookSecret = new Secret(this, 'WebhookSecret', {
      description: 'Si Centang: HMAC-SHA-256 key shared with the SMS gateway that calls POST /v1/inbound/sms',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.webhookSecret.grantRead(props.webhook);
    props.webhook.addEnvironment(INBOUND_ENV.secretArn, this.webhookSecret.secretArn);
    Validations.of(this.webhookSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No rotation Lambda: the value is shared with an outside SMS gateway, which must be given each new value ' +
        'by its operator at the same time; rotation is a manual, agreed step (README, Two-way SMS). Functions ' +
        'read it at cold start, so a new value takes effect without a deploy.',
    });

    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.topic.topicArn,
      description: 'Two-way SMS: set this as the inbound (two-way) SNS topic of the receiving phone number or pool',
    });
    new CfnOutput(this, 'InboundSmsWebhookSecretArn', {
      value: this.webhookSecret.secretArn,
      description: 'Two-way SMS: the HMAC secret to give the SMS gateway that calls POST /v1/inbound/sms',
    });
  }
}
