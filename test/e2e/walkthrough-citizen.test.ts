/** What a citizen meets following the README, over HTTP on the local stack. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  triage = await stack.token({ role: 'triage', sub: 'triage-walk' });
});
afterAll(() => stack?.stop());

const staff = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${triage}`, ...extra });

async function submit(overrides: Record<string, unknown> = {}) {
  const r = await call('POST', '/v1/reports', validReport(overrides));
  expect(r.status).toBe(201);
  return r.body as { id: string } & Record<string, any>;
}

async function move(id: string, body: Record<string, unknown>) {
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, staff())).headers.get('etag')!;
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, staff({ 'if-match': etag }));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r;
}

describe('reasons and notes the citizen reads by tracking code', () => {
  it('shows the reason of a rejection in the public view', async () => {
    const { id } = await submit();
    await move(id, { to: 'rejected', reason: 'Jalan ini jalan nasional, sudah kami teruskan ke BBPJN' });
    const view = await call('GET', `/v1/reports/${id}`);
    expect(view.body.history.at(-1)).toMatchObject({ from: 'received', to: 'rejected', note: 'Jalan ini jalan nasional, sudah kami teruskan ke BBPJN' });
  });
  it('shows the note of a verification', async () => {
    const { id } = await submit();
    await move(id, { to: 'verified', unit: 'bina-marga', note: 'Sudah dicek di lokasi' });
    const view = await call('GET', `/v1/reports/${id}`);
    expect(view.body.history.at(-1)).toMatchObject({ to: 'verified', note: 'Sudah dicek di lokasi' });
  });
});

describe('before verification', () => {
  it('shows not even the name the reporter asked to show', async () => {
    const { id } = await submit({ reporter: { phone: '0812-3456-7890', name: 'Budi Santoso', showName: true } });
    expect((await call('GET', `/v1/reports/${id}`)).body).not.toHaveProperty('reporterName');
    await move(id, { to: 'verified', unit: 'bina-marga' });
    expect((await call('GET', `/v1/reports/${id}`)).body.reporterName).toBe('Budi Santoso');
  });
});
