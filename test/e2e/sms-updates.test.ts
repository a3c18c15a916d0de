/** SMS to citizens through the whole local stack: table stream → notifier → SNS client → SMS sink. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  triage = `Bearer ${await stack.token({ role: 'triage' })}`;
});
afterAll(() => stack?.stop());

/** Waits (bounded) until the outbox holds `count` messages for the number. */
async function messagesFor(phone: string, count: number) {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const mine = stack.sms.outbox().filter((m) => m.phoneNumber === phone);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function move(id: string, body: Record<string, unknown>) {
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage })).headers.get('etag')!;
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, { authorization: triage, 'if-match': etag });
  expect(r.status).toBe(200);
}

it('texts the receipt with the code exactly as returned, then each status change, in the reporter’s language', async () => {
  const { body } = await call('POST', '/v1/reports', validReport({ reporter: { phone: '081200000001', language: 'en' } }));
  const [receipt] = await messagesFor('+6281200000001', 1);
  expect(receipt!.message).toContain(body.id);
  await move(body.id, { to: 'verified', unit: 'bina-marga', note: 'Catatan internal yang tidak boleh terkirim lewat SMS' });
  const messages = await messagesFor('+6281200000001', 2);
  expect(messages).toHaveLength(2);
  expect(messages[1]!.message).toContain(body.id);
  expect(messages[1]!.message).not.toContain('Catatan');
  expect(messages.map((m) => m.message).join(' ')).toMatch(/[Vv]erified|[Rr]eceived/);
  // the sink has the SMS before the notifier marks its record sent: read the records once the batch is done
  await stack.notifier.drained();
  const staff = await call('GET', `/v1/staff/reports/${body.id}`, undefined, { authorization: triage });
  expect(staff.body.smsDeliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);
  expect(JSON.stringify(staff.body.smsDeliveries)).not.toContain('81200000001');
});

it('sends the original’s updates to the reporter of a duplicate too', async () => {
  const original = (await call('POST', '/v1/reports', validReport({ reporter: { phone: '081200000002' } }))).body.id;
  const dup = (await call('POST', '/v1/reports', validReport({ reporter: { phone: '081200000003' } }))).body.id;
  await messagesFor('+6281200000003', 1);
  await move(dup, { to: 'duplicate', duplicateOf: original });
  const dupMessages = await messagesFor('+6281200000003', 2);
  expect(dupMessages[1]!.message).toContain(original);
  await move(original, { to: 'verified', unit: 'bina-marga' });
  expect(await messagesFor('+6281200000002', 2)).toHaveLength(2);
  expect(await messagesFor('+6281200000003', 3)).toHaveLength(3);
});

it('a provider failing three times, then recovering, still delivers exactly one SMS', async () => {
  stack.sms.failNext(3);
  const { body } = await call('POST', '/v1/reports', validReport({ reporter: { phone: '081200000004' } }));
  const messages = await messagesFor('+6281200000004', 1);
  expect(messages).toHaveLength(1);
  expect(messages[0]!.message).toContain(body.id);
  // give any stray retry time to show itself
  await new Promise((r) => setTimeout(r, 1_500));
  expect(stack.sms.outbox().filter((m) => m.phoneNumber === '+6281200000004')).toHaveLength(1);
});
