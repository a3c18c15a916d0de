/** How many SMS a local stack's first-contact breaker holds in its deferral queue (read behind the API's back). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../local/stack';
import { DEFER_PK } from '../../shared/adapters/dynamodb/first-contact-store';

export function deferredSms(stack: LocalStack): { count(): Promise<number>; close(): void } {
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  return {
    async count() {
      const out = await doc.send(
        new QueryCommand({ TableName: stack.names.main, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': DEFER_PK }, Select: 'COUNT' }),
      );
      return out.Count ?? 0;
    },
    close: () => doc.destroy(),
  };
}
