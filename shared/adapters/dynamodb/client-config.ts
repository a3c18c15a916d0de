/**
 * How long the functions wait for DynamoDB. The SDK's defaults wait for ever (no connection or request timeout),
 * so a hung database held a request until the Lambda itself was killed, and the answer was a 500 while the write
 * might still land. Short, explicit limits make a hung or unreachable database a TimeoutError the HTTP frame
 * answers as 503 with Retry-After (shared/http/handler.ts), well inside the Lambda timeout (10 s by default) and
 * API Gateway's 30 s: attempts × requestTimeout plus the SDK's back-off stays under about 7.5 s per call with the defaults
 * (a request that makes several calls to a database that hangs between them can take longer; rare, and the
 * Lambda timeout still ends it).
 *
 *   DYNAMODB_CONNECTION_TIMEOUT_MS  1000   TCP (and TLS) connection set-up
 *   DYNAMODB_REQUEST_TIMEOUT_MS     1500   one attempt, request sent to answer read (DynamoDB answers in ms)
 *   DYNAMODB_MAX_ATTEMPTS           4      attempts per call, the first included: the SDK's own default for
 *                                          DynamoDB, kept so throttling is ridden out as before; timeouts retry too
 *
 * Tests on a loaded machine raise them through the environment (vitest.config.ts) rather than fail spuriously.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export const DYNAMODB_TIMEOUT_ENV = {
  connectionTimeoutMs: 'DYNAMODB_CONNECTION_TIMEOUT_MS',
  requestTimeoutMs: 'DYNAMODB_REQUEST_TIMEOUT_MS',
  maxAttempts: 'DYNAMODB_MAX_ATTEMPTS',
} as const;

export const DYNAMODB_TIMEOUT_DEFAULTS = { connectionTimeoutMs: 1000, requestTimeoutMs: 1500, maxAttempts: 4 } as const;

export interface DynamoTimeouts {
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
}

function intIn(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  // a typo must not silently turn the limit off (0 means "no timeout" to the SDK)
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return value;
}

export function dynamoTimeoutsFromEnv(env: Record<string, string | undefined> = process.env): DynamoTimeouts {
  return {
    connectionTimeoutMs: intIn(env, DYNAMODB_TIMEOUT_ENV.connectionTimeoutMs, DYNAMODB_TIMEOUT_DEFAULTS.connectionTimeoutMs, 50, 60_000),
    requestTimeoutMs: intIn(env, DYNAMODB_TIMEOUT_ENV.requestTimeoutMs, DYNAMODB_TIMEOUT_DEFAULTS.requestTimeoutMs, 50, 120_000),
    maxAttempts: intIn(env, DYNAMODB_TIMEOUT_ENV.maxAttempts, DYNAMODB_TIMEOUT_DEFAULTS.maxAttempts, 1, 10),
  };
}

/** The client settings: the request handler's timeouts, thrown as TimeoutError rather than only logged. */
export function dynamoClientConfig(timeouts: DynamoTimeouts = dynamoTimeoutsFromEnv()): DynamoDBClientConfig {
  return {
    maxAttempts: timeouts.maxAttempts,
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // without it the SDK only warns when requestTimeout passes and keeps waiting
      throwOnRequestTimeout: true,
    },
  };
}
