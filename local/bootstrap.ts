/**
 * Creates the tables and the bucket in the local stand-ins (DynamoDB Local, s3rver), from the same table
 * definition CDK builds the real ones from. Every step is idempotent, so `npm start` can run it against a
 * persisted -dbPath every time.
 */
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { IDEMPOTENCY_TABLE, MAIN_TABLE, type TableDefinition } from '../shared/table/definition';

/** The CreateTable request for a definition. Pure, so a test can hold it against the synthesized template. */
export function tableDescriptionFor(def: TableDefinition, name: string): CreateTableCommandInput {
  // Only key attributes are declared (DynamoDB rejects any other), each once though several indexes share them.
  const keyNames = [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  const attributes: AttributeDefinition[] = [...new Set(keyNames.filter((k): k is string => k !== undefined))].map(
    (AttributeName) => ({ AttributeName, AttributeType: 'S' }),
  );

  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes,
    KeySchema: [
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' as const }] : []),
    ],
    ...(def.indexes.length > 0 && {
      GlobalSecondaryIndexes: def.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
          { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
        ],
        Projection:
          index.projection.type === 'INCLUDE'
            ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection.attributes] }
            : { ProjectionType: index.projection.type },
      })),
    }),
    ...(def.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } }),
  };
}

export async function createTables(
  client: DynamoDBClient,
  names: { main: string; idempotency: string },
): Promise<void> {
  await createTable(client, MAIN_TABLE, names.main);
  await createTable(client, IDEMPOTENCY_TABLE, names.idempotency);
}

async function createTable(client: DynamoDBClient, def: TableDefinition, name: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDescriptionFor(def, name)));
  } catch (err) {
    // already there (a persisted -dbPath, a second run): keep it; a changed definition needs a fresh data dir
    if ((err as Error).name !== 'ResourceInUseException') throw err;
  }
  // DynamoDB Local answers ACTIVE at once; the waiter keeps this right against anything slower
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });

  // TTL is not part of CreateTable. UpdateTimeToLive fails when TTL is already on, so look first.
  if (def.timeToLiveAttribute) {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    if (TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  }
}

export async function createBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (err) {
    // AWS says OwnedByYou for our own bucket; s3rver says AlreadyExists for any existing one
    const code = (err as Error).name;
    if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw err;
  }
}
