/**
 * A history event read in the stream's attribute-value shape, not the document shape: the SMS drains hand it to
 * the notifier as if the stream had delivered it again.
 */
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeliveryRef } from './delivery-store';
import { eventSk, reportPk } from './report-items';

export async function readRawEventItem(doc: DynamoDBDocumentClient, table: string, ref: DeliveryRef): Promise<Record<string, AttributeValue> | undefined> {
  const out = await doc.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: reportPk(ref.reportId) }, sk: { S: eventSk(ref.eventSeq) } }, ConsistentRead: true }),
  );
  return out.Item;
}
