/**
 * The answer an inbound message record carries (written by shared/adapters/dynamodb/inbound-store.ts): one SMS to
 * the message's sender, recorded in the message's own partition.
 */
import { REPLY_KINDS, type ReplyKind } from '../domain/sms/reply-templates';
import { smsSegments, type SmsEncoding } from '../domain/sms/segments';

export interface StoredReply {
  /** the inbound message's partition, where the delivery record lives */
  partition: string;
  phone: string;
  kind: ReplyKind;
  text: string;
  language: string;
  segments: number;
  encoding: SmsEncoding;
  /** the confirmation of an opt-out goes to the number that has just opted out */
  optOutExempt: boolean;
}

/** The reply of an inbound message record, or undefined when it is not whole. */
export function parseStoredReply(image: Record<string, unknown>): StoredReply | undefined {
  const r = image.reply as Record<string, unknown> | undefined;
  if (typeof image.pk !== 'string' || typeof image.phone !== 'string' || !r || typeof r.text !== 'string' || typeof r.kind !== 'string') return undefined;
  if (!(REPLY_KINDS as readonly string[]).includes(r.kind)) return undefined;
  const size = smsSegments(r.text);
  return {
    partition: image.pk,
    phone: image.phone,
    kind: r.kind as ReplyKind,
    text: r.text,
    language: typeof r.language === 'string' ? r.language : 'id',
    segments: size.segments,
    encoding: size.encoding,
    optOutExempt: r.optOutExempt === true,
  };
}
