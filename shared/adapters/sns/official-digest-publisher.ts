/**
 * Publishes escalation digests to officials through one SNS topic (ESCALATION_TOPIC_ARN). Who receives what is
 * decided by the topic's subscriptions and their filter policies, which are configuration outside the code:
 *
 *   level      Number  1, 2, 3 … (the ladder rung)
 *   recipient  String  the rung's recipient code: unit-head, department-head, regional-secretary
 *   unit       String  the unit code, only on digests of per-unit rungs (level 1 by default)
 *
 * e.g. the head of Bina Marga subscribes by e-mail with {"level": [1], "unit": ["bina-marga"]}, the head of the
 * department with {"recipient": ["department-head"]}, the Sekda office with {"level": [{"numeric": [">=", 3]}]}.
 * Each digest is one Publish with MessageStructure 'json': SMS subscribers get `sms`, a summary of one or two
 * GSM-7 segments (count, the most overdue code) in the rung's language; e-mail subscribers get the full list
 * (`email`), and every other protocol the same (`default`). Filter policies therefore need no protocol attribute.
 *
 * A digest nobody's filter matches is dropped by SNS; that is a configuration gap, visible in the topic's
 * NumberOfNotificationsFilteredOut-* metrics.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { DigestMessage } from '../../escalation/digest';
import type { DigestPublisher } from '../../escalation/ports';

export function digestAttributes(message: DigestMessage): NonNullable<PublishCommand['input']['MessageAttributes']> {
  const { level, recipient, unit } = message.recipient;
  return {
    level: { DataType: 'Number', StringValue: String(level) },
    recipient: { DataType: 'String', StringValue: recipient },
    ...(unit !== undefined && { unit: { DataType: 'String', StringValue: unit } }),
  };
}

/** The per-protocol texts SNS picks from: each subscriber gets the key of its protocol, or `default`. */
export function digestMessageBody(message: DigestMessage): string {
  return JSON.stringify({ default: message.text, email: message.text, sms: message.sms });
}

export class SnsOfficialDigestPublisher implements DigestPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {
    if (!/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]{1,256}$/.test(topicArn)) throw new Error(`Not an SNS topic ARN: "${topicArn}"`);
  }

  async publish(message: DigestMessage): Promise<{ messageId: string }> {
    const out = await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: message.subject,
        MessageStructure: 'json',
        Message: digestMessageBody(message),
        MessageAttributes: digestAttributes(message),
      }),
    );
    return { messageId: out.MessageId ?? '' };
  }
}
