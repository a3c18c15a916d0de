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
import { readSettings, SETTING_DEFAULTS } from '../../config/settings';

export const DYNAMODB_TIMEOUT_ENV = {
  connectionTimeoutMs: 'DYNAMODB_CONNECTION_TIMEOUT_MS',
  requestTimeoutMs: 'DYNAMODB_REQUEST_TIMEOUT_MS',
  maxAttempts: 'DYNAMODB_MAX_ATTEMPTS',
} as const;

export const DYNAMODB_TIMEOUT_DEFAULTS = {
  connectionTimeoutMs: SETTING_DEFAULTS.DYNAMODB_CONNECTION_TIMEOUT_MS,
  requestTimeoutMs: SETTING_DEFAULTS.DYNAMODB_REQUEST_TIMEOUT_MS,
  maxAttempts: SETTING_DEFAULTS.DYNAMODB_MAX_ATTEMPTS,
} as const;

export interface DynamoTimeouts {
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
}

export function dynamoTimeoutsFromEnv(env: Record<string, string | undefined> = process.env): DynamoTimeouts {
  const settings = readSettings(env);
  return {
    connectionTimeoutMs: settings.DYNAMODB_CONNECTION_TIMEOUT_MS,
    requestTimeoutMs: settings.DYNAMODB_REQUEST_TIMEOUT_MS,
    maxAttempts: settings.DYNAMODB_MAX_ATTEMPTS,
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
