/** Officials' workflow over HTTP on the local stack: sign-in, scope, lifecycle, concurrency, queues, audit. */
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { cameraJpeg } from '../support/photo-fixtures';
import { client, startTestStack, uploadWithGrant, validReport } from '../support/local-stack';

/** A planned date must lie within five years: next year's dates stay valid whenever the tests run */
const PLAN_YEAR = new Date().getUTCFullYear() + 1;

let stack: LocalStack;
let call: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  tokens.admin = await stack.token({ role: 'admin', sub: 'admin-1' });
  tokens.triage = await stack.token({ role: 'triage', sub: 'triage-1' });
  tokens.officer = await stack.token({ role: 'officer', unit: 'bina-marga', sub: 'officer-bm' });
  tokens.otherOfficer = await stack.token({ role: 'officer', unit: 'sumber-daya-air', sub: 'officer-sda' });
  tokens.district = await stack.token({ role: 'district', district: 'cikande', sub: 'camat-cikande' });
  tokens.otherDistrict = await stack.token({ role: 'district', district: 'kopo', sub: 'camat-kopo' });
});
afterAll(() => stack?.stop());

const auth = (who: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens[who] ?? who}`, ...extra });

async function submit(overrides: Record<string, unknown> = {}) {
  const r = await call('POST', '/v1/reports', validReport(overrides));
  expect(r.status).toBe(201);
  return r.body.id as string;
}

async function staffView(id: string, who = 'triage') {
  const r = await call('GET', `/v1/staff/reports/${id}`, undefined, auth(who));
  return r;
}

async function move(id: string, who: string, body: Record<string, unknown>, etag?: string) {
  const current = etag ?? (await staffView(id, 'admin')).headers.get('etag')!;
  return call('POST', `/v1/staff/reports/${id}/transitions`, body, auth(who, { 'if-match': current }));
}

describe('the whole lifecycle', () => {
  it('submit → verify → start → resolve → reopen → resolve → close, public view at each step', async () => {
    const id = await submit();
    const publicView = async () => (await call('GET', `/v1/reports/${id}`)).body;
    expect((await publicView()).description).toBeUndefined();

    const verified = await move(id, 'triage', { to: 'verified', unit: 'bina-marga', note: 'Sudah dicek di lokasi' });
    expect(verified.status).toBe(200);
    expect(verified.headers.get('etag')).toBe('"2"');
    expect(verified.body).toMatchObject({ status: 'verified', unit: 'bina-marga', version: 2 });
    expect((await publicView())).toMatchObject({ status: 'verified', description: validReport().description });

    const started = await move(id, 'officer', { to: 'in_progress', note: 'Tim menuju lokasi', expectedAt: `${PLAN_YEAR}-01-31` });
    expect(started.status).toBe(200);
    expect(started.body.expectedAt).toBe(`${PLAN_YEAR}-01-31T10:00:00.000Z`);
    expect((await publicView()).expectedAt).toBe(`${PLAN_YEAR}-01-31T10:00:00.000Z`);

    // roads need an "after" photo before the work counts as done
    const noPhoto = await move(id, 'officer', { to: 'resolved', note: 'Lubang sudah ditambal' });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.body.errors[0].field).toBe('photos');
    const grant = await call('POST', `/v1/staff/reports/${id}/photos`, { contentType: 'image/jpeg' }, auth('officer'));
    expect(grant.status).toBe(201);
    expect(await uploadWithGrant(grant.body, await cameraJpeg(), 'image/jpeg')).toBeLessThan(300);
    await stack.photos.idle();
    expect((await move(id, 'officer', { to: 'resolved', note: 'Lubang sudah ditambal' })).status).toBe(200);
    const resolved = await publicView();
    expect(resolved.status).toBe('resolved');
    expect(resolved.dueAt).toBeUndefined();

    expect((await move(id, 'triage', { to: 'in_progress', note: 'Warga lapor tambalan lepas' })).status).toBe(200);
    // the old photo showed work that did not hold: a new one first
    expect((await move(id, 'officer', { to: 'resolved', note: 'Ditambal ulang dengan aspal panas' })).status).toBe(400);
    const again = await call('POST', `/v1/staff/reports/${id}/photos`, { contentType: 'image/jpeg' }, auth('officer'));
    expect(await uploadWithGrant(again.body, await cameraJpeg(), 'image/jpeg')).toBeLessThan(300);
    await stack.photos.idle();
    const resolvedAgain = await move(id, 'officer', { to: 'resolved', note: 'Ditambal ulang dengan aspal panas' });
    expect(resolvedAgain.status).toBe(200);
    // within the citizen's objection period only the desk closes, with a reason: the officer is not offered it
    expect(resolvedAgain.body.allowedMoves).toEqual(['in_progress']);
    expect((await move(id, 'officer', { to: 'closed' })).status).toBe(403);
    expect((await staffView(id)).body.allowedMoves).toEqual(['in_progress', 'closed']);
    const closed = await move(id, 'triage', { to: 'closed', reason: 'Warga sudah mengonfirmasi lewat telepon' });
    expect(closed.status).toBe(200);
    expect(closed.body.allowedMoves).toEqual([]);

    const history = (await publicView()).history;
    expect(history.map((h: { to?: string }) => h.to)).toEqual(['received', 'verified', 'in_progress', 'resolved', 'in_progress', 'resolved', 'closed']);
    const staff = await staffView(id);
    expect(staff.body.history.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(staff.body.history.filter((e: { type: string }) => e.type === 'photo')).toHaveLength(2);
  });

  it('submit → referred to another agency, with the agency public', async () => {
    const id = await submit({ district: 'kramatwatu' });
    const r = await move(id, 'triage', { to: 'referred', agency: 'bbpjn-banten', note: 'Jalan nasional' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'referred', agency: 'bbpjn-banten' });
    const pub = (await call('GET', `/v1/reports/${id}`)).body;
    expect(pub.status).toBe('referred');
    expect(pub.dueAt).toBeUndefined();
  });

  it('marks a duplicate of an open report and makes its reporter a follower of the original', async () => {
    const original = await submit();
    const dup = await submit();
    const r = await move(dup, 'triage', { to: 'duplicate', duplicateOf: original.toLowerCase() });
    expect(r.status).toBe(200);
    expect(r.body.duplicateOf).toBe(original);
    expect((await staffView(original)).body.followers).toEqual([dup]);
    // a closed or unknown report cannot be the original
    const third = await submit();
    const bad = await move(third, 'triage', { to: 'duplicate', duplicateOf: 'ZZZZ-ZZZZ' });
    expect(bad.status).toBe(400);
  });

  it('a rejection needs a reason, which the citizen can read', async () => {
    const id = await submit();
    const missing = await move(id, 'triage', { to: 'rejected' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('reason');
    expect((await move(id, 'triage', { to: 'rejected', reason: 'Lokasi di lahan pribadi' })).status).toBe(200);
    const pub = (await call('GET', `/v1/reports/${id}`)).body;
    expect(pub.history.at(-1)).toMatchObject({ to: 'rejected' });
  });
});

describe('refusals', () => {
  it('428 without If-Match, 412 when stale (before anything about the move), 409 listing allowed moves', async () => {
    const id = await submit();
    const noMatch = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, auth('triage'));
    expect(noMatch.status).toBe(428);
    const stale = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'closed' }, auth('triage', { 'if-match': '"9"' }));
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"1"');
    const impossible = await move(id, 'triage', { to: 'closed' });
    expect(impossible.status).toBe(409);
    expect(impossible.body.allowed).toEqual(expect.arrayContaining(['verified', 'rejected', 'duplicate', 'referred']));
    expect((await move('AAAA-AAAA', 'triage', { to: 'closed' }, '"1"')).status).toBe(404);
    expect((await staffView(id)).body.version).toBe(1);
  });

  it('an officer acts only on the unit’s reports; a district office reads and comments only in its kecamatan', async () => {
    const id = await submit({ district: 'cikande' });
    await move(id, 'triage', { to: 'verified', unit: 'bina-marga' });
    expect((await move(id, 'otherOfficer', { to: 'in_progress' })).status).toBe(403);
    expect((await staffView(id, 'otherOfficer')).status).toBe(403);
    expect((await staffView(id, 'district')).status).toBe(200);
    expect((await staffView(id, 'otherDistrict')).status).toBe(403);
    expect((await move(id, 'district', { to: 'in_progress' })).status).toBe(403);
    const note = await call('POST', `/v1/staff/reports/${id}/notes`, { text: 'Warga sekitar mengeluh', visibility: 'internal' }, auth('district'));
    expect(note.status).toBe(201);
    expect((await call('POST', `/v1/staff/reports/${id}/notes`, { text: 'x', visibility: 'internal' }, auth('otherDistrict'))).status).toBe(403);
    expect((await staffView(id)).body.status).toBe('verified');
  });

  it('rejects bad tokens like the JWT authorizer: none, bad signature, expired, wrong audience or issuer', async () => {
    const id = await submit();
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['admin'], client_id: 'si-centang-local-client', token_use: 'access' })
      .setProtectedHeader({ alg: 'ES256', kid: 'local-1' })
      .setSubject('mallory')
      .setIssuer('https://auth.local.si-centang')
      .setExpirationTime('1h')
      .sign(privateKey);
    const bad = [
      undefined,
      'Bearer',
      `Bearer ${forged}`,
      `Bearer ${await stack.token({ role: 'admin', expiresIn: -60 })}`,
      `Bearer ${await stack.token({ role: 'admin', clientId: 'another-app' })}`,
      `Bearer ${await stack.token({ role: 'admin', issuer: 'https://evil.example' })}`,
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    ];
    for (const authorization of bad) {
      const headers: Record<string, string> = authorization ? { authorization, 'if-match': '"1"' } : { 'if-match': '"1"' };
      expect((await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'rejected', reason: 'x' }, headers)).status).toBe(401);
      expect((await call('GET', `/v1/staff/reports/${id}`, undefined, headers)).status).toBe(401);
    }
    expect((await staffView(id)).body.status).toBe('received');
  });
});

describe('concurrency', () => {
  it('twenty simultaneous moves on one version: exactly one wins, the rest get 412, history without gaps or twins', async () => {
    const id = await submit();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: i % 2 ? 'bina-marga' : 'cipta-karya' }, auth('triage', { 'if-match': '"1"' })),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    const view = (await staffView(id)).body;
    expect(view.version).toBe(2);
    expect(view.history.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
  });

  it('notes racing with a move are all kept', async () => {
    const id = await submit();
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => call('POST', `/v1/staff/reports/${id}/notes`, { text: `catatan ${i}`, visibility: 'internal' }, auth('triage'))),
      move(id, 'triage', { to: 'verified', unit: 'bina-marga' }, '"1"'),
    ]);
    const history = (await staffView(id)).body.history as { seq: number; type: string }[];
    expect(history.filter((e) => e.type === 'note')).toHaveLength(5);
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
  });
});

describe('reading and working', () => {
  it('hides an anonymous reporter from officials and records every contact read for the audit', async () => {
    const anonymous = await submit({ reporter: { phone: '081299998888', name: 'Siti', anonymous: true } });
    const named = await submit({ reporter: { phone: '081277776666', name: 'Ahmad' } });
    expect((await staffView(anonymous)).body.reporter).toEqual({ anonymous: true, language: 'id' });
    const view = (await staffView(named, 'triage')).body;
    expect(view.reporter).toMatchObject({ phone: '+6281277776666', name: 'Ahmad' });
    const month = new Date().toISOString().slice(0, 7);
    const audit = await call('GET', `/v1/staff/audit/contact-reads?month=${month}&limit=500`, undefined, auth('admin'));
    expect(audit.status).toBe(200);
    const reads = audit.body.items.filter((i: { reportId: string }) => i.reportId === named || i.reportId === anonymous);
    expect(reads).toEqual([expect.objectContaining({ reportId: named, sub: 'triage-1', role: 'triage' })]);
    expect((await call('GET', `/v1/staff/audit/contact-reads?month=${month}`, undefined, auth('triage'))).status).toBe(403);
  });

  it('public and internal notes; redaction before publishing keeps the original for staff', async () => {
    const id = await submit({ description: 'Jalan rusak depan rumah Pak Joko, hubungi 0812-1111-2222' });
    let etag = (await staffView(id)).headers.get('etag')!;
    const patched = await call('PATCH', `/v1/staff/reports/${id}`, { description: 'Jalan rusak depan rumah warga', priority: 'high' }, auth('triage', { 'if-match': etag }));
    expect(patched.status).toBe(200);
    etag = patched.headers.get('etag')!;
    expect(patched.body).toMatchObject({ publicDescription: 'Jalan rusak depan rumah warga', priority: 'high', description: expect.stringContaining('Pak Joko') });
    expect(patched.body.history.filter((e: { type: string }) => e.type === 'edit')).toHaveLength(2);
    await call('POST', `/v1/staff/reports/${id}/notes`, { text: 'Akan disurvei Senin', visibility: 'public' }, auth('triage'));
    await call('POST', `/v1/staff/reports/${id}/notes`, { text: 'Anggaran belum ada', visibility: 'internal' }, auth('triage'));
    await move(id, 'triage', { to: 'verified', unit: 'bina-marga' });
    const pub = (await call('GET', `/v1/reports/${id}`)).body;
    expect(pub.description).toBe('Jalan rusak depan rumah warga');
    const text = JSON.stringify(pub);
    expect(text).toContain('Akan disurvei Senin');
    expect(text).not.toContain('Anggaran');
    expect(text).not.toContain('Joko');
    // an officer may change the priority of the unit's reports, nothing else
    etag = (await staffView(id)).headers.get('etag')!;
    expect((await call('PATCH', `/v1/staff/reports/${id}`, { priority: 'urgent' }, auth('officer', { 'if-match': etag }))).status).toBe(200);
    etag = (await staffView(id)).headers.get('etag')!;
    expect((await call('PATCH', `/v1/staff/reports/${id}`, { unit: 'cipta-karya' }, auth('officer', { 'if-match': etag }))).status).toBe(403);
    expect((await call('PATCH', `/v1/staff/reports/${id}`, {}, auth('triage', { 'if-match': etag }))).status).toBe(400);
  });

  it('work queues are scoped to the caller and served per unit, district, status and deadline', async () => {
    const mine = await submit({ district: 'tirtayasa' });
    const theirs = await submit({ district: 'tirtayasa', category: 'drainase' });
    await move(mine, 'triage', { to: 'verified', unit: 'bina-marga' });
    await move(theirs, 'triage', { to: 'verified', unit: 'sumber-daya-air' });
    const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((i) => i.id);

    const officerQueue = await call('GET', '/v1/staff/reports?status=verified&limit=100', undefined, auth('officer'));
    expect(ids(officerQueue)).toContain(mine);
    expect(ids(officerQueue)).not.toContain(theirs);
    expect((await call('GET', '/v1/staff/reports?unit=sumber-daya-air', undefined, auth('officer'))).status).toBe(403);

    const byDistrict = await call('GET', '/v1/staff/reports?district=tirtayasa&status=verified&sort=createdAt', undefined, auth('triage'));
    expect(ids(byDistrict)).toEqual([theirs, mine]);
    const dueFirst = await call('GET', '/v1/staff/reports?district=tirtayasa&status=verified&sort=dueAt', undefined, auth('triage'));
    const dueKeys = dueFirst.body.items.map((i: { dueAt: string; createdAt: string; id: string }) => `${i.dueAt}#${i.createdAt}#${i.id}`);
    expect(dueKeys).toEqual([...dueKeys].sort());
    expect(ids(dueFirst).sort()).toEqual([mine, theirs].sort());
    expect((await call('GET', '/v1/staff/reports?district=tirtayasa&overdue=true', undefined, auth('triage'))).body.items).toEqual([]);

    const districtQueue = await call('GET', '/v1/staff/reports?limit=100', undefined, auth('district'));
    expect(districtQueue.body.items.every((i: { district: string }) => i.district === 'cikande')).toBe(true);
    expect((await call('GET', '/v1/staff/reports?district=tirtayasa', undefined, auth('district'))).status).toBe(403);
    expect(JSON.stringify(officerQueue.body)).not.toContain('+62');
  });
});
