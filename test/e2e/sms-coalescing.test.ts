/**
 * SMS coalescing through the whole local stack (table stream → notifier → SMS sink; the scheduled drain function),
 * with a short window so the test need not wait twenty minutes. Every other e2e file runs with the window at 0.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';

/** long enough for two moves over HTTP on a loaded machine, short enough to wait out */
const WINDOW_SECONDS = 12;

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;

beforeAll(async () => {
  // read by the notifier at its first load, which the stack does after this
  process.env.SMS_COALESCE_MINUTES = String(WINDOW_SECONDS / 60);
  stack = await startTestStack();
  call = client(stack.url);
  triage = `Bearer ${await stack.token({ role: 'admin' })}`;
});
afterAll(async () => {
  await stack?.stop();
  process.env.SMS_COALESCE_MINUTES = '0';
});

const outboxFor = (phone: string) => stack.sms.outbox().filter((m) => m.phoneNumber === phone).map((m) => m.message);

async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function move(id: string, body: Record<string, unknown>) {
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage })).headers.get('etag')!;
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, { authorization: triage, 'if-match': etag });
  expect(r.status).toBe(200);
}

const deliveries = async (id: string) =>
  (await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage })).body.smsDeliveries as {
    eventSeq: number;
    status: string;
    reason?: string;
    supersededBy?: number;
    dueAt?: string;
  }[];

it('verified and work started within the window: one SMS with the latest state, sent by the drain after the window', async () => {
  const phone = '+6281090000001';
  // "other" asks for no completion photo, so the report can be resolved by a move alone
  const { body } = await call('POST', '/v1/reports', validReport({ category: 'lainnya', reporter: { phone: '081090000001' } }));
  await until(() => outboxFor(phone).length === 1);

  await move(body.id, { to: 'verified', unit: 'verifikasi' });
  await move(body.id, { to: 'in_progress', note: 'Tim berangkat' });
  const held = await until(async () => {
    const d = await deliveries(body.id);
    return d.length === 3 && d[2]!.reason === 'coalescing' && d;
  });
  expect(held[1]).toMatchObject({ eventSeq: 2, status: 'skipped', reason: 'superseded', supersededBy: 3 });
  expect(held[2]).toMatchObject({ eventSeq: 3, status: 'pending', reason: 'coalescing' });
  expect(outboxFor(phone)).toHaveLength(1);

  // the drain before the window ends sends nothing; after it, the one SMS
  await stack.smsDrain.runNow();
  expect(outboxFor(phone)).toHaveLength(1);
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(held[2]!.dueAt!) - Date.now()) + 200));
  await stack.smsDrain.runNow();
  const texts = outboxFor(phone);
  expect(texts).toHaveLength(2);
  expect(texts[1]).toContain('mulai ditangani');
  expect((await deliveries(body.id)).map((d) => d.status)).toEqual(['sent', 'skipped', 'sent']);

  // the final outcome goes out at once, without the drain
  await move(body.id, { to: 'resolved', note: 'Sudah ditambal' });
  expect(await until(() => outboxFor(phone).length === 2 + 1 && outboxFor(phone))).toHaveLength(3);
}, 60_000);
