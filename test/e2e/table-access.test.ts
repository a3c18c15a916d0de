/**
 * The declared table grants (infra/table-grants.ts) against what the functions really do: a citizen's and an
 * official's day on the local stack, with every DynamoDB call recorded as IAM sees it (function, action, table or
 * index, partition keys), and each one checked against that function's grant. A function that starts touching a
 * new partition or index fails here before it fails with AccessDenied in AWS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { dynamoClient } from '../../shared/adapters/dynamodb/clients';
import { grantAllows, TABLE_GRANTS } from '../../infra/table-grants';
import { client, startTestStack, uploadWithGrant, validReport } from '../support/local-stack';
import { cameraJpeg } from '../support/photo-fixtures';
import { recordTableAccess, type RecordedUse, type TableAccessRecorder } from '../support/table-access-recorder';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let recorder: TableAccessRecorder;
const tokens: Record<string, string> = {};
const auth = (who: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens[who]}`, ...extra });

beforeAll(async () => {
  stack = await startTestStack({}, { statistics: true });
  call = client(stack.url);
  recorder = recordTableAccess(dynamoClient);
  tokens.admin = await stack.token({ role: 'admin', sub: 'admin-ta' });
  tokens.triage = await stack.token({ role: 'triage', sub: 'triage-ta' });
  tokens.officer = await stack.token({ role: 'officer', unit: 'bina-marga', sub: 'officer-ta' });
}, 120_000);
afterAll(async () => {
  recorder?.remove();
  await stack?.stop();
});

const month = new Date().toISOString().slice(0, 7);

async function citizenAndOfficialDay(): Promise<void> {
  const created = await call('POST', '/v1/reports', validReport({ reporter: { phone: '081055507001', name: 'Rina' } }));
  expect(created.status).toBe(201);
  const { id, uploadToken } = created.body;
  expect((await call('GET', `/v1/reports/${id}`)).status).toBe(200);
  expect((await call('GET', '/v1/reports?district=cikande')).status).toBe(200);
  expect((await call('GET', '/v1/reports/nearby?lat=-6.1739&lon=106.3618&category=jalan-rusak')).status).toBe(200);
  expect((await call('POST', `/v1/reports/${id}/followers`, { phone: '081055507002' })).status).toBeLessThan(300);

  const grant = await call('POST', `/v1/reports/${id}/photos`, { contentType: 'image/jpeg' }, { 'x-upload-token': uploadToken });
  expect(grant.status).toBe(201);
  expect(await uploadWithGrant(grant.body, await cameraJpeg({ width: 320, height: 200 }), 'image/jpeg')).toBeLessThan(300);
  await stack.photos.idle();

  expect((await call('GET', '/v1/staff/reports?status=received', undefined, auth('triage'))).status).toBe(200);
  const view = await call('GET', `/v1/staff/reports/${id}`, undefined, auth('triage'));
  expect(view.status).toBe(200);
  const photoId = (view.body.photos as { id: string }[] | undefined)?.[0]?.id;
  const patched = await call('PATCH', `/v1/staff/reports/${id}`, { priority: 'urgent' }, auth('triage', { 'if-match': view.headers.get('etag')! }));
  expect(patched.status).toBe(200);
  expect((await call('POST', `/v1/staff/reports/${id}/notes`, { text: 'Sudah dicek', visibility: 'internal' }, auth('triage'))).status).toBe(201);
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, auth('triage'))).headers.get('etag')!;
  const moved = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, auth('triage', { 'if-match': etag }));
  expect(moved.status).toBe(200);
  if (photoId) await call('POST', `/v1/staff/reports/${id}/photos/${photoId}/approval`, {}, auth('triage'));
  expect((await call('GET', `/v1/staff/reports/${id}?reveal=contact`, undefined, auth('officer'))).status).toBe(200);
  expect((await call('POST', `/v1/staff/reports/${id}/photos`, { contentType: 'image/jpeg' }, auth('officer'))).status).toBeLessThan(500);
  expect((await call('GET', `/v1/staff/audit/contact-reads?month=${month}`, undefined, auth('admin'))).status).toBe(200);

  const key = await call('POST', '/v1/staff/open311-keys', { name: 'Grant check', requestsPerHour: 5 }, auth('admin'));
  expect(key.status).toBe(201);
  expect((await call('GET', '/v1/staff/open311-keys', undefined, auth('admin'))).status).toBe(200);
  const form = new URLSearchParams({
    api_key: key.body.key,
    jurisdiction_id: 'kabupaten-serang',
    service_code: 'lainnya',
    description: 'Pohon tumbang menutupi separuh jalan desa',
    first_name: 'Siti',
    last_name: 'Rahmawati',
    email: 'siti@example.org',
    lat: '-6.053456',
    long: '106.11',
    'attribute[kecamatan]': 'kramatwatu',
  });
  const posted = await fetch(`${stack.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  expect(posted.status, await posted.clone().text()).toBe(200);
  expect((await fetch(`${stack.url}/open311/v2/requests.json`)).status).toBe(200);
  expect((await fetch(`${stack.url}/open311/v2/requests/${id}.json`)).status).toBe(200);
  expect((await call('DELETE', `/v1/staff/open311-keys/${key.body.id}`, undefined, auth('admin'))).status).toBeLessThan(300);

  await stack.notifier.drained();
  await stack.stats!.drained();
  expect((await call('GET', `/v1/stats?from=${month}&to=${month}`)).status).toBe(200);
  expect((await fetch(`${stack.url}/v1/open-data/reports.csv?month=${month}`)).status).toBeLessThan(500);
  await stack.escalation.runNow();
  await stack.smsDrain.runNow();
}

const describeUse = (u: RecordedUse) => `${u.fn}: ${u.action} on ${u.index ?? 'the table'} ${(u.partitionKeys ?? []).join(', ')}`;

describe('table access', () => {
  it('every DynamoDB call of a citizen’s and an official’s day is allowed by its function’s declared grant', async () => {
    await citizenAndOfficialDay();
    const main = recorder.uses().filter((u) => u.table === stack.names.main);
    const denied = main.filter((u) => !grantAllows(TABLE_GRANTS[u.fn], u)).map(describeUse);
    expect(denied).toEqual([]);

    // the check is not vacuous: the flow reached the functions of every kind
    const seen = new Set(main.map((u) => u.fn));
    for (const fn of ['create-report', 'get-report', 'list-reports', 'follow-report', 'create-photo-upload', 'process-photo', 'get-staff-report', 'update-report', 'transition-report', 'add-staff-note', 'list-contact-reads', 'create-open311-key', 'create-open311-request', 'get-open311-resource', 'notify-citizen', 'aggregate-stats', 'get-stats', 'escalate']) {
      expect(seen, fn).toContain(fn);
    }
    // and what the public reads touched: reports and indexes only, read actions only
    for (const u of main.filter((x) => ['get-report', 'list-reports', 'list-nearby-reports', 'get-open311-resource', 'get-open311-request', 'get-stats'].includes(x.fn))) {
      expect(['GetItem', 'Query', 'BatchGetItem'], describeUse(u)).toContain(u.action);
    }
    // only the admin list read the audit
    expect([...new Set(main.filter((u) => u.partitionKeys?.some((k) => k.startsWith('AUDIT#')) && u.action === 'Query').map((u) => u.fn))]).toEqual(['list-contact-reads']);
  }, 180_000);

  it('the grant check refuses what a function was not granted', () => {
    expect(grantAllows(TABLE_GRANTS['get-report'], { action: 'PutItem', partitionKeys: ['R#AAAA-BBBB'] })).toBe(false);
    expect(grantAllows(TABLE_GRANTS['get-report'], { action: 'Query', partitionKeys: ['AUDIT#2026-01'] })).toBe(false);
    expect(grantAllows(TABLE_GRANTS['list-reports'], { action: 'Query', index: 'gsi11-reporter' })).toBe(false);
    expect(grantAllows(TABLE_GRANTS['get-staff-report'], { action: 'Query', partitionKeys: ['AUDIT#2026-01'] })).toBe(false);
    expect(grantAllows(TABLE_GRANTS['list-contact-reads'], { action: 'Query', partitionKeys: ['AUDIT#2026-01'] })).toBe(true);
    // a batch reaching one key outside the grant is refused as a whole (ForAllValues)
    expect(grantAllows(TABLE_GRANTS['aggregate-stats'], { action: 'BatchGetItem', partitionKeys: ['STATS#2026-01', 'R#AAAA-BBBB'] })).toBe(false);
  });
});
