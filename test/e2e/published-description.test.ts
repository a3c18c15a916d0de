/**
 * What verification publishes: the description with phone numbers, e-mail addresses and NIK masked. Triage sees
 * that text before verifying; staff keep the original.
 */
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

const typed = 'Jalan amblas di depan rumah, hubungi Budi 0812-7777-1234 atau budi@example.com, NIK 3604012345678901';
const personal = ['0812', '7777', '1234', 'budi@example.com', '3604012345678901'];

it('masks personal data in the published description; triage sees the preview, staff the original', async () => {
  const { body: created } = await call('POST', '/v1/reports', validReport({ description: typed }));
  const before = await call('GET', `/v1/staff/reports/${created.id}`, undefined, { authorization: triage });
  expect(before.body.description).toBe(typed);
  expect(before.body.publicDescription).toBe(
    'Jalan amblas di depan rumah, hubungi Budi [nomor disamarkan] atau [e-mail disamarkan], NIK [NIK disamarkan]',
  );

  const etag = before.headers.get('etag')!;
  const verified = await call('POST', `/v1/staff/reports/${created.id}/transitions`, { to: 'verified', unit: 'bina-marga' }, { authorization: triage, 'if-match': etag });
  expect(verified.status).toBe(200);

  const pub = await call('GET', `/v1/reports/${created.id}`);
  expect(pub.status).toBe(200);
  expect(pub.body.description).toBe(before.body.publicDescription);
  for (const piece of personal) expect(JSON.stringify(pub.body)).not.toContain(piece);
  const list = await call('GET', '/v1/reports?district=cikande');
  for (const piece of personal) expect(JSON.stringify(list.body)).not.toContain(piece);

  // a text triage writes is masked the same way, and the earlier text is gone from everything public
  const etag2 = (await call('GET', `/v1/staff/reports/${created.id}`, undefined, { authorization: triage })).headers.get('etag')!;
  const patched = await call('PATCH', `/v1/staff/reports/${created.id}`, { description: 'Jalan amblas, warga bisa dihubungi di 0813 1111 2222' }, { authorization: triage, 'if-match': etag2 });
  expect(patched.status).toBe(200);
  const after = await call('GET', `/v1/reports/${created.id}`);
  expect(after.body.description).toBe('Jalan amblas, warga bisa dihubungi di [nomor disamarkan]');
  expect(JSON.stringify(after.body)).not.toContain('Budi');
  const staff = await call('GET', `/v1/staff/reports/${created.id}`, undefined, { authorization: triage });
  expect(staff.body.description).toBe(typed);
});
