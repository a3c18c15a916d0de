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
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ipQuotaSubject } from '../abuse/quotas';
import type { HttpEvent } from './handler';

const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * The key is scoped to the client that sent it (its source address, IPv6 by /64): the same key from another
 * address is another request, so a key seen in transit or guessed cannot replay someone else's answer (and its
 * upload token). A retry from a new address (a phone that changed networks) is then a new request; the duplicate
 * check on creation catches that case.
 */
export function idempotencyMiddleware(): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context> {
  const inner = makeHandlerIdempotent({
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requireEnv(ENV.idempotencyTableName), awsSdkV3Client: dynamoClient }),
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'headers."idempotency-key"',
      payloadValidationJmesPath: 'body',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: 24 * 3600,
    }),
  }) as middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>;
  // Requests whose `before` refused them (422 for another body, 409 while the first runs) and so own no record
  const refused = new WeakSet<object>();
  return {
    ...inner,
    before: async (request) => {
      const headers = request.event.headers;
      const key = headers?.[IDEMPOTENCY_HEADER];
      if (headers && key !== undefined && key !== '') {
        headers[IDEMPOTENCY_HEADER] = `${ipQuotaSubject(request.event.requestContext.http.sourceIp)} ${key}`;
      }
      try {
        return await inner.before?.(request);
      } catch (err) {
        refused.add(request);
        throw err;
      }
    },
    /*
     * Powertools' onError deletes the key's record so that a failed request can be retried. For a request its own
     * `before` refused, that record is the first request's: deleting it would let the next retry with the other body
     * create a second report, and leave the first client's retry without its answer.
     */
    onError: async (request) => {
      if (refused.has(request)) return;
      return inner.onError?.(request);
    },
  };
}
