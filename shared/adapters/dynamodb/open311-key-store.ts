/**
 * Open311 client keys in the single table: one small partition (`OPEN311KEY`, a handful of clients), one
 * item per key (`K#<id>`), holding the key's hash, never the key. Revoking keeps the record for the audit trail.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Open311Key, Open311KeyStore, StoredOpen311Key } from '../../open311/api-keys';

const PK = 'OPEN311KEY';
const sk = (id: string) => `K#${id}`;

function fromItem(item: Record<string, unknown>): StoredOpen311Key {
  const { pk: _pk, sk: _sk, entity: _entity, ...key } = item;
  return key as unknown as StoredOpen311Key;
}

export class DynamoOpen311KeyStore implements Open311KeyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(id: string): Promise<StoredOpen311Key | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: PK, sk: sk(id) } }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async put(key: StoredOpen311Key): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: PK, sk: sk(key.id), entity: 'open311-key', ...key }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async list(): Promise<Open311Key[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PK }, ExclusiveStartKey: startKey }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items.map((i) => {
      const { keyHash: _h, ...key } = fromItem(i);
      return key;
    });
  }

  /** Marks a key revoked; undefined when there is no such key. Revoking twice keeps the first time. */
  async revoke(id: string, at: string): Promise<Open311Key | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: PK, sk: sk(id) },
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const { keyHash: _h, ...key } = fromItem(out.Attributes ?? {});
      return key;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw err;
    }
  }
}
