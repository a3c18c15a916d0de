/**
 * A receipt the first-contact breaker deferred is sent later by the scheduled drain: it must be the same SMS the
 * stream notifier would have sent, including the link with the view key of a confidential report (without it the
 * citizen cannot open their own report).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { deferredSms } from '../support/deferred-sms';
import { notifierReady } from '../support/notifier-ready';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;

beforeAll(async () => {
  // a budget of one new number a day: the warm-up spends it, so the next new number's receipt waits
  stack = await startTestStack({ firstContactPerHour: 1, firstContactPerDay: 1 });
  await notifierReady(stack, '081100000000');
});
afterAll(() => stack?.stop());

it('sends a deferred receipt of a confidential report with the link that opens it', async () => {
  const call = client(stack.url);
  const created = await call('POST', '/v1/reports', validReport({ confidential: true, reporter: { phone: '0810-7000-0001' } }));
  expect(created.status).toBe(201);
  const { id, viewKey } = created.body as { id: string; viewKey: string };

  const deferred = deferredSms(stack);
  const deadline = Date.now() + 15_000;
  while ((await deferred.count()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(await deferred.count()).toBe(1);
  deferred.close();
  const receipts = () => stack.sms.outbox().filter((m) => m.phoneNumber === '+6281070000001');
  expect(receipts()).toEqual([]);

  // the breaker closes (here: the drain, loaded at its first run, reads a larger budget) and the drain sends it
  process.env.SMS_FIRST_CONTACT_PER_HOUR = '100';
  process.env.SMS_FIRST_CONTACT_PER_DAY = '100';
  await stack.smsDrain.runNow();
  expect(receipts()).toHaveLength(1);
  const sms = receipts()[0]!.message;
  expect(sms).toContain(`/r/${id}?k=${viewKey}`);
  const link = new URL(/https:\/\/\S+/.exec(sms)![0]);
  expect((await call('GET', `/v1/reports/${id}?k=${link.searchParams.get('k')}`)).status).toBe(200);
});
