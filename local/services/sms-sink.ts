/**
 * A local stand-in for Amazon SNS, so the real `@aws-sdk/client-sns` runs unchanged against it
 * (AWS_ENDPOINT_URL_SNS points at whatever HTTP server mounts `handle`).
 *
 * Wire protocol, as the installed client speaks it (AwsQueryProtocol in @aws-sdk/core): a POST to `/` with
 * a form-encoded body `Action=Publish&Version=2010-03-31&PhoneNumber=...&Message=...&
 * MessageAttributes.entry.1.Name=...&MessageAttributes.entry.1.Value.StringValue=...`, answered with XML
 * `<PublishResponse><PublishResult><MessageId>`; errors are `<ErrorResponse><Error><Type><Code><Message>`.
 * Signatures are not checked.
 *
 * Inbound, it plays a phone texting the service's number: `inbound()` wraps a message the way AWS End User Messaging
 * publishes a two-way SMS to its SNS topic, and hands that SNS event to `deliverInbound` (the topic's subscriber).
 *
 * Nothing is sent anywhere: messages land in an outbox (memory, optionally a JSON-lines file so they survive
 * a restart of the local stack). Console lines mask the phone number; only outbox() has it whole.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SNSEvent } from 'aws-lambda';
import { maskPhone } from '../../shared/privacy/mask-phone';

export interface SmsMessage {
  phoneNumber?: string;
  topicArn?: string;
  message: string;
  sentAt: string;
  messageId: string;
  /** MessageAttributes by name: StringValue, or BinaryValue as sent (base64) */
  attributes: Record<string, string>;
  /** MessageStructure=json: the text per protocol (`default`, `sms`, `email`, …); `message` is then the default */
  protocols?: Record<string, string>;
}

export interface SmsSinkOptions {
  /** JSON-lines file the outbox is appended to and loaded from */
  outboxFile?: string;
  log?: (line: string) => void;
  /** the subscriber of the inbound topic: receives each inbound message as an SNS event */
  deliverInbound?: (event: SNSEvent) => Promise<void>;
}

export interface InboundSms {
  from: string;
  body: string;
  /** the provider's id of the message; made up when missing, as a provider always has one */
  messageId?: string;
}

/** The topic the local inbound messages are published to. */
export const LOCAL_INBOUND_TOPIC_ARN = `arn:aws:sns:ap-southeast-3:000000000000:si-centang-inbound-sms`;

