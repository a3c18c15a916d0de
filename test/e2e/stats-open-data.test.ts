/**
 * Statistics and open data over HTTP on the local stack: the aggregator runs as the second consumer of the table
 * stream; GET /v1/stats answers from its aggregates; the open-data files carry verified, non-confidential reports
 * and none of the personal data planted in the reports.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { currentMonth, addMonths } from '../../shared/stats/query';
import { statsAnswerSchema } from '../../shared/stats/openapi';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;
const month = currentMonth(new Date(), jurisdiction.timeZone);

// planted in every report: none of it may appear in any open-data value
const PLANTED = {
  name: 'Wiryono Planted-Name',
  phone: '0812-7000-4321',
  digits: '81270004321',
  internal: 'CATATAN-INTERNAL-RAHASIA',
  unpublished: 'TEKS-ASLI-BELUM-TERBIT',
};

beforeAll(async () => {
  stack = await startTestStack({}, { statistics: true });
  call = client(stack.url);
  triage = await stack.token({ role: 'triage', sub: 'triage-1' });
});
afterAll(() => stack?.stop());

const auth = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${triage}`, ...extra });

async function submit(overrides: Record<string, unknown> = {}) {
  const r = await call('POST', '/v1/reports', validReport({ reporter: { phone: PLANTED.phone, name: PLANTED.name }, ...overrides }));
  expect(r.status).toBe(201);
  return r.body.id as string;
}

async function move(id: string, body: Record<string, unknown>) {
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, auth())).headers.get('etag')!;
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, auth({ 'if-match': etag }));
  expect(r.status).toBe(200);
}

async function settled() {
  await stack.stats!.drained();
  await stack.stats!.drained();
}

describe('statistics and open data on the local stack', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ids.verified = await submit({ description: `${PLANTED.unpublished} jalan berlubang di depan pasar` });
    // triage publishes a redacted text; the original stays unpublished
    const etag = (await call('GET', `/v1/staff/reports/${ids.verified}`, undefined, auth())).headers.get('etag')!;
    expect((await call('PATCH', `/v1/staff/reports/${ids.verified}`, { description: 'Jalan berlubang di depan pasar Cikande' }, auth({ 'if-match': etag }))).status).toBe(200);
    await move(ids.verified, { to: 'verified', unit: 'bina-marga', note: 'Dicek' });
    expect((await call('POST', `/v1/staff/reports/${ids.verified}/notes`, { text: PLANTED.internal, visibility: 'internal' }, auth())).status).toBeLessThan(300);
    await move(ids.verified, { to: 'in_progress', note: 'Tim berangkat' });

    ids.confidential = await submit({ confidential: true, district: 'kopo' });
    await move(ids.confidential, { to: 'verified', unit: 'bina-marga' });
    ids.received = await submit({ district: 'kopo', category: 'drainase' });
    ids.rejected = await submit();
    await move(ids.rejected, { to: 'rejected', reason: 'Bukan jalan kabupaten' });
    await settled();
  }, 60_000);

  it('answers the figures from the aggregates, confidential reports counted in the totals', async () => {
    const r = await call('GET', `/v1/stats?from=${month}&to=${month}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('max-age');
    // the answer is exactly the documented shape
    expect(statsAnswerSchema.strict().safeParse(r.body).error).toBeUndefined();
    expect(r.body.totals).toMatchObject({ received: 4, verified: 2, started: 1, rejected: 1, openNow: 3, overdueNow: 0 });
    expect(r.body.durations.toVerify.count).toBe(2);
    expect(r.body.durations.toStart.count).toBe(1);
    expect(r.body.onTime.received).toMatchObject({ done: 3, onTime: 3, share: 1 });
    expect(r.body.monthly).toEqual([expect.objectContaining({ month, totals: expect.objectContaining({ received: 4 }) })]);
    expect(r.body.byDistrict.map((d: { district: { code: string } }) => d.district.code).sort()).toEqual(['cikande', 'kopo']);
    expect(r.body.byUnit).toEqual([expect.objectContaining({ unit: { code: 'bina-marga', name: expect.any(String) } })]);
    // nothing individual: no tracking code of any report in the answer
    for (const id of Object.values(ids)) expect(JSON.stringify(r.body)).not.toContain(id);
  });

  it('filters by kecamatan and category from the combination cells', async () => {
    const kopo = await call('GET', `/v1/stats?from=${month}&to=${month}&district=kopo`);
    expect(kopo.body.totals).toMatchObject({ received: 2, verified: 1, openNow: 2 });
    const both = await call('GET', `/v1/stats?from=${month}&to=${month}&district=kopo&category=drainase`);
    expect(both.body.totals).toMatchObject({ received: 1, verified: 0, openNow: 1 });
    expect(both.body.byCategory.map((c: { category: { code: string } }) => c.category.code)).toEqual(['drainase']);
  });

  it('refuses bad parameters with a problem in the caller\'s language', async () => {
    const id = await call('GET', '/v1/stats?from=2026-13&district=atlantis');
    expect(id.status).toBe(400);
    expect(id.headers.get('content-type')).toContain('application/problem+json');
    expect(id.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.district', 'query.from']);
    expect(id.body.errors[0].message).toMatch(/Bulan|Kecamatan/);
    const en = await call('GET', '/v1/stats?from=2026-05&to=2026-01', undefined, { 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(en.body.errors[0].message).toBe('The first month (from) cannot come after the last (to).');
    expect((await call('GET', '/v1/stats?from=2020-01&to=2026-01')).status).toBe(400);
  });

  it('publishes verified, non-confidential reports as CSV with a BOM, a header row and no personal value', async () => {
    const res = await fetch(`${stack.url}/v1/open-data/reports.csv?month=${month}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('kode,kategori,kecamatan,kode_kemendagri,status,dibuat,diverifikasi,dikerjakan,selesai,ditutup,lintang,bujur,uraian,unit');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(ids.verified);
    expect(lines[1]).toContain('in_progress');
    expect(lines[1]).toContain('-6.1739,106.3618,Jalan berlubang di depan pasar Cikande,bina-marga');
    for (const secret of [PLANTED.name, 'Wiryono', PLANTED.digits, '7000', PLANTED.internal, PLANTED.unpublished, ids.confidential, ids.received, ids.rejected])
      expect(text).not.toContain(secret);
  });

  it('publishes the same rows as GeoJSON, and a data dictionary with the license', async () => {
    const geo = await call('GET', `/v1/open-data/reports.geojson?month=${month}`);
    expect(geo.status).toBe(200);
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    expect(geo.body.features).toEqual([
      expect.objectContaining({ id: ids.verified, geometry: { type: 'Point', coordinates: [106.3618, -6.1739] } }),
    ]);
    const values = JSON.stringify(geo.body);
    for (const secret of [PLANTED.name, PLANTED.digits, PLANTED.internal, PLANTED.unpublished]) expect(values).not.toContain(secret);

    const readme = await call('GET', '/v1/open-data/README');
    expect(readme.status).toBe(200);
    expect(readme.headers.get('content-type')).toContain('text/markdown');
    expect(readme.body).toContain('CC BY 4.0');
    expect(readme.body).toContain('`kode_kemendagri`');
  });

  it('serves a finished month from S3, written once', async () => {
    const past = addMonths(month, -2);
    const first = await fetch(`${stack.url}/v1/open-data/reports.csv?month=${past}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toContain('max-age=86400');
    const header = (await first.text()).replace(/^\uFEFF/, '');
    expect(header.split('\r\n')[0]).toMatch(/^kode,/);
    // the first request wrote the month to S3, and the stored file is what is served from then on
    const s3 = new S3Client({ endpoint: stack.s3Endpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, forcePathStyle: true });
    const written = await s3.send(new GetObjectCommand({ Bucket: stack.names.bucket, Key: `open-data/${past}/reports.geojson` }));
    expect(JSON.parse(await written.Body!.transformToString())).toEqual({ type: 'FeatureCollection', features: [] });
    await s3.send(new PutObjectCommand({ Bucket: stack.names.bucket, Key: `open-data/${past}/reports.csv`, Body: '\uFEFFkode\r\nSTORED\r\n' }));
    s3.destroy();
    expect(await (await fetch(`${stack.url}/v1/open-data/reports.csv?month=${past}`)).text()).toContain('STORED');
  });

  it('refuses a missing or future month', async () => {
    const missing = await call('GET', '/v1/open-data/reports.csv', undefined, { 'accept-language': 'en' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'query.month', message: 'Give the month: ?month=YYYY-MM.' }]);
    const future = await call('GET', `/v1/open-data/reports.geojson?month=${addMonths(month, 1)}`);
    expect(future.status).toBe(400);
    expect(future.body.errors[0].message).toBe('Bulan ini belum datang.');
  });
});
