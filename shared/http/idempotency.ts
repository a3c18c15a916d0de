/**
 * `Idempotency-Key` on POST: Powertools Idempotency stores the first answer and replays it for a retry
 * with the same key; the same key with a different body is refused (422), and a retry that arrives while
 * the first is still running gets 409. Without the header a request is simply not deduplicated.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { ENV, requireEnv } from '../config/env';
import { dynamoClient } from '../adapters/dynamodb/clients';

export function idempotencyMiddleware() {
  return makeHandlerIdempotent({
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requireEnv(ENV.idempotencyTableName), awsSdkV3Client: dynamoClient }),
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'headers."idempotency-key"',
      payloadValidationJmesPath: 'body',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: 24 * 3600,
    }),
  });
}
