/**
 * The SMS pumping run of the abuse review, against the whole local stack with its production limits scaled down by
 * three, so the run stays short (20 writes an hour per address, 10 reports a day per number, 20 first-contact SMS an
 * hour and 100 a day; production: 60, 10, 60 and 300): one address texting many numbers, then a /24 of addresses
 * each texting new numbers. Every accepted report is created; the SMS to new numbers stop at the breaker's budget
 * and wait in the deferral queue.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { deferredSms } from '../support/deferred-sms';
import { notifierReady } from '../support/notifier-ready';
import { startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let queue: ReturnType<typeof deferredSms>;

beforeAll(async () => {
  stack = await startTestStack({ perPhonePerDay: 10, perIpPerHour: 20, firstContactPerHour: 20, firstContactPerDay: 100 });
  queue = deferredSms(stack);
  // the warm-up texts one new number: one of the hour's 20
  await notifierReady(stack, '081100000000');
});
afterAll(async () => {
  queue?.close();
  await stack?.stop();
});

/** POST /v1/reports from a chosen loopback address (Linux routes all of 127.0.0.0/8 to the loopback interface). */
function postFrom(localAddress: string, body: unknown): Promise<number> {
  const url = new URL('/v1/reports', stack.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

let numberSeq = 0;
const nextNumber = () => `0813${String(++numberSeq).padStart(8, '0')}`;


/** Waits until every accepted report's receipt was either sent or deferred. */
async function settle(expected: number): Promise<{ sent: number; deferred: number }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const sent = stack.sms.outbox().length;
    const deferred = await queue.count();
    if (sent + deferred >= expected || Date.now() > deadline) return { sent, deferred };
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('bounds the SMS one address and one /24 can cause in an hour, while every accepted report is created', { timeout: 120_000 }, async () => {
  // the breaker's budget is per UTC hour: a run that straddles an hour boundary may spend two hours' budgets
  const startHour = new Date().toISOString().slice(0, 13);
  const budgetSpent = (sent: number) => (new Date().toISOString().slice(0, 13) === startHour ? sent === 20 : sent <= 40);
  // one address, 34 new numbers
  const single: number[] = [];
  for (let i = 0; i < 34; i++) single.push(await postFrom('127.0.0.2', validReport({ reporter: { phone: nextNumber() } })));
  expect(single.filter((s) => s === 201)).toHaveLength(20);
  expect(single.slice(20).every((s) => s === 429)).toBe(true);
  const afterOne = await settle(1 + 20);
  expect(afterOne.sent + afterOne.deferred).toBe(21);
  expect(budgetSpent(afterOne.sent)).toBe(true);

  // addresses of one /24: 20 of them, two new numbers each, all within their per-address quota
  // five addresses at a time, as many phones behind a NAT would send; each address sends its two in turn
  const spread: number[] = [];
  for (let first = 1; first <= 20; first += 5) {
    const hosts = Array.from({ length: 5 }, (_, i) => first + i);
    const answers = await Promise.all(
      hosts.map(async (host) => {
        const mine: number[] = [];
        for (let k = 0; k < 2; k++) mine.push(await postFrom(`127.0.5.${host}`, validReport({ reporter: { phone: nextNumber() } })));
        return mine;
      }),
    );
    spread.push(...answers.flat());
  }
  expect(spread.every((s) => s === 201)).toBe(true);
  const afterSpread = await settle(1 + 20 + 40);
  // not one more SMS: the hour's budget for new numbers is spent, the rest waits for the drain
  expect(afterSpread.sent + afterSpread.deferred).toBe(61);
  expect(budgetSpent(afterSpread.sent)).toBe(true);

  // the drain in the same hour sends nothing; the queue stays as it is
  const before = stack.sms.outbox().length;
  await stack.smsDrain.runNow();
  if (new Date().toISOString().slice(0, 13) === startHour) {
    expect(stack.sms.outbox()).toHaveLength(before);
    expect(await queue.count()).toBe(61 - before);
  }
});
