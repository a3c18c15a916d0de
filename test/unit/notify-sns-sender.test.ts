/** The SNS adapter: what Publish is asked, and how each SNS answer maps to what the notifier does. */
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AuthorizationErrorException,
  CheckIfPhoneNumberIsOptedOutCommand,
  InternalErrorException,
  InvalidParameterException,
  InvalidParameterValueException,
  KMSThrottlingException,
  OptedOutException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { classifySnsError, SnsSmsSender, TransientSmsError } from '../../shared/adapters/sns/sms-sender';

const sns = mockClient(SNSClient);
const client = new SNSClient({ region: 'ap-southeast-1' });
const phone = '+6281234567890';
const meta = { $metadata: {}, message: 'x' };

beforeEach(() => sns.reset());

describe('SnsSmsSender.publish', () => {
  it('publishes to the number as a transactional SMS with the configured sender ID', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const out = await new SnsSmsSender(client, { senderId: 'SICENTANG' }).publish(phone, 'Halo');
    expect(out).toEqual({ status: 'sent', messageId: 'm-1' });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      PhoneNumber: phone,
      Message: 'Halo',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'SICENTANG' },
      },
    });
  });

  it('leaves the sender ID out when none is configured, and refuses one SNS would reject', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    await new SnsSmsSender(client).publish(phone, 'Halo');
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes).not.toHaveProperty(['AWS.SNS.SMS.SenderID']);
    for (const bad of ['SI CENTANG', 'SICENTANGKAB', '12345', '']) {
      expect(() => new SnsSmsSender(client, { senderId: bad })).toThrow(/sender ID/);
    }
  });

  it('maps an opted-out number to opted-out, never to a retry', async () => {
    sns.on(PublishCommand).rejects(new OptedOutException(meta));
    expect(await new SnsSmsSender(client).publish(phone, 'x')).toEqual({ status: 'opted-out' });
  });

  it.each([
    ['InvalidParameterException', new InvalidParameterException(meta)],
    ['InvalidParameterValueException', new InvalidParameterValueException(meta)],
  ])('records %s as a permanent failure of this message', async (name, error) => {
    sns.on(PublishCommand).rejects(error);
    expect(await new SnsSmsSender(client).publish(phone, 'x')).toEqual({ status: 'rejected', error: name });
  });

  it.each([
    ['ThrottledException', new ThrottledException(meta)],
    ['KMSThrottlingException', new KMSThrottlingException(meta)],
    ['InternalErrorException', new InternalErrorException(meta)],
    // account-level: retried, then parked in the on-failure queue until an operator fixes IAM
    ['AuthorizationErrorException', new AuthorizationErrorException(meta)],
    ['TimeoutError', Object.assign(new Error('socket timeout'), { name: 'TimeoutError' })],
  ])('throws %s as transient, so the stream record is retried', async (name, error) => {
    sns.on(PublishCommand).rejects(error);
    const err = await new SnsSmsSender(client).publish(phone, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSmsError);
    expect((err as TransientSmsError).errorName).toBe(name);
    expect((err as Error).message).not.toContain('81234567890');
  });

  it('keeps the number out of the transient error, even when SNS quotes it', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new InternalErrorException({ $metadata: {}, message: `Cannot deliver to ${phone}` })));
    const err = await new SnsSmsSender(client).publish(phone, 'x').catch((e: unknown) => e);
    expect(JSON.stringify(err)).not.toContain('81234567890');
    expect(String(err)).not.toContain('81234567890');
    expect((err as Error).cause).toBeUndefined();
  });

  it('reports an outcome nobody knows when its own deadline cut the call short', async () => {
    const deadline = new AbortController();
    sns.on(PublishCommand).callsFake(async () => {
      deadline.abort();
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    });
    expect(await new SnsSmsSender(client).publish(phone, 'x', { abortSignal: deadline.signal })).toEqual({ status: 'unknown', error: 'AbortError' });
  });
});

describe('SnsSmsSender.isOptedOut', () => {
  it('asks SNS whether the number opted out', async () => {
    sns.on(CheckIfPhoneNumberIsOptedOutCommand, { phoneNumber: phone }).resolves({ isOptedOut: true });
    expect(await new SnsSmsSender(client).isOptedOut(phone)).toBe(true);
    sns.on(CheckIfPhoneNumberIsOptedOutCommand, { phoneNumber: phone }).resolves({ isOptedOut: false });
    expect(await new SnsSmsSender(client).isOptedOut(phone)).toBe(false);
  });

  it('leaves the verdict on a number it cannot check to Publish, and retries on throttling', async () => {
    sns.on(CheckIfPhoneNumberIsOptedOutCommand).rejects(new InvalidParameterException(meta));
    expect(await new SnsSmsSender(client).isOptedOut('+62')).toBe(false);
    sns.on(CheckIfPhoneNumberIsOptedOutCommand).rejects(new ThrottledException(meta));
    await expect(new SnsSmsSender(client).isOptedOut(phone)).rejects.toBeInstanceOf(TransientSmsError);
  });
});

describe('classifySnsError', () => {
  it('knows the errors by SDK name and by wire code', () => {
    expect(classifySnsError({ name: 'OptedOutException' })).toBe('opted-out');
    expect(classifySnsError({ name: 'SNSServiceException', Code: 'OptedOut' })).toBe('opted-out');
    expect(classifySnsError({ name: 'SNSServiceException', Code: 'InvalidParameter' })).toBe('rejected');
    expect(classifySnsError({ name: 'ParameterValueInvalid' })).toBe('rejected');
    expect(classifySnsError({ name: 'ValidationException' })).toBe('rejected');
    expect(classifySnsError({ name: 'SomethingNew' })).toBe('transient');
    expect(classifySnsError(null)).toBe('transient');
  });
});
