/**
 * The OpenAPI document against real answers: every route of the route table, a success and an error each, over
 * HTTP on the local stack. Each answer is checked as it happens (test/support/openapi-contract.ts); this file also
 * makes sure every route was seen with a documented success and a documented error, and that the checker bites.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { openApiDocument } from '../../shared/http/openapi';
import { ROUTES } from '../../shared/http/routes';

const document = openApiDocument();
import { cameraJpeg } from '../support/photo-fixtures';
import { checkAnswer, contract } from '../support/openapi-contract';
import { client, startTestStack, uploadWithGrant, validReport } from '../support/local-stack';
import { DEV_WEBHOOK_SECRET } from '../../shared/inbound/webhook-secret';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../shared/inbound/webhook-signature';

// accepted by the Open311 door from the environment, as `npm start` would
const OPEN311_KEY = 'contract-open311-key';
process.env.OPEN311_API_KEYS = OPEN311_KEY;

let stack: LocalStack;
let call: ReturnType<typeof client>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack({ perIpPerHour: 100_000 }, { statistics: true });
  call = client(stack.url);
  tokens.admin = await stack.token({ role: 'admin', sub: 'contract-admin' });
  tokens.officer = await stack.token({ role: 'officer', unit: 'bina-marga', sub: 'contract-officer' });
});
afterAll(() => stack?.stop());

const auth = (who: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens[who]}`, ...extra });
const etagOf = async (id: string) => (await call('GET', `/v1/staff/reports/${id}`, undefined, auth('admin'))).headers.get('etag')!;

describe('every route answers as the document says', () => {
  it('public routes, success and error', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    const served = await call('GET', '/openapi.json');
    expect(served.status).toBe(200);
    // generated once before the functions run (the build step on AWS), the same document as from the schemas now
    expect(served.body).toEqual(document);
    expect((await call('GET', '/v1/categories')).status).toBe(200);
    expect((await call('GET', '/v1/districts', undefined, { 'accept-language': 'en' })).status).toBe(200);
    const created = await call('POST', '/v1/reports', validReport({ confidential: true }));
    expect(created.status).toBe(201);
    expect((await call('POST', '/v1/reports', { ...validReport(), description: 'x' })).status).toBe(400);
    expect((await call('POST', '/v1/reports', 'not json', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('GET', '/v1/reports?district=cikande')).status).toBe(200);
    expect((await call('GET', '/v1/reports?limit=0')).status).toBe(400);
    expect((await call('GET', `/v1/reports/${created.body.id}?k=${created.body.viewKey}`)).status).toBe(200);
    expect((await call('GET', `/v1/reports/${created.body.id}`)).status).toBe(404);
    const grant = await call('POST', `/v1/reports/${created.body.id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': created.body.uploadToken });
    expect(grant.status).toBe(201);
    expect((await call('POST', `/v1/reports/${created.body.id}/photos`, { contentType: 'image/gif' }, { 'x-upload-token': created.body.uploadToken })).status).toBe(400);
    expect((await call('POST', `/v1/reports/${created.body.id}/photos`, { contentType: 'image/jpeg' })).status).toBe(401);
    expect((await call('POST', `/v1/reports/${created.body.id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': 'v1.1.x' })).status).toBe(403);
  });

  it('staff routes, success and error', async () => {
    const { body } = await call('POST', '/v1/reports', validReport());
    const id = body.id as string;
    expect((await call('GET', '/v1/staff/reports', undefined, auth('admin'))).status).toBe(200);
    expect((await call('GET', '/v1/staff/reports?status=closed&overdue=true', undefined, auth('admin'))).status).toBe(400);
    expect((await call('GET', `/v1/staff/reports/${id}`, undefined, auth('admin'))).status).toBe(200);
    expect((await call('GET', `/v1/staff/reports/${id}`)).status).toBe(401);
    expect((await call('GET', '/v1/staff/reports/ZZZZ-ZZZZ', undefined, auth('admin'))).status).toBe(404);
    expect((await call('PATCH', `/v1/staff/reports/${id}`, { priority: 'high' }, auth('admin'))).status).toBe(428);
    expect((await call('PATCH', `/v1/staff/reports/${id}`, { publicDescription: 'Jalan berlubang di depan pasar' }, auth('admin', { 'if-match': await etagOf(id) }))).status).toBe(200);
    expect((await call('PATCH', `/v1/staff/reports/${id}`, { priority: 'high' }, auth('admin', { 'if-match': '"99"' }))).status).toBe(412);
    expect((await call('POST', `/v1/staff/reports/${id}/notes`, { text: 'Catatan', visibility: 'internal' }, auth('admin'))).status).toBe(201);
    expect((await call('POST', `/v1/staff/reports/${id}/notes`, { text: '' }, auth('admin'))).status).toBe(400);
    expect((await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'closed' }, auth('admin', { 'if-match': await etagOf(id) }))).status).toBe(409);
    expect((await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, auth('admin', { 'if-match': await etagOf(id) }))).status).toBe(200);
    expect((await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'in_progress' }, auth('admin', { 'if-match': await etagOf(id) }))).status).toBe(200);
    const grant = await call('POST', `/v1/staff/reports/${id}/photos`, { contentType: 'image/jpeg' }, auth('officer'));
    expect(grant.status).toBe(201);
    expect(await uploadWithGrant(grant.body, await cameraJpeg(), 'image/jpeg')).toBeLessThan(300);
    await stack.photos.idle();
    expect((await call('GET', `/v1/staff/reports/${id}`, undefined, auth('admin'))).body.photos).toHaveLength(1);
    expect((await call('POST', `/v1/staff/reports/${id}/photos`, { contentType: 'text/plain' }, auth('officer'))).status).toBe(400);
    // a citizen photo after verification waits for triage's approval
    const late = await call('POST', `/v1/reports/${id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': body.uploadToken });
    expect(await uploadWithGrant(late.body, await cameraJpeg(), 'image/jpeg')).toBeLessThan(300);
    await stack.photos.idle();
    expect((await call('POST', `/v1/staff/reports/${id}/photos/${late.body.photoId}/approval`, undefined, auth('admin'))).status).toBe(200);
    expect((await call('POST', `/v1/staff/reports/${id}/photos/${'0'.repeat(20)}/approval`, undefined, auth('admin'))).status).toBe(404);
    expect((await call('GET', `/v1/staff/audit/contact-reads?month=${new Date().toISOString().slice(0, 7)}`, undefined, auth('admin'))).status).toBe(200);
    expect((await call('GET', '/v1/staff/audit/contact-reads', undefined, auth('officer'))).status).toBe(403);
    // a published report's public view with a photo
    expect((await call('GET', `/v1/reports/${id}`)).status).toBe(200);
  });

  it('location, followers, Open311, statistics and inbound SMS, success and error', async () => {
    const here = 'lat=-6.1739&lon=106.3618';
    expect((await call('GET', `/v1/locate?${here}`)).status).toBe(200);
    expect((await call('GET', '/v1/locate?lat=x&lon=106.3')).status).toBe(400);
    expect((await call('GET', `/v1/reports/nearby?${here}&category=jalan-rusak`)).status).toBe(200);
    expect((await call('GET', `/v1/reports/nearby?${here}`)).status).toBe(400);
    const { body } = await call('POST', '/v1/reports', validReport());
    const id = body.id as string;
    expect((await call('POST', `/v1/reports/${id}/followers`, { phone: '0810-0000-0456', language: 'id' })).status).toBe(201);
    expect((await call('POST', `/v1/reports/${id}/followers`, { phone: 'bukan nomor' })).status).toBe(400);

    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
    const request = { service_code: 'jalan-rusak', description: 'Jalan berlubang di depan sekolah dasar', lat: '-6.1739', long: '106.3618', 'attribute[kecamatan]': 'cikande' };
    expect((await call('POST', '/open311/v2/requests.json', form({ api_key: OPEN311_KEY, ...request }), formHeaders)).status).toBe(200);
    expect((await call('POST', '/open311/v2/requests.json', form(request), formHeaders)).status).toBe(403);
    expect((await call('GET', '/open311/v2/requests.json')).status).toBe(200);
    expect((await call('GET', '/open311/v2/nothing.json')).status).toBe(404);
    expect((await call('GET', '/open311/v2/services/jalan-rusak.json')).status).toBe(200);
    expect((await call('GET', '/open311/v2/services/tidak-ada.json')).status).toBe(404);
    expect((await call('GET', `/open311/v2/requests/${id}.json`)).status).toBe(200);
    expect((await call('GET', '/open311/v2/requests/ZZZZ-ZZZZ.json')).status).toBe(404);
    const key = await call('POST', '/v1/staff/open311-keys', { name: 'Kontrak' }, auth('admin'));
    expect(key.status).toBe(201);
    expect((await call('POST', '/v1/staff/open311-keys', { name: '' }, auth('admin'))).status).toBe(400);
    expect((await call('GET', '/v1/staff/open311-keys', undefined, auth('admin'))).status).toBe(200);
    expect((await call('GET', '/v1/staff/open311-keys', undefined, auth('officer'))).status).toBe(403);
    expect((await call('DELETE', `/v1/staff/open311-keys/${key.body.id}`, undefined, auth('admin'))).status).toBe(200);
    expect((await call('DELETE', '/v1/staff/open311-keys/aaaaaaaaaaaa', undefined, auth('admin'))).status).toBe(404);

    const month = new Date().toISOString().slice(0, 7);
    expect((await call('GET', '/v1/stats')).status).toBe(200);
    expect((await call('GET', '/v1/stats?from=2026-13')).status).toBe(400);
    for (const file of ['reports.csv', 'reports.geojson']) {
      expect((await call('GET', `/v1/open-data/${file}?month=${month}`)).status).toBe(200);
      expect((await call('GET', `/v1/open-data/${file}?month=nanti`)).status).toBe(400);
    }
    expect((await call('GET', '/v1/open-data/README')).status).toBe(200);

    const raw = JSON.stringify({ from: '0810-0000-0789', body: `CEK ${id}`, messageId: `contract-${id}` });
    const ts = String(Math.floor(Date.now() / 1000));
    expect((await call('POST', '/v1/inbound/sms', raw, { 'content-type': 'application/json', [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signWebhook(DEV_WEBHOOK_SECRET, ts, raw) })).status).toBe(200);
    expect((await call('POST', '/v1/inbound/sms', raw, { 'content-type': 'application/json' })).status).toBe(401);
  });

  it('saw every route with a documented success and a documented error, and no answer broke the document', () => {
    for (const route of ROUTES) {
      const seen = contract.seen.filter((s) => s.method === route.method && s.path === route.path);
      expect(seen.some((s) => s.status < 300 && s.described), `${route.method} ${route.path}: a documented success`).toBe(true);
      const operation = (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[route.path]![route.method.toLowerCase()]!;
      if (Object.keys(operation.responses).some((status) => Number(status) >= 400))
        expect(seen.some((s) => s.status >= 400 && s.described), `${route.method} ${route.path}: a documented error`).toBe(true);
    }
    expect(contract.violations).toEqual([]);
  });
});

describe('the checker', () => {
  it('refuses an answer that breaks its schema, its media type, or a route the document lacks', () => {
    const before = contract.seen.length;
    expect(checkAnswer('GET', '/v1/reports/{id}', 200, 'application/json', '{"id":"7KQ4-M9XP"}')).toMatch(/must have required property/);
    expect(checkAnswer('GET', '/v1/reports/{id}', 404, 'application/json', '{"message":"Not Found"}')).toMatch(/application\/problem\+json/);
    expect(checkAnswer('GET', '/v1/staff/reports', 401, 'application/json', '{"message":"Unauthorized"}')).toMatch(/problem\+json/);
    expect(checkAnswer('GET', '/v1/nowhere', 200, 'application/json', '{}')).toMatch(/not in the document/);
    expect(checkAnswer('GET', '/v1/reports/{id}', 404, 'application/problem+json', JSON.stringify({ type: 'x', title: 'y', status: 404, retryAfter: 3 }))).toBeUndefined();
    contract.seen.length = before;
  });
});
