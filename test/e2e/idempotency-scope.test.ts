/** An Idempotency-Key belongs to the client that sent it: the same key from another address replays nothing. */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

/** POST /v1/reports from a chosen loopback address (all of 127.0.0.0/8 is loopback on Linux). */
function postFrom(localAddress: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const url = new URL('/v1/reports', stack.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

it('replays the answer to its own client only; another address with the same key and body gets its own report', async () => {
  const body = validReport({ reporter: { phone: '081244400001' } });
  const key = { 'idempotency-key': 'c0ffee00-1111-4222-8333-444455556666' };
  const first = await postFrom('127.0.0.2', body, key);
  const retry = await postFrom('127.0.0.2', body, key);
  const other = await postFrom('127.0.0.3', body, key);
  expect([first.status, retry.status, other.status]).toEqual([201, 201, 201]);
  expect(retry.body).toEqual(first.body);
  expect(other.body.id).not.toBe(first.body.id);
  expect(other.body.uploadToken).not.toBe(first.body.uploadToken);
});
