/**
 * A citizen whose POST timed out retries without an Idempotency-Key (nothing in a form tells them to send one):
 * the same number with the same description within the window gets the first report back, with the same code and
 * no second receipt SMS; a different description, or another number, is a new report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack({ dedupeWindowMinutes: 10, perPhonePerDay: 3 });
  call = client(stack.url);
});
afterAll(() => stack?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until a receipt naming `code` is in the SMS sink's outbox. */
async function receiptOf(code: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stack.sms.outbox().some((m) => m.message.includes(code)) && Date.now() < deadline) await sleep(100);
  expect(stack.sms.outbox().some((m) => m.message.includes(code))).toBe(true);
}
const smsNaming = (code: string) => stack.sms.outbox().filter((m) => m.message.includes(code));

describe('a report sent twice without Idempotency-Key', () => {
  it('gets the first report back: same code, no second report, one SMS, no second upload token', async () => {
    const body = validReport({ district: 'kragilan', description: 'Lampu jalan mati sepanjang Jalan Raya Kragilan sejak tiga hari' });
    const first = await call('POST', '/v1/reports', body);
    expect(first.status).toBe(201);
    const code = first.body.id as string;
    await receiptOf(code);

    // the same text written a little differently, the number written another way: the same submission
    const again = await call('POST', '/v1/reports', {
      ...body,
      description: '  lampu jalan MATI sepanjang Jalan Raya   Kragilan sejak tiga hari ',
      reporter: { ...body.reporter, phone: '+62 812-3456-7890' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: code, status: 'received', repeated: true, createdAt: first.body.createdAt });
    expect(again.body.uploadToken).toBeUndefined();
    expect(again.body.notice).toMatch(new RegExp(code));
    expect(again.headers.get('location')).toBe(`/v1/reports/${code}`);

    // a sentinel: another report's receipt arrives after any second receipt of the first would have been sent
    const other = await call('POST', '/v1/reports', validReport({ district: 'kragilan', description: 'Saluran air tersumbat di depan SD Negeri Kragilan 2' }));
    expect(other.status).toBe(201);
    await receiptOf(other.body.id);
    expect(smsNaming(code)).toHaveLength(1);

    // the repeat did not count against the number's daily quota (3): a third distinct report still goes through
    const third = await call('POST', '/v1/reports', validReport({ district: 'kragilan', description: 'Pohon tumbang menutup jalan desa di Kragilan' }));
    expect(third.status).toBe(201);
  });

  it('two copies racing each other make one report: both answers carry the same code', async () => {
    const body = validReport({
      district: 'baros',
      description: 'Jembatan kayu di Baros retak dan miring, berbahaya untuk anak sekolah',
      reporter: { phone: '081399998888' },
    });
    const [a, b] = await Promise.all([call('POST', '/v1/reports', body), call('POST', '/v1/reports', body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    await receiptOf(a.body.id);
    const sentinel = await call('POST', '/v1/reports', { ...body, description: 'Sampah menumpuk di pinggir jalan Baros dekat pasar' });
    await receiptOf(sentinel.body.id);
    expect(smsNaming(a.body.id)).toHaveLength(1);
  });

  it('another description, or another number, is another report', async () => {
    const body = validReport({ district: 'cikande', description: 'Genangan air besar di perempatan Cikande setiap hujan', reporter: { phone: '081377776666' } });
    const first = await call('POST', '/v1/reports', body);
    const otherText = await call('POST', '/v1/reports', { ...body, description: 'Genangan air besar di perempatan Cikande setiap hujan deras' });
    const otherNumber = await call('POST', '/v1/reports', { ...body, reporter: { phone: '081355554444' } });
    expect([first.status, otherText.status, otherNumber.status]).toEqual([201, 201, 201]);
    expect(new Set([first.body.id, otherText.body.id, otherNumber.body.id]).size).toBe(3);
  });
});
