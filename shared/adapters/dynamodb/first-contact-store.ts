/**
 * The table side of the SMS circuit breaker for numbers the service has never texted (see
 * shared/notify/first-contact.ts). Layout, in the single table:
 *
 * - known number: pk `SMSCAP#<phoneKey>` (the partition of that number's daily counters), sk `KNOWN`, written when
 *   an SMS to it went out; `expiresAt` a year on, renewed by every SMS.
 * - budget counters: pk `SMSBREAKER`, sk `H#<UTC hour>` and `D#<local day>`, `count`, expiring by TTL. Both are
 *   taken in one transaction, so one admission never counts against one window and not the other.
 * - deferral queue: pk `SMSDEFER`, sk `<deferred at>#<report, or the inbound message's partition for a reply>#<event
 *   seq>#<recipient>`: oldest first. Written in one
 *   transaction with the delivery record turning `deferred`, so a deferred SMS is always in the queue.
 *
 * One partition for the counters and one for the queue: at most a few writes a second (the API's own throttle
 * bounds report creation), far below a partition's limit, and only first contacts touch them.
 */
import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { phoneKey, previousPhoneKey } from '../../domain/phone';
import { dayIn } from '../../domain/status-machine';
import { DELIVERY_ENTITY, deliveryKeyOf } from './delivery-items';
import type { DeliveryMeta, DeliveryRef } from './delivery-store';
import { readRawEventItem } from './raw-event-item';

const KNOWN_SK = 'KNOWN';
const BREAKER_PK = 'SMSBREAKER';
export const DEFER_PK = 'SMSDEFER';
const KNOWN_TTL_SECONDS = 365 * 24 * 3600;

export interface FirstContactBudget {
  perHour: number;
  perDay: number;
  timeZone: string;
}

export interface DeferredSms extends DeliveryRef {
  sk: string;
  deferredAt: string;
}

/** The marker of a number texted before, under one of its phone keys (see isKnown). */
const knownKey = (key: string) => ({ pk: `SMSCAP#${key}`, sk: KNOWN_SK });

const cancelledByCondition = (err: unknown) =>
  err instanceof TransactionCanceledException ||
  (err as { name?: string } | null)?.name === 'TransactionCanceledException' ||
  (err as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

export class DynamoFirstContactStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** While the phone-key pepper rotates, a number texted under the previous pepper is still known. */
  async isKnown(e164: string): Promise<boolean> {
    const keys = [knownKey(await phoneKey(e164))];
    const previous = await previousPhoneKey(e164);
    if (previous !== undefined) keys.push(knownKey(previous));
    for (const Key of keys) {
      const out = await this.doc.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }));
      if (out.Item !== undefined) return true;
    }
    return false;
  }

  async markKnown(e164: string, now: Date): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...knownKey(await phoneKey(e164)), at: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + KNOWN_TTL_SECONDS },
      }),
    );
  }

  /** One SMS to a new number against this hour's and this day's budget; false when either is used up. */
  async admit(now: Date, budget: FirstContactBudget): Promise<boolean> {
    const epoch = Math.floor(now.getTime() / 1000);
    const counter = (sk: string, max: number, expiresAt: number) => ({
      Update: {
        TableName: this.table,
        Key: { pk: BREAKER_PK, sk },
        UpdateExpression: 'ADD #count :one SET expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':max': max, ':exp': expiresAt },
      },
    });
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            counter(`H#${now.toISOString().slice(0, 13)}`, budget.perHour, epoch + 2 * 3600),
            counter(`D#${dayIn(now, budget.timeZone)}`, budget.perDay, epoch + 2 * 86_400),
          ],
        }),
      );
      return true;
    } catch (err) {
      if (cancelledByCondition(err)) return false;
      throw err;
    }
  }

  /** True when SMS wait in the queue: new first contacts then queue behind them, first come first served. */
  async hasBacklog(): Promise<boolean> {
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': DEFER_PK }, Limit: 1 }),
    );
    return (out.Items?.length ?? 0) > 0;
  }

  /** The delivery turns `deferred` and joins the queue, together. False when the delivery was already recorded. */
  async defer(meta: DeliveryMeta, now: Date): Promise<boolean> {
    const at = now.toISOString();
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: deliveryKeyOf(meta),
                // a held SMS (coalescing window over) may meet the breaker too
                ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:pending, :held)',
                UpdateExpression:
                  'SET #entity = :entity, reportId = :reportId, eventSeq = :eventSeq, recipient = :recipient, #role = :role, ' +
                  '#kind = :kind, #language = :language, #status = :deferred, #reason = :deferred, #at = :at ADD attempts :zero REMOVE lastError',
                ExpressionAttributeNames: {
                  '#entity': 'entity', '#role': 'role', '#kind': 'kind', '#language': 'language', '#status': 'status', '#reason': 'reason', '#at': 'at',
                },
                ExpressionAttributeValues: {
                  ':entity': DELIVERY_ENTITY, ':reportId': meta.reportId, ':eventSeq': meta.eventSeq, ':recipient': meta.recipient,
                  ':role': meta.role, ':kind': meta.kind, ':language': meta.language, ':pending': 'pending', ':held': 'held', ':deferred': 'deferred',
                  ':at': at, ':zero': 0,
                },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  pk: DEFER_PK,
                  // a reply is one message's: its partition tells it from another number's about the same report
                  sk: `${at}#${meta.partition ?? meta.reportId}#${String(meta.eventSeq).padStart(6, '0')}#${meta.recipient}`,
                  reportId: meta.reportId,
                  eventSeq: meta.eventSeq,
                  recipient: meta.recipient,
                  ...(meta.partition !== undefined && { partition: meta.partition }),
                  deferredAt: at,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (cancelledByCondition(err)) return false;
      throw err;
    }
  }

  /** The oldest deferred SMS first. */
  async listDeferred(limit: number): Promise<DeferredSms[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': DEFER_PK },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      sk: String(i.sk),
      reportId: String(i.reportId),
      eventSeq: Number(i.eventSeq),
      recipient: String(i.recipient),
      ...(typeof i.partition === 'string' && { partition: i.partition }),
      deferredAt: String(i.deferredAt),
    }));
  }

  async removeDeferred(sk: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: DEFER_PK, sk } }));
  }

  /** The history event a deferred SMS belongs to, in the stream's shape (the drain replays it). */
  getRawEventItem(ref: DeliveryRef): Promise<Record<string, AttributeValue> | undefined> {
    return readRawEventItem(this.doc, this.table, ref);
  }
}
