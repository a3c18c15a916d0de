/**
 * An anonymous report and a named duplicate of it from the same phone: nothing staff see may tell that the two
 * share a number. The original's SMS deliveries look the same whether the duplicate's number is the same or not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';
import { notifierReady } from '../support/notifier-ready';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  triage = `Bearer ${await stack.token({ role: 'triage' })}`;
  await notifierReady(stack);
});
afterAll(() => stack?.stop());

async function move(id: string, body: Record<string, unknown>) {
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage })).headers.get('etag')!;
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, { authorization: triage, 'if-match': etag });
  expect(r.status).toBe(200);
}

/** The follower's delivery record of the original's "verified" event, once the notifier has settled it. */
async function followerDelivery(original: string, follower: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const staff = await call('GET', `/v1/staff/reports/${original}`, undefined, { authorization: triage });
    const found = (staff.body.smsDeliveries as { recipient: string; status: string; reason?: string; eventSeq: number }[]).find(
      (d) => d.recipient === follower && d.eventSeq > 1 && d.status !== 'pending',
    );
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function scenario(originalPhone: string, duplicatePhone: string) {
  const original = (await call('POST', '/v1/reports', validReport({ reporter: { phone: originalPhone, anonymous: true } }))).body.id;
  const dup = (await call('POST', '/v1/reports', validReport({ reporter: { phone: duplicatePhone, name: 'Budi Santoso' } }))).body.id;
  await move(dup, { to: 'duplicate', duplicateOf: original });
  await move(original, { to: 'verified', unit: 'bina-marga' });
  const d = await followerDelivery(original, dup);
  return { status: d?.status, reason: d?.reason };
}

it('shows the same delivery outcome for the duplicate’s reporter whether or not the numbers match', async () => {
  const samePhone = await scenario('081277700001', '081277700001');
  const otherPhone = await scenario('081277700002', '081277700003');
  expect(otherPhone).toEqual({ status: 'sent', reason: undefined });
  expect(samePhone).toEqual(otherPhone);
});
