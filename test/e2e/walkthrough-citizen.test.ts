/** What a citizen meets following the README, over HTTP on the local stack. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { textFile } from '../support/photo-fixtures';
import { client, startTestStack, uploadWithGrant, validReport } from '../support/local-stack';

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

describe('a confidential report, followed by its own reporter', () => {
  async function receiptFor(phone: string) {
    const deadline = Date.now() + 8_000;
    for (;;) {
      const mine = stack.sms.outbox().filter((m) => m.phoneNumber === phone);
      if (mine.length > 0 || Date.now() > deadline) return mine[0]?.message;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('opens with the key of the creation answer and of the receipt SMS link, and is 404 without it', async () => {
    const created = await submit({ confidential: true, reporter: { phone: '0812-7000-0001' } });
    expect(created.viewKey).toMatch(/^[a-z2-7]{10}$/);
    expect(created.trackUrl).toBe(`https://sicentang.serangkab.go.id/r/${created.id}?k=${created.viewKey}`);

    expect((await call('GET', `/v1/reports/${created.id}`)).status).toBe(404);
    expect((await call('GET', `/v1/reports/${created.id}?k=aaaaaaaaaa`)).status).toBe(404);
    const own = await call('GET', `/v1/reports/${created.id}?k=${created.viewKey}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: created.id, status: 'received' });

    const sms = await receiptFor('+6281270000001');
    expect(sms).toContain(`/r/${created.id}?k=${created.viewKey}`);
    const link = new URL(/https:\/\/\S+/.exec(sms!)![0]);
    expect((await call('GET', `/v1/reports/${created.id}?k=${link.searchParams.get('k')}`)).status).toBe(200);
  });

  it('carries the key in every later SMS to the reporter, so each link opens the report', async () => {
    const created = await submit({ confidential: true, reporter: { phone: '0812-7000-0003' } });
    await receiptFor('+6281270000003');
    await move(created.id, { to: 'rejected', reason: 'Lokasi di luar kewenangan kabupaten' });
    const deadline = Date.now() + 8_000;
    let rejection: string | undefined;
    while (!rejection && Date.now() < deadline) {
      rejection = stack.sms.outbox().filter((m) => m.phoneNumber === '+6281270000003')[1]?.message;
      if (!rejection) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rejection).toContain(`/r/${created.id}?k=${created.viewKey}`);
    const link = new URL(/https:\/\/\S+/.exec(rejection!)![0]);
    expect((await call('GET', `/v1/reports/${created.id}?k=${link.searchParams.get('k')}`)).status).toBe(200);
  });

  it('gives an ordinary report neither a key nor a key in its link', async () => {
    const created = await submit({ reporter: { phone: '0812-7000-0002' } });
    expect(created).not.toHaveProperty('viewKey');
    expect(created.trackUrl).toBe(`https://sicentang.serangkab.go.id/r/${created.id}`);
    expect(await receiptFor('+6281270000002')).not.toContain('?k=');
  });

  it('keeps the key out of the staff view (only its hash is stored, never shown)', async () => {
    const created = await submit({ confidential: true });
    const view = await call('GET', `/v1/staff/reports/${created.id}`, undefined, staff());
    const text = JSON.stringify(view.body);
    expect(text).not.toContain(created.viewKey);
    expect(text).not.toContain('viewKey');
  });

  it('does not open another confidential report with this key', async () => {
    const a = await submit({ confidential: true });
    const b = await submit({ confidential: true });
    expect((await call('GET', `/v1/reports/${b.id}?k=${a.viewKey}`)).status).toBe(404);
  });
});

describe('photos, as the citizen learns about them', () => {
  it('the creation answer says the upload token is shown once and lasts 24 hours', async () => {
    const created = await submit();
    expect(created.photoNotice).toMatch(/hanya ditampilkan sekali/);
    expect(created.photoNotice).toMatch(/24 jam/);
    expect(created.photoNotice).toContain(created.uploadTokenExpiresAt);
    const en = await call('POST', '/v1/reports', validReport(), { 'accept-language': 'en' });
    expect(en.body.photoNotice).toMatch(/shown only this once and is valid for 24 hours/);
  });
  it('the tracking view says which photo was refused and why', async () => {
    const created = await submit();
    const grant = await call('POST', `/v1/reports/${created.id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': created.uploadToken });
    expect(grant.status).toBe(201);
    expect(await uploadWithGrant(grant.body, textFile(), 'image/jpeg')).toBeLessThan(300);
    await stack.photos.idle();
    const view = await call('GET', `/v1/reports/${created.id}`);
    expect(view.body.photoRefusals).toEqual([
      { at: expect.any(String), reason: 'not-an-allowed-image', message: { id: 'File bukan foto JPEG, PNG atau WebP.', en: 'The file is not a JPEG, PNG or WebP photo.' } },
    ]);
  });
});
