/**
 * SMS delivery records and the per-number daily counters, as laid out in the single table.
 *
 * A delivery record is one (history event, recipient) pair: pk `R#<code>` (the report whose event it is, so staff
 * read it in the same partition query as the history), sk `D#<event seq, 6 digits>#<recipient report code>`,
 * `entity: 'delivery'`. It is not a history event: writing it never touches the report item or its version, which
 * guards staff edits. It never holds the phone number; the recipient is named by its report code (the reporter's own
 * report, or a follower's duplicate report).
 *
 * Stored states: `sending` (claimed, with a lease), `pending` (a transient error released the claim; the stream
 * retries), `deferred` (waiting for the first-contact breaker), `held` (a status change's SMS waiting out the
 * coalescing window, until `dueAt`; see shared/notify/coalescing.ts), and the final `sent`, `skipped`, `failed`. Readers use `fromDeliveryItem`, which shows an abandoned claim
 * (`sending` past its lease: the notifier died between claim and record) as failed, reason `outcome-unknown`.
 *
 * The daily counter: pk `SMSCAP#<phoneKey(e164)>` (a hash, never the number), sk `YYYY-MM-DD` in the jurisdiction's
 * time zone, `count`, and `expiresAt` (the table's TTL attribute) so old days disappear by themselves.
 */
import type { CitizenSmsKind } from '../../domain/sms/templates';
import type { ReplyKind } from '../../domain/sms/reply-templates';
import { phoneKey } from '../../domain/phone';
import { reportPk } from './report-items';

export const DELIVERY_ENTITY = 'delivery';
export const DELIVERY_SK_PREFIX = 'D#';

export const deliverySk = (eventSeq: number, recipient: string) =>
  `${DELIVERY_SK_PREFIX}${String(eventSeq).padStart(6, '0')}#${recipient}`;

export const deliveryKey = (reportId: string, eventSeq: number, recipient: string) => ({
  pk: reportPk(reportId),
  sk: deliverySk(eventSeq, recipient),
});

/** The sort key of an inbound message's own item in its partition (pk `SMSIN#…`, see inbound-store.ts). */
export const INBOUND_MESSAGE_SK = 'M';

/**
 * The key of a delivery record. A reply to an inbound message has no report event: its record lives in the inbound
 * message's partition (`partition`), under the same sort key shape.
 */
export const deliveryKeyOf = (ref: { reportId: string; eventSeq: number; recipient: string; partition?: string }) =>
  ref.partition === undefined ? deliveryKey(ref.reportId, ref.eventSeq, ref.recipient) : { pk: ref.partition, sk: deliverySk(ref.eventSeq, ref.recipient) };

export const smsCapKey = async (e164: string, day: string) => ({ pk: `SMSCAP#${await phoneKey(e164)}`, sk: day });

export type StoredDeliveryStatus = 'sending' | 'pending' | 'deferred' | 'held' | 'sent' | 'skipped' | 'failed';
export const FINAL_STATUSES: ReadonlySet<StoredDeliveryStatus> = new Set(['sent', 'skipped', 'failed']);

/** Why a delivery was skipped or failed; failures otherwise carry the SDK error name (e.g. InvalidParameterException). */
export type DeliveryReason =
  | 'opted-out'
  | 'daily-cap'
  | 'same-number'
  | 'deferred'
  | 'deferred-expired'
  | 'no-phone'
  | 'outcome-unknown'
  /** held for the coalescing window (shown while `held`) */
  | 'coalescing'
  /** a later change of the same report came while this SMS was held: that one carries the latest state */
  | 'superseded'
  | (string & {});

/** `sender`: the number that sent an inbound message, getting its reply */
export type RecipientRole = 'reporter' | 'follower' | 'sender';

/** The stored item, as the notifier writes it. */
export interface DeliveryItem {
  pk: string;
  sk: string;
  entity: typeof DELIVERY_ENTITY;
  reportId: string;
  eventSeq: number;
  /** report code whose reporter receives the SMS: the report itself, or a follower's duplicate report */
  recipient: string;
  role: RecipientRole;
  kind: CitizenSmsKind | ReplyKind;
  language: string;
  status: StoredDeliveryStatus;
  reason?: DeliveryReason;
  /** claims made so far (a retried stream record claims again after a transient error) */
  attempts: number;
  segments?: number;
  encoding?: string;
  messageId?: string;
  /** last change */
  at: string;
  /** set while claimed: which invocation holds the claim, and until when */
  claimToken?: string;
  leaseUntil?: string;
  /** the transient error that released the last claim */
  lastError?: string;
  /** set while held for the coalescing window: when the SMS goes out unless a later change supersedes it */
  dueAt?: string;
  /** the event whose SMS superseded this one */
  supersededBy?: number;
}

/** What staff see for one SMS, in the report's history. No phone number, by construction. */
export interface DeliveryRecord {
  reportId: string;
  eventSeq: number;
  recipient: string;
  role: RecipientRole;
  kind: CitizenSmsKind | ReplyKind;
  status: 'sent' | 'skipped' | 'failed' | 'pending';
  reason?: DeliveryReason;
  attempts: number;
  segments?: number;
  messageId?: string;
  at: string;
  /** a held SMS: when it goes out unless a later change supersedes it */
  dueAt?: string;
  /** a superseded SMS: the event whose SMS carries the later state instead */
  supersededBy?: number;
}

export function isDeliveryItem(item: Record<string, unknown>): boolean {
  return item.entity === DELIVERY_ENTITY;
}

/**
 * The staff view of a stored delivery item. `now` decides whether a `sending` claim is still in flight (pending)
 * or was abandoned by a crashed notifier (failed, outcome-unknown: the SMS may or may not have gone out, and is not
 * sent again).
 */
export function fromDeliveryItem(item: Record<string, unknown>, now: Date = new Date()): DeliveryRecord {
  const d = item as unknown as DeliveryItem;
  let status: DeliveryRecord['status'];
  let reason = d.reason;
  switch (d.status) {
    case 'sent':
    case 'skipped':
    case 'failed':
      status = d.status;
      break;
    case 'sending':
      if (d.leaseUntil !== undefined && Date.parse(d.leaseUntil) <= now.getTime()) {
        status = 'failed';
        reason = 'outcome-unknown';
      } else {
        status = 'pending';
      }
      break;
    case 'held':
      status = 'pending';
      reason = 'coalescing';
      break;
    default:
      status = 'pending';
      if (d.lastError !== undefined) reason = d.lastError;
  }
  return {
    reportId: d.reportId,
    eventSeq: d.eventSeq,
    recipient: d.recipient,
    role: d.role,
    kind: d.kind,
    status,
    ...(reason !== undefined && { reason }),
    attempts: d.attempts ?? 0,
    ...(d.segments !== undefined && { segments: d.segments }),
    ...(d.messageId !== undefined && { messageId: d.messageId }),
    at: d.at,
    ...(d.status === 'held' && d.dueAt !== undefined && { dueAt: d.dueAt }),
    ...(d.supersededBy !== undefined && { supersededBy: d.supersededBy }),
  };
}
