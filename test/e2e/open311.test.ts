/**
 * The Open311 GeoReport v2 door over HTTP on the local stack: every answer checked against the community's
 * JSON schemas and our XSD of the spec's XML, the parameters FixMyStreet's client sends (perllib/Open311.pm),
 * one report followed from submission to closed, the moderation rules, and the error format on every path.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { cameraJpeg } from '../support/photo-fixtures';
import { client, startTestStack, uploadWithGrant, validReport } from '../support/local-stack';
import { jsonErrors, xmlErrors } from '../support/open311-schemas';

const LOCAL_KEY = 'local-test-key-for-open311';
let stack: LocalStack;
let call: ReturnType<typeof client>;
let admin: string;
let triage: string;

beforeAll(async () => {
  process.env.OPEN311_API_KEYS = `another-key, ${LOCAL_KEY}`;
  stack = await startTestStack();
  call = client(stack.url);
  admin = await stack.token({ role: 'admin', sub: 'o311-admin' });
  triage = await stack.token({ role: 'triage', sub: 'o311-triage' });
});
afterAll(() => stack?.stop());

const FORM = 'application/x-www-form-urlencoded';
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['request', 'service', 'error', 'request_update', 'attribute', 'value', 'endpoint', 'format'].includes(name) });

/** What FixMyStreet sends for a report pinned on its map (Open311.pm _populate_service_request_params). */
function fmsParams(overrides: Record<string, string | string[] | undefined> = {}): URLSearchParams {
  const base: Record<string, string | string[] | undefined> = {
    api_key: LOCAL_KEY,
    jurisdiction_id: 'kabupaten-serang',
    service_code: 'lainnya',
    description: 'Pohon tumbang\n\nPohon besar tumbang menutupi separuh jalan desa.\n\nhttps://fms.example/report/42\n',
    first_name: 'Siti',
    last_name: 'Rahmawati',
    email: 'siti@example.org',
    lat: '-6.053456',
    long: '106.11',
    'attribute[kecamatan]': 'kramatwatu',
    media_url: 'https://fms.example/photo/42.0.full.jpeg',
    ...overrides,
  };
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(base)) for (const one of v === undefined ? [] : Array.isArray(v) ? v : [v]) form.append(k, one);
  return form;
}

async function post(fmt: 'json' | 'xml', form: URLSearchParams, contentType = `${FORM}; charset=utf-8`) {
  const res = await fetch(`${stack.url}/open311/v2/requests.${fmt}`, { method: 'POST', headers: { 'content-type': contentType }, body: form.toString() });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const jsonOf = (r: { text: string }) => JSON.parse(r.text);

async function submitJson(overrides: Record<string, string | string[] | undefined> = {}): Promise<string> {
  const r = await post('json', fmsParams(overrides));
  expect(r.status, r.text).toBe(200);
  return jsonOf(r)[0].service_request_id as string;
}

async function move(id: string, body: Record<string, unknown>) {
  const view = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: `Bearer ${admin}` });
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, { authorization: `Bearer ${triage}`, 'if-match': view.headers.get('etag')! });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe('discovery, services and service definitions', () => {
  it('discovery names the spec, the mount url and both formats, in JSON and XML', async () => {
    const j = await get('/open311/v2/discovery.json');
    expect(j.status).toBe(200);
    expect(j.type).toBe('application/json; charset=utf-8');
    const d = jsonOf(j);
    expect(d.endpoints).toEqual([
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: `${stack.url}/open311/v2`, changeset: d.changeset, type: 'test', formats: ['text/xml', 'application/json'] },
    ]);
    expect(d.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(typeof d.contact).toBe('string');
    expect(typeof d.key_service).toBe('string');
    const x = await get('/open311/v2/discovery.xml');
    expect(x.type).toBe('text/xml; charset=utf-8');
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(await xmlErrors(x.text)).toEqual([]);
  });

  it('services: one per category, metadata a real boolean, valid against the schemas', async () => {
    const j = jsonOf(await get('/open311/v2/services.json'));
    expect(jsonErrors('services', j)).toEqual([]);
    expect(j.map((s: { service_code: string }) => s.service_code)).toContain('jalan-rusak');
    for (const s of j) expect(s).toMatchObject({ metadata: true, type: 'realtime', group: expect.any(String), keywords: expect.any(String), description: expect.any(String) });
    const x = await get('/open311/v2/services.xml');
    expect(await xmlErrors(x.text)).toEqual([]);
    expect(xml.parse(x.text).services.service).toHaveLength(j.length);
    expect((await get('/open311/v2/services.json', { 'accept-language': 'en' })).text).toContain('Damaged roads and potholes');
  });

  it('a service definition asks for the kecamatan as a required single-value list, with distinct positive orders', async () => {
    const j = jsonOf(await get('/open311/v2/services/jalan-rusak.json'));
    expect(jsonErrors('serviceDefinition', j)).toEqual([]);
    expect(j.service_code).toBe('jalan-rusak');
    const orders = j.attributes.map((a: { order: number }) => a.order);
    expect(new Set(orders).size).toBe(orders.length);
    expect(orders.every((o: number) => Number.isInteger(o) && o > 0)).toBe(true);
    const kecamatan = j.attributes.find((a: { code: string }) => a.code === 'kecamatan');
    expect(kecamatan).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true });
    expect(kecamatan.values).toHaveLength(29);
    expect(kecamatan.values).toContainEqual({ key: 'kramatwatu', name: 'Kramatwatu' });
    const x = await get('/open311/v2/services/jalan-rusak.xml');
    expect(await xmlErrors(x.text)).toEqual([]);
    expect(xml.parse(x.text).service_definition.attributes.attribute[0].values.value).toHaveLength(29);
  });
});

