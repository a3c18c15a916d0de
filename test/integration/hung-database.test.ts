/**
 * A database that accepts the connection and never answers: with the configured request timeout the SDK gives up
 * (retries included) and the HTTP frame answers 503 with Retry-After, never a 500 and never a wait for the Lambda
 * timeout. The stand-in is a real TCP server that accepts and stays silent; the SDK, its retry strategy and the
 * real DynamoReportRepository run unchanged.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../local/http-adapter';
import { dynamoClientConfig, dynamoTimeoutsFromEnv, DYNAMODB_TIMEOUT_DEFAULTS } from '../../shared/adapters/dynamodb/client-config';
import { DynamoReportRepository } from '../../shared/adapters/dynamodb/report-repository';
import { httpHandler } from '../../shared/http/handler';
import { apiEvent } from '../support/api-events';

let server: Server;
let endpoint: string;
const sockets = new Set<Socket>();
let accepted = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // read everything, answer nothing
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function hungClient(requestTimeoutMs: number, maxAttempts: number) {
  const client = new DynamoDBClient({
    ...dynamoClientConfig({ connectionTimeoutMs: 1000, requestTimeoutMs, maxAttempts }),
    endpoint,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { client, doc: DynamoDBDocumentClient.from(client) };
}

describe('the DynamoDB timeouts', () => {
  it('are explicit by default, and configurable; a value that would turn them off is refused', () => {
    expect(dynamoTimeoutsFromEnv({})).toEqual(DYNAMODB_TIMEOUT_DEFAULTS);
    expect(dynamoTimeoutsFromEnv({ DYNAMODB_REQUEST_TIMEOUT_MS: '15000', DYNAMODB_MAX_ATTEMPTS: '2' })).toMatchObject({
      requestTimeoutMs: 15000,
      maxAttempts: 2,
    });
    expect(() => dynamoTimeoutsFromEnv({ DYNAMODB_REQUEST_TIMEOUT_MS: '0' })).toThrow(/DYNAMODB_REQUEST_TIMEOUT_MS/);
    expect(() => dynamoTimeoutsFromEnv({ DYNAMODB_CONNECTION_TIMEOUT_MS: 'abc' })).toThrow(/DYNAMODB_CONNECTION_TIMEOUT_MS/);
    const config = dynamoClientConfig(DYNAMODB_TIMEOUT_DEFAULTS);
    expect(config.requestHandler).toMatchObject({ connectionTimeout: 1000, requestTimeout: 1500, throwOnRequestTimeout: true });
    // the whole budget (attempts × request timeout) stays well inside the 10 s Lambda timeout
    expect(DYNAMODB_TIMEOUT_DEFAULTS.maxAttempts * DYNAMODB_TIMEOUT_DEFAULTS.requestTimeoutMs).toBeLessThanOrEqual(7000);
  });

  it('a hung endpoint is a TimeoutError from the SDK, after its retries', async () => {
    const { client, doc } = hungClient(300, 2);
    const before = accepted;
    const repo = new DynamoReportRepository(doc, 'main');
    await expect(repo.getWithHistory('7KQ4-M9XP')).rejects.toMatchObject({ name: 'TimeoutError' });
    // the silent server did get the request: the time went to waiting, not to connecting
    expect(accepted - before).toBeGreaterThanOrEqual(1);
    client.destroy();
  });

  it('a hung endpoint answers 503 with Retry-After through the HTTP frame, never 500', async () => {
    const { client, doc } = hungClient(300, 1);
    const repo = new DynamoReportRepository(doc, 'main');
    const handler = httpHandler(async () => {
      const found = await repo.getWithHistory('7KQ4-M9XP');
      return { status: 200, body: { found: found !== undefined } };
    });
    for (const lang of ['id', 'en']) {
      const { event } = apiEvent({ method: 'GET', target: '/v1/reports/7KQ4-M9XP', headers: { 'accept-language': lang } });
      const result = await handler(event as never, lambdaContext('test'));
      expect(result.statusCode).toBe(503);
      expect(result.headers).toMatchObject({ 'retry-after': expect.stringMatching(/^\d+$/), 'content-type': expect.stringMatching(/problem\+json/) });
      const body = JSON.parse(result.body!);
      expect(body.status).toBe(503);
      expect(body.detail).toMatch(lang === 'en' ? /may or may not have been recorded/ : /mungkin sudah tercatat atau belum/);
    }
    client.destroy();
  });
});
