/**
 * Sends one SMS with Amazon SNS `Publish` to a phone number, and sorts SNS's answers into what the notifier does
 * with them. The only place the notifier touches the SNS client.
 *
 * What SNS answers, and what follows (names as the installed @aws-sdk/client-sns raises them):
 * - `OptedOutException` (wire code `OptedOut`): the holder replied STOP. Skipped and recorded, never retried. The
 *   Publish model does not list this error (SNS accepts the message and drops it, logging "opted out" in the
 *   delivery-status log), so `isOptedOut` asks `CheckIfPhoneNumberIsOptedOut` first; the error is still mapped in
 *   case SNS does answer it.
 * - `InvalidParameterException`, `InvalidParameterValueException` (wire `ParameterValueInvalid`),
 *   `ValidationException`: this message can never go out (bad number, bad attribute). Recorded as failed, not retried.
 * - `ThrottledException`, `KMSThrottlingException`, `InternalErrorException` and any other server fault, network
 *   errors, and account-level errors (`AuthorizationErrorException`, `InvalidSecurityException`, `KMS*`, unknown
 *   client errors): `TransientSmsError`. The stream record is retried and, once retries run out, lands in the
 *   on-failure queue, so a broken IAM policy or key loses nothing while an operator fixes it. The SDK has already
 *   retried throttling and server faults itself (3 attempts by default) before we see them.
 * - The caller's deadline (`abortSignal`) firing mid-call: `unknown`. The request may have reached SNS, so the
 *   notifier does not send again (at most once) and records the outcome as unknown.
 */
import { CheckIfPhoneNumberIsOptedOutCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

export type PublishOutcome =
  | { status: 'sent'; messageId: string }
  | { status: 'opted-out' }
  /** permanent for this message: record it failed with `error`, do not retry */
  | { status: 'rejected'; error: string }
  /** our deadline cut the call short after the request may have reached SNS: sent or not, nobody knows */
  | { status: 'unknown'; error: string };

/**
 * SNS could not take the message now; nothing was sent. Retry the stream record. It carries the SDK error's name
 * only, never the error itself: SNS messages can quote the phone number ("Invalid parameter: PhoneNumber Reason:
 * +62... is not valid"), and an error chain ends up in logs and on-failure records.
 */
export class TransientSmsError extends Error {
  override readonly name = 'TransientSmsError';
  constructor(
    /** the SDK error name, e.g. ThrottledException; safe to log and store */
    readonly errorName: string,
  ) {
    super(`SMS not sent: ${errorName}`);
  }
}

export interface SmsSender {
  isOptedOut(e164: string): Promise<boolean>;
  publish(e164: string, text: string, options?: { abortSignal?: AbortSignal }): Promise<PublishOutcome>;
}

export type SnsErrorClass = 'opted-out' | 'rejected' | 'transient';

const OPTED_OUT = new Set(['OptedOutException', 'OptedOut']);
const REJECTED = new Set([
  'InvalidParameterException',
  'InvalidParameter',
  'InvalidParameterValueException',
  'ParameterValueInvalid',
  'ValidationException',
]);

/** Sorts an error thrown by the SNS client. Unknown errors are transient: retried, then parked for an operator. */
export function classifySnsError(err: unknown): SnsErrorClass {
  const e = err as { name?: string; Code?: string } | null;
  const names = [e?.name, e?.Code].filter((n): n is string => typeof n === 'string');
  if (names.some((n) => OPTED_OUT.has(n))) return 'opted-out';
  if (names.some((n) => REJECTED.has(n))) return 'rejected';
  return 'transient';
}

export const errorName = (err: unknown): string => {
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^[\w.-]{1,100}$/.test(name) ? name : 'Error';
};

/** AWS: a sender ID is 1 to 11 letters and digits, at least one letter, no spaces. */
export const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/;

export interface SnsSmsSenderOptions {
  /** alphanumeric sender ID shown to the citizen; where a country needs it registered, register it first */
  senderId?: string;
}

export class SnsSmsSender implements SmsSender {
  private readonly attributes: NonNullable<PublishCommand['input']['MessageAttributes']>;

  constructor(
    private readonly client: SNSClient,
    options: SnsSmsSenderOptions = {},
  ) {
    if (options.senderId !== undefined && !SENDER_ID.test(options.senderId)) {
      throw new Error('SMS sender ID must be 1 to 11 letters and digits with at least one letter');
    }
    this.attributes = {
      // Transactional: delivered with priority and to numbers on do-not-disturb lists where the law allows,
      // which status updates the citizen asked for are
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      ...(options.senderId !== undefined && { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: options.senderId } }),
    };
  }

  async isOptedOut(e164: string): Promise<boolean> {
    try {
      const out = await this.client.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: e164 }));
      return out.isOptedOut === true;
    } catch (err) {
      switch (classifySnsError(err)) {
        case 'opted-out':
          return true;
        case 'rejected':
          // a number SNS will not even look up: Publish gives the verdict that gets recorded
          return false;
        default:
          throw new TransientSmsError(errorName(err));
      }
    }
  }

  async publish(e164: string, text: string, options: { abortSignal?: AbortSignal } = {}): Promise<PublishOutcome> {
    try {
      const out = await this.client.send(
        new PublishCommand({ PhoneNumber: e164, Message: text, MessageAttributes: this.attributes }),
        options.abortSignal ? { abortSignal: options.abortSignal } : {},
      );
      return { status: 'sent', messageId: out.MessageId ?? '' };
    } catch (err) {
      if (options.abortSignal?.aborted) return { status: 'unknown', error: errorName(err) };
      switch (classifySnsError(err)) {
        case 'opted-out':
          return { status: 'opted-out' };
        case 'rejected':
          return { status: 'rejected', error: errorName(err) };
        default:
          throw new TransientSmsError(errorName(err));
      }
    }
  }
}
