/**
 * Officers and district staff see a reporter's number and name only when they ask for them (`?reveal=contact`),
 * and only that reveal is recorded in the contact-read audit. Triage and admin see them as before (audited).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  tokens.admin = `Bearer ${await stack.token({ role: 'admin', sub: 'admin-rv' })}`;
  tokens.triage = `Bearer ${await stack.token({ role: 'triage', sub: 'triage-rv' })}`;
  tokens.officer = `Bearer ${await stack.token({ role: 'officer', unit: 'bina-marga', sub: 'officer-rv' })}`;
  tokens.district = `Bearer ${await stack.token({ role: 'district', district: 'cikande', sub: 'camat-rv' })}`;
});
afterAll(() => stack?.stop());

it('hides the contact from officers and district staff until they reveal it, and audits only the reveal', async () => {
  const id = (await call('POST', '/v1/reports', validReport({ reporter: { phone: '081055501234', name: 'Sari' } }))).body.id;
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: tokens.triage! })).headers.get('etag')!;
  expect((await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, { authorization: tokens.triage!, 'if-match': etag })).status).toBe(200);

  for (const role of ['officer', 'district'] as const) {
    const plain = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: tokens[role]! });
    expect(plain.status).toBe(200);
    expect(plain.body.reporter).toEqual({ anonymous: false, contactHidden: true, language: 'id' });
    expect(JSON.stringify(plain.body)).not.toContain('81055501234');
  }
  const revealed = await call('GET', `/v1/staff/reports/${id}?reveal=contact`, undefined, { authorization: tokens.officer! });
  expect(revealed.body.reporter).toMatchObject({ phone: '+6281055501234', name: 'Sari' });

  const month = new Date().toISOString().slice(0, 7);
  const audit = await call('GET', `/v1/staff/audit/contact-reads?month=${month}&limit=500`, undefined, { authorization: tokens.admin! });
  const reads = [...new Set(audit.body.items.filter((i: { reportId: string }) => i.reportId === id).map((i: { sub: string }) => i.sub))].sort();
  // the triage read (before verifying) and the officer's explicit reveal; not the officer's or the district's plain reads
  expect(reads).toEqual(['officer-rv', 'triage-rv']);
});
