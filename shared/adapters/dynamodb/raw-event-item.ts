/**
 * A history event (or, for a reply, the inbound message) read in the stream's attribute-value shape, not the
 * document shape: the SMS drains hand it to the notifier as if the stream had delivered it again.
 */
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeliveryRef } from './delivery-store';
import { INBOUND_MESSAGE_SK } from './delivery-items';
import { eventSk, reportPk } from './report-items';

export async function readRawEventItem(doc: DynamoDBDocumentClient, table: string, ref: DeliveryRef): Promise<Record<string, AttributeValue> | undefined> {
  // a reply's "event" is the inbound message it answers, in that message's partition
  const key = ref.partition === undefined ? { pk: reportPk(ref.reportId), sk: eventSk(ref.eventSeq) } : { pk: ref.partition, sk: INBOUND_MESSAGE_SK };
  const out = await doc.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }));
  return out.Item;
}