describe('POST requests: what FixMyStreet sends', () => {
  it('creates a report from a form with charset, answers a list of one, keeps contact data for staff only', async () => {
    const r = await post('json', fmsParams());
    expect(r.status, r.text).toBe(200);
    const body = jsonOf(r);
    // the answer to a POST is the spec's short form, not a full request
    expect(body).toHaveLength(1);
    expect(Object.keys(body[0]).sort()).toEqual(['service_notice', 'service_request_id']);
    const id = body[0].service_request_id as string;
    expect(id).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(body[0].service_notice).toMatch(/verifikasi/);

    const staff = await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: `Bearer ${admin}` });
    expect(staff.body.reporter).toMatchObject({ name: 'Siti Rahmawati', email: 'siti@example.org' });
    expect(staff.body.reporter.phone).toBeUndefined();
    expect(staff.body.mediaUrls).toEqual(['https://fms.example/photo/42.0.full.jpeg']);
    expect(staff.body.source).toMatchObject({ channel: 'open311', clientId: 'env-2' });
    expect(staff.body.description).toContain('\n\nPohon besar');
    expect(staff.body).toMatchObject({ category: 'lainnya', district: 'kramatwatu', location: { lat: -6.053456, lon: 106.11 } });

    // reading e-mail and name is a contact read like the number
    const audit = await call('GET', `/v1/staff/audit/contact-reads?month=${new Date().toISOString().slice(0, 7)}`, undefined, { authorization: `Bearer ${admin}` });
    expect(audit.body.items.some((i: { reportId: string }) => i.reportId === id)).toBe(true);
  });

  it('XML, no charset, an address only and a mobile number: the citizen gets the usual SMS', async () => {
    const before = stack.sms.outbox().length;
    const form = fmsParams({ lat: undefined, long: undefined, address_string: 'Jl. Raya Anyer km 5, Anyar', 'attribute[kecamatan]': 'anyar', phone: '0813-1111-2222', email: undefined });
    const r = await post('xml', form, FORM);
    expect(r.status, r.text).toBe(200);
    expect(r.type).toBe('text/xml; charset=utf-8');
    expect(await xmlErrors(r.text)).toEqual([]);
    const id = xml.parse(r.text).service_requests.request[0].service_request_id as string;
    const deadline = Date.now() + 20_000;
    while (stack.sms.outbox().length === before && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    const sent = stack.sms.outbox().slice(before);
    expect(sent.some((m) => m.phoneNumber === '+6281311112222' && m.message.includes(id))).toBe(true);
  });

  it('without a phone number nobody gets an SMS, and the delivery record says skipped, not failed', async () => {
    const id = await submitJson({ email: 'no-sms@example.org' });
    let deliveries: { status: string; reason?: string }[] = [];
    const deadline = Date.now() + 20_000;
    while (deliveries.length === 0 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      deliveries = (await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: `Bearer ${admin}` })).body.smsDeliveries;
    }
    expect(deliveries).toEqual([expect.objectContaining({ status: 'skipped', reason: 'no-phone' })]);
    expect(stack.sms.outbox().some((m) => m.message.includes(id))).toBe(false);
  });

  it('refuses, in the spec format, a missing or wrong field (named), a missing or wrong key, an unknown service or jurisdiction', async () => {
    const cases: [Record<string, string | undefined>, number, string][] = [
      [{ 'attribute[kecamatan]': undefined }, 400, 'attribute[kecamatan]'],
      [{ 'attribute[kecamatan]': 'atlantis' }, 400, 'attribute[kecamatan]'],
      [{ description: 'pendek' }, 400, 'description'],
      [{ lat: undefined }, 400, 'lat'],
      [{ lat: '-1.0' }, 400, 'lat'],
      [{ lat: undefined, long: undefined }, 400, 'lat'],
      [{ email: 'not-an-email' }, 400, 'email'],
      [{ phone: '021-555-1234' }, 400, 'phone'],
      [{ media_url: 'ftp://x.example/a.jpg' }, 400, 'media_url'],
      [{ service_code: undefined }, 400, 'service_code'],
      [{ api_key: undefined }, 403, 'api_key'],
      [{ api_key: 'o311_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }, 403, 'api_key'],
      [{ service_code: 'atlantis' }, 404, 'service_code'],
      [{ jurisdiction_id: 'kota-serang' }, 404, 'jurisdiction_id'],
    ];
    for (const [overrides, status, field] of cases) {
      const r = await post('json', fmsParams(overrides));
      expect(r.status, `${JSON.stringify(overrides)}: ${r.text}`).toBe(status);
      const errors = jsonOf(r);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0].code).toBe(status);
      expect(errors.map((e: { description: string }) => e.description).join(' '), JSON.stringify(overrides)).toContain(field);
    }
    // a missing choice is told missing, not wrong
    const noDistrict = await post('json', fmsParams({ 'attribute[kecamatan]': undefined }));
    expect(noDistrict.status).toBe(400);
    expect(jsonOf(noDistrict)[0].description).toMatch(/attribute\[kecamatan\].*wajib diisi/);
    // a broken percent-encoding: its bytes are no UTF-8, and nothing garbled is stored
    const garbled = fmsParams().toString().replace(/description=[^&]*/, 'description=Jalan%20rusak%20parah%20sekali%20%E0%A4%A%ZZ%');
    const broken = await fetch(`${stack.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': FORM }, body: garbled });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { description: string }[])[0]!.description).toContain('description');
    const x = await post('xml', fmsParams({ api_key: 'wrong' }));
    expect(x.status).toBe(403);
    expect(await xmlErrors(x.text)).toEqual([]);
    expect(xml.parse(x.text).errors.error[0].code).toBe('403');
    const notForm = await fetch(`${stack.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(notForm.status).toBe(415);
    expect(((await notForm.json()) as { code: number }[])[0]!.code).toBe(415);
  });

  it('an empty jurisdiction_id means this one; the key may come in the query string', async () => {
    const form = fmsParams({ jurisdiction_id: '', api_key: undefined });
    const res = await fetch(`${stack.url}/open311/v2/requests.json?api_key=${LOCAL_KEY}`, { method: 'POST', headers: { 'content-type': FORM }, body: form.toString() });
    expect(res.status).toBe(200);
  });
});