export interface SmsSink {
  /** answers one SNS API call; `body` is the whole request body, already read */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void;
  outbox(): SmsMessage[];
  /** the next n HTTP calls (of any action; every SDK retry is one) answer 500 InternalError */
  failNext(n: number): void;
  /** every Publish to this number answers 400 InvalidParameter; null turns it off */
  failAlways(phoneNumber: string | null): void;
  /**
   * each HTTP call (of any action; every SDK retry is one, as for failNext) answers 500 InternalError with
   * probability p, drawn from `random` (default Math.random; pass a seeded one for a repeatable run); 0 turns it off
   */
  failRate(p: number, random?: () => number): void;
  clear(): void;
  /** a phone texts the service: delivered to the inbound topic's subscriber; resolves once it has handled it */
  inbound(message: InboundSms): Promise<{ messageId: string }>;
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
const ACCOUNT_ID = '000000000000';

export function createSmsSink(opts: SmsSinkOptions = {}): SmsSink {
  const log = opts.log ?? ((line: string) => console.log(line));
  const messages: SmsMessage[] = opts.outboxFile ? loadOutbox(opts.outboxFile) : [];
  let failuresLeft = 0;
  let failingNumber: string | null = null;
  let failProbability = 0;
  let draw: () => number = Math.random;

  function record(message: SmsMessage) {
    messages.push(message);
    if (opts.outboxFile) {
      mkdirSync(dirname(opts.outboxFile), { recursive: true });
      // one JSON object per line: appending never rewrites what is there, and a torn last line
      // (the process killed mid-write) costs one message, not the file
      appendFileSync(opts.outboxFile, `${JSON.stringify(message)}\n`);
    }
  }

  function publish(params: URLSearchParams, res: ServerResponse, requestId: string) {
    const phoneNumber = params.get('PhoneNumber') || undefined;
    // TargetArn is the mobile-push spelling of a destination; treat it like a topic
    const topicArn = params.get('TopicArn') || params.get('TargetArn') || undefined;
    const message = params.get('Message');
    if (message === null || message === '') {
      return sendError(res, requestId, 400, 'Sender', 'InvalidParameter', 'Invalid parameter: Message');
    }
    if (!phoneNumber === !topicArn) {
      return sendError(res, requestId, 400, 'Sender', 'InvalidParameter',
        'Invalid parameter: exactly one of PhoneNumber, TopicArn or TargetArn is required');
    }
    // as SNS: a per-protocol message is a JSON object of strings with at least `default`
    let protocols: Record<string, string> | undefined;
    if (params.get('MessageStructure') === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        parsed = undefined;
      }
      const entries = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : [];
      if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string') || typeof (parsed as { default?: unknown }).default !== 'string') {
        return sendError(res, requestId, 400, 'Sender', 'InvalidParameter',
          'Invalid parameter: Message Structure - No default entry in JSON message body');
      }
      protocols = Object.fromEntries(entries) as Record<string, string>;
    }
    const to = phoneNumber ? maskPhone(phoneNumber) : `topic ${topicArn}`;
    if (phoneNumber && phoneNumber === failingNumber) {
      log(`[sms] ${to} rejected (failAlways)`);
      return sendError(res, requestId, 400, 'Sender', 'InvalidParameter',
        'Invalid parameter: PhoneNumber Reason: rejected by the local SMS sink (failAlways)');
    }

    const sms: SmsMessage = {
      ...(phoneNumber ? { phoneNumber } : { topicArn }),
      message: protocols?.default ?? message,
      sentAt: new Date().toISOString(),
      messageId: randomUUID(),
      attributes: messageAttributes(params),
      ...(protocols && { protocols }),
    };
    record(sms);
    log(`[sms] ${to} ← ${JSON.stringify(preview(sms.message))}`);
    sendResult(res, requestId, 'Publish', `<MessageId>${sms.messageId}</MessageId>`);
  }

  return {
    handle(req, res, body) {
      const requestId = randomUUID();
      // The SDK always POSTs a form body; the query string is the GET spelling of the same protocol.
      const params = new URLSearchParams(
        body.length > 0 ? body.toString('utf8') : new URL(req.url ?? '/', 'http://localhost').search,
      );
      const action = params.get('Action') ?? '';

      if (failuresLeft > 0) {
        failuresLeft--;
        log(`[sms] ${action || 'request'} failed on purpose (failNext, ${failuresLeft} left)`);
        return sendError(res, requestId, 500, 'Receiver', 'InternalError', 'Injected failure (failNext)');
      }
      if (failProbability > 0 && draw() < failProbability) {
        log(`[sms] ${action || 'request'} failed on purpose (failRate ${failProbability})`);
        return sendError(res, requestId, 500, 'Receiver', 'InternalError', 'Injected failure (failRate)');
      }

      switch (action) {
        case 'Publish':
          return publish(params, res, requestId);
        case 'CheckIfPhoneNumberIsOptedOut':
          return sendResult(res, requestId, action, '<isOptedOut>false</isOptedOut>');
        case 'CreateTopic': {
          const name = params.get('Name') ?? '';
          if (!/^[\w-]{1,256}(\.fifo)?$/.test(name)) {
            return sendError(res, requestId, 400, 'Sender', 'InvalidParameter', 'Invalid parameter: Topic Name');
          }
          const arn = `arn:aws:sns:${regionOf(req)}:${ACCOUNT_ID}:${name}`;
          return sendResult(res, requestId, action, `<TopicArn>${escapeXml(arn)}</TopicArn>`);
        }
        case 'Subscribe': {
          // no fan-out: a topic's messages are recorded by Publish(TopicArn) and that is all
          const arn = `${params.get('TopicArn') ?? ''}:${randomUUID()}`;
          return sendResult(res, requestId, action, `<SubscriptionArn>${escapeXml(arn)}</SubscriptionArn>`);
        }
        default:
          return sendError(res, requestId, 400, 'Sender', 'InvalidAction',
            `The local SMS sink does not implement action ${JSON.stringify(action)}`);
      }
    },
    outbox: () => messages.map((m) => ({ ...m, attributes: { ...m.attributes }, ...(m.protocols && { protocols: { ...m.protocols } }) })),
    failNext(n) {
      failuresLeft = Math.max(0, Math.floor(n));
    },
    failAlways(phoneNumber) {
      failingNumber = phoneNumber;
    },
    failRate(p, random = Math.random) {
      if (!(p >= 0 && p <= 1)) throw new RangeError(`failRate needs a probability from 0 to 1, got ${p}`);
      failProbability = p;
      draw = random;
    },
    async inbound(message) {
      if (!opts.deliverInbound) throw new Error('No subscriber for inbound SMS');
      const messageId = message.messageId && message.messageId !== '' ? message.messageId : randomUUID();
      log(`[sms] ${maskPhone(message.from)} → ${JSON.stringify(preview(message.body))}`);
      await opts.deliverInbound(inboundSnsEvent(message.from, message.body, messageId));
      return { messageId };
    },
    clear() {
      messages.length = 0;
      if (opts.outboxFile && existsSync(opts.outboxFile)) writeFileSync(opts.outboxFile, '');
    },
  };
}

