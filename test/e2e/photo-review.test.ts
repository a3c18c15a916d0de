/**
 * A citizen's photo sent after the report is public waits for triage before the public sees it, over HTTP on the
 * local stack: hidden from GET /v1/reports/{id} and from Open311's media_url, shown to staff as pendingReview,
 * and public once triage approves it (officers may not). A photo sent before verification needs no approval:
 * triage saw it when verifying.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { cameraJpeg } from '../support/photo-fixtures';
import { client, startTestStack, uploadWithGrant, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;
let officer: string;

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  triage = `Bearer ${await stack.token({ role: 'triage' })}`;
  officer = `Bearer ${await stack.token({ role: 'officer', unit: 'bina-marga' })}`;
});
afterAll(() => stack?.stop());

async function sendPhoto(id: string, uploadToken: string) {
  const grant = await call('POST', `/v1/reports/${id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': uploadToken });
  expect(grant.status).toBe(201);
  expect(await uploadWithGrant(grant.body, await cameraJpeg({ width: 64, height: 48 }), 'image/jpeg')).toBeLessThan(300);
  await stack.photos.idle();
  return grant.body.photoId as string;
}

const open311 = async (id: string) => {
  const res = await fetch(`${stack.url}/open311/v2/requests/${id}.json`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Array<Record<string, unknown>>)[0]!;
};

it('hides a citizen photo sent after verification until triage approves it', async () => {
  const { id, uploadToken } = (await call('POST', '/v1/reports', validReport())).body;
  const early = await sendPhoto(id, uploadToken);
  const staff = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage });
  const verified = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, { authorization: triage, 'if-match': staff.headers.get('etag')! });
  expect(verified.status).toBe(200);

  const late = await sendPhoto(id, uploadToken);
  const publicView = await call('GET', `/v1/reports/${id}`);
  expect(publicView.body.photos.map((p: { id: string }) => p.id)).toEqual([early]);
  expect(JSON.stringify(publicView.body)).not.toContain(late);
  expect(String((await open311(id)).media_url)).not.toContain(late);

  const seen = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage });
  expect(seen.body.photos.map((p: { id: string; pendingReview?: boolean }) => [p.id, p.pendingReview ?? false])).toEqual([[early, false], [late, true]]);

  const byOfficer = await call('POST', `/v1/staff/reports/${id}/photos/${late}/approval`, undefined, { authorization: officer });
  expect([byOfficer.status, byOfficer.body.type]).toEqual([403, expect.stringMatching(/\/photo-approval-not-allowed$/)]);
  expect((await call('GET', `/v1/reports/${id}`)).body.photos).toHaveLength(1);

  const approved = await call('POST', `/v1/staff/reports/${id}/photos/${late}/approval`, undefined, { authorization: triage });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ id: late, kind: 'report' });
  expect(approved.body.pendingReview).toBeUndefined();
  const after = await call('GET', `/v1/reports/${id}`);
  expect(after.body.photos.map((p: { id: string }) => p.id)).toEqual([early, late]);
  expect((await fetch(after.body.photos[1].url)).status).toBe(200);

  // approving again changes nothing; an unknown photo is a 404 in the caller's language
  const again = await call('POST', `/v1/staff/reports/${id}/photos/${late}/approval`, undefined, { authorization: triage });
  expect(again.status).toBe(200);
  const history = (await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage })).body.history as Array<{ type: string; data?: { outcome?: string } }>;
  expect(history.filter((e) => e.type === 'photo' && e.data?.outcome === 'approved')).toHaveLength(1);
  const unknown = await call('POST', `/v1/staff/reports/${id}/photos/${'f'.repeat(20)}/approval`, undefined, { authorization: triage, 'accept-language': 'en' });
  expect([unknown.status, unknown.body.type, unknown.body.detail]).toEqual([404, expect.stringMatching(/\/photo-not-found$/), 'No such photo on this report']);
});

it('needs no approval for the Open311 media_url of a photo sent before verification', async () => {
  const { id, uploadToken } = (await call('POST', '/v1/reports', validReport())).body;
  const early = await sendPhoto(id, uploadToken);
  const staff = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage });
  await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, { authorization: triage, 'if-match': staff.headers.get('etag')! });
  expect(String((await open311(id)).media_url)).toContain(early);
});