describe('one report from submission to closed, in both formats', () => {
  it('moderation before verification, then status, notes, agency and dates as it moves on', async () => {
    const id = await submitJson({ description: 'Lampu jalan mati sepanjang 200 meter\ndi depan SDN 2', service_code: 'lainnya' });
    const readJson = async () => {
      const r = await get(`/open311/v2/requests/${id}.json`);
      expect(r.status, r.text).toBe(200);
      const body = jsonOf(r);
      expect(jsonErrors('requests', body)).toEqual([]);
      expect(body).toHaveLength(1);
      return body[0];
    };
    const readXml = async () => {
      const r = await get(`/open311/v2/requests/${id}.xml`);
      expect(await xmlErrors(r.text)).toEqual([]);
      return xml.parse(r.text).service_requests.request[0];
    };

    const received = await readJson();
    expect(received).toMatchObject({ service_request_id: id, status: 'open', service_code: 'lainnya', service_name: 'Lainnya' });
    // nothing the citizen wrote before verification, and never contact data
    for (const hidden of ['description', 'address', 'lat', 'long', 'media_url']) expect(received[hidden], hidden).toBeUndefined();
    for (const secret of ['Siti', 'Rahmawati', 'siti@example.org', 'fms.example']) expect(JSON.stringify(received)).not.toContain(secret);
    expect(received.requested_datetime).toMatch(/\+07:00$/);
    expect(received.expected_datetime).toMatch(/\+07:00$/);

    await move(id, { to: 'verified', unit: 'cipta-karya', note: 'Sudah dicek petugas' });
    const verified = await readJson();
    expect(verified).toMatchObject({ status: 'open', description: 'Lampu jalan mati sepanjang 200 meter\ndi depan SDN 2', lat: -6.053456, long: 106.11, agency_responsible: 'Bidang Cipta Karya' });
    expect(verified.status_notes).toBe('Sudah dicek petugas');
    expect(verified.media_url).toBeUndefined();
    expect((await readXml()).description).toBe('Lampu jalan mati sepanjang 200 meter\ndi depan SDN 2');

    await move(id, { to: 'in_progress', note: 'Tim berangkat' });
    // the officer's "after" photo: published, linked from the request and from the update that resolved it
    const grant = await call('POST', `/v1/staff/reports/${id}/photos`, { contentType: 'image/jpeg' }, { authorization: `Bearer ${admin}` });
    expect(grant.status).toBe(201);
    expect(await uploadWithGrant(grant.body, await cameraJpeg({ width: 64, height: 48 }), 'image/jpeg')).toBeLessThan(300);
    await stack.photos.idle();
    await move(id, { to: 'resolved', note: 'Lampu sudah diganti' });
    const resolved = await readJson();
    expect(resolved).toMatchObject({ status: 'closed', status_notes: 'Selesai ditangani: Lampu sudah diganti', media_url: expect.stringMatching(/^http/) });
    expect(resolved.expected_datetime).toBeUndefined();
    expect((await fetch(resolved.media_url)).status).toBe(200);

    await move(id, { to: 'closed', reason: 'Warga sudah memastikan lampu menyala' });
    const closed = await readXml();
    expect(closed).toMatchObject({ status: 'closed', status_notes: 'Ditutup: Warga sudah memastikan lampu menyala' });
    expect(closed.updated_datetime).toMatch(/\+07:00$/);
    const en = jsonOf(await get(`/open311/v2/requests/${id}.json`, { 'accept-language': 'en' }))[0];
    expect(en.status_notes).toBe('Closed: Warga sudah memastikan lampu menyala');

    // FixMyStreet pulls the progress: one update per public status change, its statuses, both formats
    const start = encodeURIComponent(new Date(Date.now() - 3600_000).toISOString());
    const updates = jsonOf(await get(`/open311/v2/servicerequestupdates.json?start_date=${start}&api_key=anything`)).filter(
      (u: { service_request_id: string }) => u.service_request_id === id,
    );
    expect(updates.map((u: { status: string }) => u.status).sort()).toEqual(['closed', 'fixed', 'in_progress', 'investigating']);
    expect(updates.find((u: { status: string }) => u.status === 'fixed')).toMatchObject({ description: 'Lampu sudah diganti', update_id: expect.stringContaining(id), media_url: expect.stringMatching(/^http/) });
    const ux = await get(`/open311/v2/servicerequestupdates.xml?start_date=${start}`);
    expect(await xmlErrors(ux.text)).toEqual([]);
    expect(xml.parse(ux.text).service_request_updates.request_update.some((u: { service_request_id: string }) => u.service_request_id === id)).toBe(true);
  });

  it('rejected, duplicate and referred reports say why; an unverified one never shows its text', async () => {
    const rejected = await submitJson();
    await move(rejected, { to: 'rejected', reason: 'Lokasi di luar tanggung jawab dinas' });
    const r = jsonOf(await get(`/open311/v2/requests/${rejected}.json`))[0];
    expect(r).toMatchObject({ status: 'closed', status_notes: 'Ditolak: Lokasi di luar tanggung jawab dinas' });
    expect(r.description).toBeUndefined();

    const original = await submitJson();
    const dup = await submitJson();
    await move(dup, { to: 'duplicate', duplicateOf: original });
    expect(jsonOf(await get(`/open311/v2/requests/${dup}.json`))[0].status_notes).toBe(`Duplikat dari ${original}`);

    const referred = await submitJson();
    await move(referred, { to: 'referred', agency: 'bbpjn-banten', note: 'Jalan nasional' });
    expect(jsonOf(await get(`/open311/v2/requests/${referred}.json`))[0].status_notes).toBe('Diteruskan ke BBPJN (jalan nasional): Jalan nasional');
  });
});

