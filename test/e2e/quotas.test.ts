/** Creation quotas per phone number and per source address: 429 with Retry-After, and nothing written. */
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

it('refuses a fourth report from one number in a day, then a sixth from one address in an hour', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await call('POST', '/v1/reports', validReport({ district: 'baros' }))).status);
  expect(statuses).toEqual([201, 201, 201, 429]);
  const refused = await call('POST', '/v1/reports', validReport({ district: 'baros' }));
  expect(refused.status).toBe(429);
  expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  // the same number written differently is the same number
  expect((await call('POST', '/v1/reports', validReport({ district: 'baros', reporter: { phone: '+62 812-3456-7890' } }))).status).toBe(429);
  // another number from the same address: the per-address quota (5 an hour) counted every attempt above
  expect((await call('POST', '/v1/reports', validReport({ district: 'baros', reporter: { phone: '081311112222' } }))).status).toBe(429);
  const listed = await call('GET', '/v1/reports?district=baros');
  expect(listed.body.items).toHaveLength(3);
});
