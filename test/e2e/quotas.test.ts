/** Creation and photo-grant quotas per phone number and per source address: 429 with Retry-After, nothing written. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack({ perPhonePerDay: 3, perIpPerHour: 5 });
  call = client(stack.url);
});
afterAll(() => stack?.stop());

it('refuses a fourth report from one number in a day, then anything more from one address in an hour', async () => {
  const replies = [];
  for (let i = 0; i < 4; i++) replies.push(await call('POST', '/v1/reports', validReport({ district: 'baros' })));
  expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 429]);
  const refused = replies[3]!;
  expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  // the same number written differently is the same number
  expect((await call('POST', '/v1/reports', validReport({ district: 'baros', reporter: { phone: '+62 812-3456-7890' } }))).status).toBe(429);
  // another number from the same address: the per-address quota (5 an hour) counted every attempt above
  expect((await call('POST', '/v1/reports', validReport({ district: 'baros', reporter: { phone: '081311112222' } }))).status).toBe(429);
  // photo grants draw on the same per-address budget, even with a valid upload token
  const { id, uploadToken } = replies[0]!.body;
  const grant = await call('POST', `/v1/reports/${id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': uploadToken });
  expect(grant.status).toBe(429);
  expect((await call('GET', '/v1/reports?district=baros')).body.items).toHaveLength(3);
});
