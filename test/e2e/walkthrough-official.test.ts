/** What an official meets following the README, over HTTP on the local stack. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { stageDueAt } from '../../shared/domain/deadlines';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  tokens.triage = await stack.token({ role: 'triage', sub: 'triage-walk' });
  tokens.officer = await stack.token({ role: 'officer', unit: 'bina-marga', sub: 'officer-walk' });
});
afterAll(() => stack?.stop());

const auth = (who: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens[who]}`, ...extra });

async function submit(overrides: Record<string, unknown> = {}) {
  const r = await call('POST', '/v1/reports', validReport(overrides));
  expect(r.status).toBe(201);
  return r.body.id as string;
}
const etagOf = async (id: string) => (await call('GET', `/v1/staff/reports/${id}`, undefined, auth('triage'))).headers.get('etag')!;

describe('priority and deadlines', () => {
  it('an urgent report is due within 4 working hours of its receipt', async () => {
    const id = await submit();
    const before = (await call('GET', `/v1/staff/reports/${id}`, undefined, auth('triage'))).body;
    const patched = await call('PATCH', `/v1/staff/reports/${id}`, { priority: 'urgent' }, auth('triage', { 'if-match': await etagOf(id) }));
    expect(patched.status).toBe(200);
    expect(patched.body.dueAt).toBe(stageDueAt('received', 'jalan-rusak', 'urgent', new Date(before.createdAt)));
    expect(patched.body.dueAt).not.toBe(before.dueAt);
    expect(patched.body.history.at(-1)).toMatchObject({ type: 'edit', data: { field: 'dueAt', from: before.dueAt, to: patched.body.dueAt } });
  });
});

describe('notes and photos do not make a move stale', () => {
  it('moves with the ETag read before another official added an internal note', async () => {
    const id = await submit();
    const etag = await etagOf(id);
    const note = await call('POST', `/v1/staff/reports/${id}/notes`, { text: 'Sudah ditelepon warga', visibility: 'internal' }, auth('triage'));
    expect(note.status).toBe(201);
    const moved = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, auth('triage', { 'if-match': etag }));
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // and the note is still there, before the move
    expect(moved.body.history.map((e: { type: string }) => e.type)).toEqual(['created', 'note', 'status']);
  });
  it('still refuses a move on a state someone else changed', async () => {
    const id = await submit();
    const etag = await etagOf(id);
    expect((await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, auth('triage', { 'if-match': etag }))).status).toBe(200);
    expect((await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'rejected', reason: 'Bukan kewenangan' }, auth('triage', { 'if-match': etag }))).status).toBe(412);
  });
  it('PATCH also survives a note added in between', async () => {
    const id = await submit();
    const etag = await etagOf(id);
    await call('POST', `/v1/staff/reports/${id}/notes`, { text: 'Catatan', visibility: 'public' }, auth('triage'));
    expect((await call('PATCH', `/v1/staff/reports/${id}`, { priority: 'high' }, auth('triage', { 'if-match': etag }))).status).toBe(200);
  });
});

describe('If-Match that was sent but names no version', () => {
  it.each(['*', '"-1"', '"99999999999999999999"', 'W/"abc"'])('%s is a 412 with the current ETag, not a 428', async (value) => {
    const id = await submit();
    const r = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, auth('triage', { 'if-match': value }));
    expect(r.status).toBe(412);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body.currentEtag).toBe('"1"');
    const p = await call('PATCH', `/v1/staff/reports/${id}`, { priority: 'high' }, auth('triage', { 'if-match': value }));
    expect(p.status).toBe(412);
  });
  it('a missing one is still a 428', async () => {
    const id = await submit();
    expect((await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, auth('triage'))).status).toBe(428);
  });
});

describe('caching of translated lists', () => {
  it.each(['/v1/categories', '/v1/districts'])('%s varies with Accept-Language', async (path) => {
    const id = await call('GET', path);
    const en = await call('GET', path, undefined, { 'accept-language': 'en' });
    expect(id.headers.get('cache-control')).toMatch(/public/);
    expect(id.headers.get('vary')).toMatch(/accept-language/i);
    expect(en.headers.get('vary')).toMatch(/accept-language/i);
  });
});

describe('closing a resolved report before the citizen could object', () => {
  async function resolved() {
    const id = await submit({ category: 'lainnya' });
    for (const body of [{ to: 'verified', unit: 'bina-marga' }, { to: 'in_progress' }, { to: 'resolved', note: 'Sudah dibersihkan' }]) {
      const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, auth('triage', { 'if-match': await etagOf(id) }));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    return id;
  }
  it('is refused to the officer who resolved it', async () => {
    const id = await resolved();
    const r = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'closed' }, auth('officer', { 'if-match': await etagOf(id) }));
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/masa sanggah/);
  });
  it('needs a reason from the desk, named in the caller\'s language', async () => {
    const id = await resolved();
    const r = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'closed' }, auth('triage', { 'if-match': await etagOf(id), 'accept-language': 'en' }));
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'reason', message: expect.stringMatching(/needs a reason/) }]);
    expect(r.body.detail).toMatch(/needs a reason/);
    const ok = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'closed', reason: 'Warga mengonfirmasi lewat telepon' }, auth('triage', { 'if-match': await etagOf(id) }));
    expect(ok.status).toBe(200);
    expect((await call('GET', `/v1/reports/${id}`)).body.history.at(-1)).toMatchObject({ to: 'closed', note: 'Warga mengonfirmasi lewat telepon' });
  });
});

describe('a staff request without a valid token', () => {
  it('is a problem+json 401 in the caller\'s language, with WWW-Authenticate', async () => {
    for (const [lang, pattern] of [['id', /Masuk sebagai staf/], ['en', /Sign in as staff/]] as const) {
      const r = await call('GET', '/v1/staff/reports', undefined, { authorization: 'Bearer nope', 'accept-language': lang });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(r.body).toMatchObject({ status: 401, type: expect.stringMatching(/\/problems\/unauthorized$/), detail: expect.stringMatching(pattern) });
    }
  });
});

describe('one language per error', () => {
  it('a move error says the same thing in detail and errors, in English when asked', async () => {
    const id = await submit();
    const r = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'rejected' }, auth('triage', { 'if-match': await etagOf(id), 'accept-language': 'en' }));
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('The reason is required.');
    expect(r.body.errors).toEqual([{ field: 'reason', message: 'The reason is required.' }]);
    const id2 = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'rejected' }, auth('triage', { 'if-match': await etagOf(id) }));
    expect(id2.body.errors).toEqual([{ field: 'reason', message: 'Isian alasan wajib diisi.' }]);
  });
  it('the completion photo error has a detail in one language', async () => {
    const id = await submit();
    for (const body of [{ to: 'verified', unit: 'bina-marga' }, { to: 'in_progress' }]) {
      await call('POST', `/v1/staff/reports/${id}/transitions`, body, auth('triage', { 'if-match': await etagOf(id) }));
    }
    const r = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'resolved', note: 'Selesai' }, auth('triage', { 'if-match': await etagOf(id) }));
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/^Unggah foto hasil pekerjaan/);
    expect(r.body.errors[0].message).not.toMatch(/Upload/);
  });
  it('?status=closed&overdue=true is explained in the caller\'s language and names overdue', async () => {
    const r = await call('GET', '/v1/staff/reports?status=closed&overdue=true', undefined, auth('triage'));
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'query.overdue', message: expect.stringMatching(/hanya berlaku/) }]);
    const en = await call('GET', '/v1/staff/reports?status=closed&sort=dueAt', undefined, auth('triage', { 'accept-language': 'en' }));
    expect(en.body.errors).toEqual([{ field: 'query.sort', message: expect.stringMatching(/applies to open statuses/) }]);
  });
});