describe('GET requests: filters and defaults', () => {
  it('filters by ids (overriding the rest), service, status and dates with a + sent as a space', async () => {
    const a = await submitJson({ service_code: 'drainase' });
    const b = await submitJson({ service_code: 'drainase' });
    await move(b, { to: 'rejected', reason: 'Laporan ganda' });

    const byIds = jsonOf(await get(`/open311/v2/requests.json?service_request_id=${a},${b.toLowerCase()},ZZZZ-ZZZZ&service_code=jembatan&status=closed`));
    expect(byIds.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([a, b].sort());

    const open = jsonOf(await get('/open311/v2/requests.json?service_code=drainase&status=open'));
    expect(jsonErrors('requests', open)).toEqual([]);
    expect(open.map((r: { service_request_id: string }) => r.service_request_id)).toContain(a);
    expect(open.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(b);
    const closed = jsonOf(await get('/open311/v2/requests.json?status=closed'));
    expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).toContain(b);
    expect(closed.every((r: { status: string }) => r.status === 'closed')).toBe(true);

    // newest first, by default within the last 90 days
    const all = jsonOf(await get('/open311/v2/requests.json?status=open,closed'));
    const times = all.map((r: { requested_datetime: string }) => Date.parse(r.requested_datetime));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(all.length).toBeGreaterThanOrEqual(2);

    // a client that forgets to encode + sends a space; both ends are W3C with an offset
    const local = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 19);
    const startPlus = `${local(Date.now() - 600_000)}+07:00`;
    const spaced = await get(`/open311/v2/requests.xml?service_code=drainase&start_date=${startPlus}&end_date=${local(Date.now() + 60_000)}%2B07:00`);
    expect(spaced.status, spaced.text).toBe(200);
    expect(await xmlErrors(spaced.text)).toEqual([]);
    expect(xml.parse(spaced.text).service_requests.request.map((r: { service_request_id: string }) => r.service_request_id)).toContain(a);
    const future = jsonOf(await get(`/open311/v2/requests.json?service_code=drainase&start_date=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`));
    expect(future).toEqual([]);
    expect((await get('/open311/v2/requests.xml?service_code=drainase&start_date=2099-01-01T00:00:00Z')).text).toContain('<service_requests');
  });

  it('answers 400 for a malformed date or status, 404 for an unknown service, request or jurisdiction', async () => {
    for (const [path, status, field] of [
      ['/open311/v2/requests.json?start_date=2026-11-01', 400, 'start_date'],
      ['/open311/v2/requests.json?end_date=2026-02-30T00:00:00Z', 400, 'end_date'],
      ['/open311/v2/requests.json?start_date=kemarin', 400, 'start_date'],
      ['/open311/v2/requests.json?start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z', 400, 'start_date'],
      ['/open311/v2/requests.json?status=pending', 400, 'status'],
      ['/open311/v2/servicerequestupdates.json?start_date=yesterday', 400, 'start_date'],
      ['/open311/v2/requests.json?service_code=atlantis', 404, 'service_code'],
      ['/open311/v2/requests/ZZZZ-ZZZZ.json', 404, 'ZZZZ-ZZZZ'],
      ['/open311/v2/services/atlantis.json', 404, 'atlantis'],
      ['/open311/v2/services.json?jurisdiction_id=kota-serang', 404, 'jurisdiction_id'],
    ] as const) {
      const r = await get(path);
      expect(r.status, `${path}: ${r.text}`).toBe(status);
      expect(r.type).toBe('application/json; charset=utf-8');
      const errors = jsonOf(r);
      expect(errors[0]).toMatchObject({ code: status });
      expect(errors[0].description, path).toContain(field);
    }
  });

  it('every other path under /open311/ answers in the Open311 error format, XML unless it asks for JSON', async () => {
    const unknownJson = await get('/open311/v2/tokens/abc.json');
    expect(unknownJson.status).toBe(404);
    expect(jsonOf(unknownJson)[0].code).toBe(404);
    // the last: a path with a control character, echoed in the error's description
    for (const path of ['/open311/v2/nothing.xml', '/open311/v2/requests', '/open311/v3/services.json.txt', '/open311', '/open311/v2/services/%01.xml']) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.type, path).toBe('text/xml; charset=utf-8');
      expect(await xmlErrors(r.text), path).toEqual([]);
    }
    const put = await fetch(`${stack.url}/open311/v2/requests.json`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    // the read-only resources name GET alone, whatever the method; an unknown resource is not there at all
    for (const [method, path, status, allow] of [
      ['DELETE', '/open311/v2/discovery.xml', 405, 'GET'],
      ['POST', '/open311/v2/discovery.xml', 405, 'GET'],
      ['POST', '/open311/v2/services.json', 405, 'GET'],
      ['POST', '/open311/v2/servicerequestupdates.json', 405, 'GET'],
      ['POST', '/open311/v2/nothing.json', 404, null],
    ] as const) {
      const r = await fetch(`${stack.url}${path}`, { method });
      expect(r.status, `${method} ${path}`).toBe(status);
      expect(r.headers.get('allow'), `${method} ${path}`).toBe(allow);
    }
    expect(((await put.json()) as { code: number }[])[0]!.code).toBe(405);
    // the native API keeps its problems
    expect((await get('/v1/nothing')).type).toMatch(/^application\/problem\+json/);
  });

  it('a confidential report is not there, even once verified', async () => {
    const created = await call('POST', '/v1/reports', validReport({ confidential: true }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await move(id, { to: 'verified', unit: 'bina-marga' });
    expect((await get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
    expect(jsonOf(await get(`/open311/v2/requests.json?service_request_id=${id}`))).toEqual([]);
    expect(jsonOf(await get('/open311/v2/requests.json')).map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(id);
  });
});

describe('API keys issued by admins', () => {
  it('shown once, stored hashed, listed without the key, revocable; only admins manage them', async () => {
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });
    expect((await call('POST', '/v1/staff/open311-keys', { name: 'FixMyStreet Serang' }, auth(triage))).status).toBe(403);
    const issued = await call('POST', '/v1/staff/open311-keys', { name: 'FixMyStreet Serang', requestsPerHour: 2 }, auth(admin));
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ name: 'FixMyStreet Serang', requestsPerHour: 2, key: expect.stringMatching(/^o311_/) });
    const key = issued.body.key as string;

    const listed = await call('GET', '/v1/staff/open311-keys', undefined, auth(admin));
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(`o311_${issued.body.id}_`.length));
    expect(JSON.stringify(listed.body)).not.toContain('keyHash');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: issued.body.id, name: 'FixMyStreet Serang' }));

    // its own quota: two an hour
    expect((await post('json', fmsParams({ api_key: key }))).status).toBe(200);
    expect((await post('json', fmsParams({ api_key: key }))).status).toBe(200);
    const third = await post('json', fmsParams({ api_key: key }));
    expect(third.status).toBe(429);
    expect(jsonOf(third)[0].code).toBe(429);
    // the local key is not throttled by it
    expect((await post('json', fmsParams())).status).toBe(200);

    const revoked = await call('DELETE', `/v1/staff/open311-keys/${issued.body.id}`, undefined, auth(admin));
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect((await post('json', fmsParams({ api_key: key }))).status).toBe(403);
    expect((await call('DELETE', '/v1/staff/open311-keys/aaaaaaaaaaaa', undefined, auth(admin))).status).toBe(404);
  });
});