/** An inbound SMS as AWS End User Messaging publishes it to SNS, in the SNS event Lambda receives. */
function inboundSnsEvent(from: string, body: string, messageId: string): SNSEvent {
  const notification = {
    originationNumber: from,
    destinationNumber: '+6281100000099',
    messageKeyword: 'KEYWORD_000000000000',
    messageBody: body,
    inboundMessageId: messageId,
    previousPublishedMessageId: randomUUID(),
  };
  const now = new Date().toISOString();
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${LOCAL_INBOUND_TOPIC_ARN}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: LOCAL_INBOUND_TOPIC_ARN,
          Subject: '',
          Message: JSON.stringify(notification),
          Timestamp: now,
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

function loadOutbox(file: string): SmsMessage[] {
  if (!existsSync(file)) return [];
  const loaded: SmsMessage[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      loaded.push(JSON.parse(line) as SmsMessage);
    } catch {
      // a torn line from a killed process: skip it rather than refuse to start
    }
  }
  return loaded;
}

/** `MessageAttributes.entry.N.Name` / `.Value.StringValue` / `.Value.BinaryValue` → { name: value } */
function messageAttributes(params: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i++) {
    const prefix = `MessageAttributes.entry.${i}`;
    const value = params.get(`${prefix}.Value.StringValue`) ?? params.get(`${prefix}.Value.BinaryValue`) ?? '';
    attributes[params.get(`${prefix}.Name`)!] = value;
  }
  return attributes;
}

/** The region the client signed for (`Credential=key/date/region/sns/aws4_request`), so ARNs look right. */
function regionOf(req: IncomingMessage): string {
  return /Credential=[^/]*\/[^/]*\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'ap-southeast-3';
}

function preview(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}

function sendResult(res: ServerResponse, requestId: string, action: string, resultXml: string) {
  send(res, requestId, 200,
    `<${action}Response xmlns="${XMLNS}"><${action}Result>${resultXml}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
}

/** Type Receiver + 5xx is what the SDK classes as a server fault and retries; Sender + 4xx it throws at once. */
function sendError(res: ServerResponse, requestId: string, status: number, type: 'Sender' | 'Receiver', code: string, message: string) {
  send(res, requestId, status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
}

function send(res: ServerResponse, requestId: string, status: number, xml: string) {
  // the SDK reads $metadata.requestId from this header, not from the body
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  res.end(`<?xml version="1.0"?>\n${xml}`);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);
}
