/**
 * The inbound SMS notification of AWS End User Messaging SMS (two-way SMS), as published to the SNS topic of the
 * receiving phone number or pool: a JSON document in the SNS message. Only the fields the use case needs are read.
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms.html
 */
import * as z from 'zod/mini';
import type { InboundMessage } from '../use-cases/inbound/citizen-sent-message';

export const END_USER_MESSAGING_PROVIDER = 'aws-end-user-messaging';

export const inboundSmsNotificationSchema = z.object({
  originationNumber: z.string().check(z.minLength(1), z.maxLength(32)),
  destinationNumber: z.optional(z.string().check(z.maxLength(32))),
  messageKeyword: z.optional(z.string()),
  messageBody: z.string().check(z.maxLength(5000)),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(500)),
});
export type InboundSmsNotification = z.infer<typeof inboundSmsNotificationSchema>;

/** The message in an SNS notification, or undefined when it is not an inbound SMS notification. */
export function fromSnsMessage(message: string): InboundMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = inboundSmsNotificationSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return {
    provider: END_USER_MESSAGING_PROVIDER,
    messageId: parsed.data.inboundMessageId,
    from: parsed.data.originationNumber,
    body: parsed.data.messageBody,
  };
}
