/**
 * Tables for one test file in the run's shared DynamoDB Local (started by ./global-setup.ts).
 * Unique names instead of cleanup: DynamoDB Local runs in memory and dies with the run.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTables } from '../../local/bootstrap';
import { dynamoClientConfig } from '../../shared/adapters/dynamodb/client-config';

export interface TestTables {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  main: string;
  idempotency: string;
}

export async function createTestTables(prefix = 'test'): Promise<TestTables> {
  const client = new DynamoDBClient({
    // the functions' timeouts (raised for tests in vitest.config.ts): a request DynamoDB Local never answers fails
    // and is retried, where the SDK's default would wait for ever and the test would end only at its time-out
    ...dynamoClientConfig(),
    endpoint: inject('dynamoEndpoint'),
    region: 'ap-southeast-3',
    // DynamoDB Local runs with -sharedDb, so these only have to be present, not right
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // the same marshalling as shared/adapters/dynamodb/clients.ts
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  // table names allow [A-Za-z0-9_.-]
  const id = `${prefix.replace(/[^\w.-]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const names = { main: `${id}-main`, idempotency: `${id}-idempotency` };
  await createTables(client, names);
  return { client, doc, ...names };
}
