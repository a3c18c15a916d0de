/** Records from the DynamoDB Streams API turned into the shape Lambda delivers them in. */
import type { _Record as SdkRecord, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/** A record from the DynamoDB Streams API in the shape Lambda delivers: epoch seconds, binary as base64. */
export function toLambdaRecord(record: SdkRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const image = (img: Record<string, SdkAttributeValue> | undefined) =>
    img === undefined ? undefined : Object.fromEntries(Object.entries(img).map(([k, v]) => [k, attributeToJson(v)]));
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(created !== undefined && { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) }),
      ...(d.Keys && { Keys: image(d.Keys) }),
      ...(d.NewImage && { NewImage: image(d.NewImage) }),
      ...(d.OldImage && { OldImage: image(d.OldImage) }),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    ...(record.userIdentity && { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }),
    eventSourceARN: streamArn,
  } as DynamoDBRecord;
}

type JsonAttribute = Record<string, unknown>;

function attributeToJson(value: SdkAttributeValue): JsonAttribute {
  const v = value as unknown as Record<string, unknown>;
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: v.NULL };
  if (v.B !== undefined) return { B: Buffer.from(v.B as Uint8Array).toString('base64') };
  if (v.SS !== undefined) return { SS: v.SS };
  if (v.NS !== undefined) return { NS: v.NS };
  if (v.BS !== undefined) return { BS: (v.BS as Uint8Array[]).map((b) => Buffer.from(b).toString('base64')) };
  if (v.L !== undefined) return { L: (v.L as SdkAttributeValue[]).map(attributeToJson) };
  if (v.M !== undefined) {
    return { M: Object.fromEntries(Object.entries(v.M as Record<string, SdkAttributeValue>).map(([k, x]) => [k, attributeToJson(x)])) };
  }
  throw new TypeError(`Unknown attribute value: ${Object.keys(v).join(', ')}`);
}
