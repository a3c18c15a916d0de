/**
 * The table side of SMS coalescing (see shared/notify/coalescing.ts). Layout, in the single table:
 *
 * - a held SMS is its delivery record (pk `R#<code>`, sk `D#<seq>#<recipient>`) in status `held`, with `dueAt`;
 * - the hold queue: pk `SMSHOLD`, sk `<dueAt>#<report>#<event seq>#<recipient>`, so the scheduled drain finds the
 *   SMS that are due with one Query (`sk < now`), oldest first. Written in one transaction with the delivery record
 *   turning `held`, so a held SMS is always in the queue. A queue item whose delivery went another way (sent,
 *   superseded) is removed by the drain when it meets it.
 *
 * One partition for the queue: at most one item per status change that calls for an SMS, a few writes a minute at a
 * regency's volume, far below a partition's limit.
 */
import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DELIVERY_ENTITY, DELIVERY_SK_PREFIX, deliveryKey, type DeliveryItem } from './delivery-items';
import { isConditionalCheckFailed, type DeliveryMeta, type DeliveryRef } from './delivery-store';
import { readRawEventItem } from './raw-event-item';
import { reportPk } from './report-items';

export const HOLD_PK = 'SMSHOLD';

export interface HeldSms extends DeliveryRef {
  /** the queue item's sort key */
  sk: string;
  dueAt: string;
}

const cancelledByCondition = (err: unknown) =>
  err instanceof TransactionCanceledException ||
  (err as { name?: string } | null)?.name === 'TransactionCanceledException' ||
  isConditionalCheckFailed(err);

export class DynamoHeldSmsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The delivery turns `held` until `dueAt` and joins the hold queue, together. False when it was already recorded. */
  async hold(meta: DeliveryMeta, dueAt: Date, now: Date): Promise<boolean> {
    const due = dueAt.toISOString();
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: deliveryKey(meta.reportId, meta.eventSeq, meta.recipient),
                ConditionExpression: 'attribute_not_exists(pk)',
                UpdateExpression:
                  'SET #entity = :entity, reportId = :reportId, eventSeq = :eventSeq, recipient = :recipient, #role = :role, ' +
                  '#kind = :kind, #language = :language, #status = :held, dueAt = :due, #at = :at ADD attempts :zero',
                ExpressionAttributeNames: {
                  '#entity': 'entity', '#role': 'role', '#kind': 'kind', '#language': 'language', '#status': 'status', '#at': 'at',
                },
                ExpressionAttributeValues: {
                  ':entity': DELIVERY_ENTITY, ':reportId': meta.reportId, ':eventSeq': meta.eventSeq, ':recipient': meta.recipient,
                  ':role': meta.role, ':kind': meta.kind, ':language': meta.language, ':held': 'held', ':due': due,
                  ':at': now.toISOString(), ':zero': 0,
                },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  pk: HOLD_PK,
                  sk: `${due}#${meta.reportId}#${String(meta.eventSeq).padStart(6, '0')}#${meta.recipient}`,
                  reportId: meta.reportId,
                  eventSeq: meta.eventSeq,
                  recipient: meta.recipient,
                  dueAt: due,
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

  /**
   * This recipient's SMS of the report that are held and not yet sent (held, or released to pending by a failed
   * send after their window): one Query in the report's partition, which holds a few dozen items at most.
   */
  async listHeld(reportId: string, recipient: string): Promise<DeliveryItem[]> {
    const out: DeliveryItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
          FilterExpression: 'recipient = :recipient AND attribute_exists(dueAt) AND #status IN (:held, :pending)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': reportPk(reportId), ':d': DELIVERY_SK_PREFIX, ':recipient': recipient, ':held': 'held', ':pending': 'pending' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      out.push(...((page.Items ?? []) as DeliveryItem[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  /** Closes a held SMS as skipped, superseded by the SMS of event `bySeq`. False when it went another way meanwhile. */
  async supersede(ref: DeliveryRef, bySeq: number, now: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: deliveryKey(ref.reportId, ref.eventSeq, ref.recipient),
          ConditionExpression: 'attribute_exists(dueAt) AND #status IN (:held, :pending)',
          UpdateExpression: 'SET #status = :skipped, #reason = :superseded, supersededBy = :by, #at = :at REMOVE lastError',
          ExpressionAttributeNames: { '#status': 'status', '#reason': 'reason', '#at': 'at' },
          ExpressionAttributeValues: {
            ':held': 'held', ':pending': 'pending', ':skipped': 'skipped', ':superseded': 'superseded', ':by': bySeq, ':at': now.toISOString(),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  /** Held SMS whose window has ended by `now`, oldest first. */
  async listDue(now: Date, limit: number): Promise<HeldSms[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        // the sort key starts with the due time; '$' sorts right after the '#' that follows it
        KeyConditionExpression: 'pk = :pk AND sk < :bound',
        ExpressionAttributeValues: { ':pk': HOLD_PK, ':bound': `${now.toISOString()}$` },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      sk: String(i.sk),
      reportId: String(i.reportId),
      eventSeq: Number(i.eventSeq),
      recipient: String(i.recipient),
      dueAt: String(i.dueAt),
    }));
  }

  async removeHeld(sk: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { pk: HOLD_PK, sk } }));
  }

  /** The history event a held SMS belongs to, in the stream's shape (the drain replays it). */
  getRawEventItem(ref: DeliveryRef): Promise<Record<string, AttributeValue> | undefined> {
    return readRawEventItem(this.doc, this.table, ref);
  }
}
