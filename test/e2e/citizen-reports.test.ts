/**
 * A citizen's side of the API over HTTP: on the local stack (DynamoDB Local, s3rver, SMS sink), or on a deployed
 * API when API_URL is set (test/support/test-target.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, validReport } from '../support/local-stack';
import { startTestTarget, type TestTarget } from '../support/test-target';

let target: TestTarget;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  target = await startTestTarget();
  call = client(target.url);
});
afterAll(() => target?.stop());

describe('submitting and reading a report', () => {
  it('creates a report, reads it back and lists it, never showing the phone number', async () => {
    const created = await call('POST', '/v1/reports', validReport());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'received' });
    expect(created.body.id).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(created.headers.get('location')).toBe(`/v1/reports/${created.body.id}`);
    expect(created.body.privacyNotice).toMatch(/dihapus 365 hari setelah laporan selesai/);
    expect(Date.parse(created.body.dueAt)).toBeGreaterThan(Date.parse(created.body.createdAt));

    const read = await call('GET', `/v1/reports/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, status: 'received', category: 'jalan-rusak', district: 'cikande' });
    // not verified yet: no description, address or location, and the name only if asked for
    expect(read.body.description).toBeUndefined();
    expect(read.body.location).toBeUndefined();
    expect(read.body.reporterName).toBeUndefined();

    const list = await call('GET', '/v1/reports?district=cikande');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);

    for (const body of [created.body, read.body, list.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('3456');
      expect(text).not.toContain('Budi');
    }
  });

  it('accepts the code however it is typed', async () => {
    const { body } = await call('POST', '/v1/reports', validReport());
    const typed = body.id.replace('-', '').toLowerCase();
    expect((await call('GET', `/v1/reports/${typed}`)).body.id).toBe(body.id);
  });

  it('keeps confidential reports out of every public view', async () => {
    const { body } = await call('POST', '/v1/reports', validReport({ confidential: true, district: 'kopo' }));
    expect((await call('GET', `/v1/reports/${body.id}`)).status).toBe(404);
    for (const q of ['', '?district=kopo', '?category=jalan-rusak', '?status=received']) {
      const list = await call('GET', `/v1/reports${q}&limit=100`.replace('&', q ? '&' : '?'));
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(body.id);
    }
  });

  it('pages through the list newest first with an opaque cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call('POST', '/v1/reports', validReport({ district: 'tanara' }))).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        'GET',
        `/v1/reports?district=tanara&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('returns the first answer for a retried POST with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await call('POST', '/v1/reports', validReport({ district: 'petir' }), headers);
    const retry = await call('POST', '/v1/reports', validReport({ district: 'petir' }), headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    const list = await call('GET', '/v1/reports?district=petir');
    expect(list.body.items).toHaveLength(1);
    const reused = await call('POST', '/v1/reports', validReport({ district: 'petir', description: 'Another text entirely here' }), headers);
    expect(reused.status).toBe(422);
    // the refusal keeps the first answer: the same other body is refused again, the first body still replays
    const reusedAgain = await call('POST', '/v1/reports', validReport({ district: 'petir', description: 'Another text entirely here' }), headers);
    expect(reusedAgain.status).toBe(422);
    const lateRetry = await call('POST', '/v1/reports', validReport({ district: 'petir' }), headers);
    expect(lateRetry.status).toBe(201);
    expect(lateRetry.body.id).toBe(first.body.id);
    expect((await call('GET', '/v1/reports?district=petir')).body.items).toHaveLength(1);
  });

  it('refuses text whose bytes are no UTF-8 instead of storing it garbled', async () => {
    const json = JSON.stringify(validReport({ description: 'Jalan rusak parah XX sekali di sini' }));
    const bytes = Buffer.from(json, 'utf8');
    const at = bytes.indexOf('XX');
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    const res = await fetch(`${target.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(await res.json())).toContain('description');
  });

  it('normalises every usual way of writing a mobile number', async () => {
    for (const phone of ['081234567890', '+62 812-3456-7890', '6281234567890', '+6281234567890']) {
      expect((await call('POST', '/v1/reports', validReport({ reporter: { phone } }))).status).toBe(201);
    }
  });
});

describe('refusals are problem responses naming the field', () => {
  const problem = (r: { status: number; headers: Headers }) => {
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  };

  it.each([
    ['unknown field', { ...validReport(), extra: 1 }, 'extra'],
    ['short description', validReport({ description: 'short' }), 'description'],
    ['control characters', validReport({ description: 'Jalan rusak \u0007 parah sekali' }), 'description'],
    ['a noncharacter (no XML can carry it)', validReport({ description: 'Jalan rusak parah sekali \uffff di sini' }), 'description'],
    ['unknown category', validReport({ category: 'pizza' }), 'category'],
    ['unknown district', validReport({ district: 'jakarta' }), 'district'],
    ['outside the box', validReport({ location: { lat: -6.9, lon: 107.6 } }), 'location'],
    ['landline', validReport({ reporter: { phone: '021-2345678' } }), 'reporter.phone'],
    ['foreign mobile', validReport({ reporter: { phone: '+14155550100' } }), 'reporter.phone'],
    ['no location nor address', validReport({ location: undefined }), 'location'],
    ['unknown reporter field', validReport({ reporter: { phone: '081234567890', nik: '3604' } }), 'reporter.nik'],
  ])('%s → 400', async (_name, body, field) => {
    const r = await call('POST', '/v1/reports', body);
    expect(r.status).toBe(400);
    problem(r);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('speaks English when asked', async () => {
    const r = await call('POST', '/v1/reports', validReport({ reporter: { phone: '123' } }), { 'accept-language': 'en-US,en;q=0.9' });
    expect(r.body.title).toBe('Invalid request');
    expect(r.body.errors[0].message).toMatch(/Indonesian mobile number/);
    const id = await call('POST', '/v1/reports', validReport({ reporter: { phone: '123' } }));
    expect(id.body.title).toBe('Permintaan tidak valid');
  });

  it('malformed JSON → 400, wrong type → 415, too large → 413, unknown → 404, wrong method → 405', async () => {
    const cases: Array<[Promise<{ status: number; headers: Headers }>, number]> = [
      [call('POST', '/v1/reports', '{"category":', { 'content-type': 'application/json' }), 400],
      [call('POST', '/v1/reports', 'hello', { 'content-type': 'text/plain' }), 415],
      [call('POST', '/v1/reports', JSON.stringify(validReport({ address: 'x'.repeat(70_000) }))), 413],
      [call('GET', '/v1/nothing-here'), 404],
      [call('GET', '/v1/reports/AAAA-AAAA'), 404],
      [call('DELETE', '/v1/reports'), 405],
      [call('GET', '/v1/reports?limit=0'), 400],
      [call('GET', '/v1/reports?cursor=not-a-cursor'), 400],
    ];
    for (const [reply, status] of cases) {
      const r = await reply;
      expect(r.status).toBe(status);
      problem(r);
    }
    expect((await call('DELETE', '/v1/reports')).headers.get('allow')).toContain('POST');
  });

  it('says one thing per field, and what a person can act on', async () => {
    const messages = async (query: string) => {
      const r = await call('GET', `/v1/reports?${query}`, undefined, { 'accept-language': 'en' });
      expect(r.status, query).toBe(400);
      return (r.body.errors as { field: string; message: string }[]).map((e) => `${e.field}: ${e.message}`);
    };
    expect(await messages('limit=1e20')).toEqual(['query.limit: Page size (limit) must be at most 100.']);
    for (const q of ['limit=NaN', 'limit=%25', 'limit=abc']) expect(await messages(q)).toEqual(['query.limit: Page size (limit) must be a number.']);
    expect(await messages('limit=2.5')).toEqual(['query.limit: Page size (limit) must be a whole number.']);
  });

  it('writes nothing for a refused request', async () => {
    const before = (await call('GET', '/v1/reports?district=binuang')).body.items.length;
    await call('POST', '/v1/reports', validReport({ district: 'binuang', reporter: { phone: 'nope' } }));
    await call('POST', '/v1/reports', { ...validReport({ district: 'binuang' }), extra: true });
    expect((await call('GET', '/v1/reports?district=binuang')).body.items.length).toBe(before);
  });
});

describe('reference data and documents', () => {
  it('lists categories and districts in the asked language', async () => {
    const cats = await call('GET', '/v1/categories', undefined, { 'accept-language': 'en' });
    expect(cats.body.items).toContainEqual({ code: 'jembatan', name: 'Bridges', defaultUnit: 'bina-marga' });
    const districts = await call('GET', '/v1/districts');
    expect(districts.body.items).toHaveLength(29);
    expect(districts.body.items).toContainEqual({ code: 'waringin-kurung', name: 'Waringin Kurung', officialCode: '36.04.06' });
  });

  it('serves health and an OpenAPI 3.1 document describing every route', async () => {
    expect((await call('GET', '/health')).body.status).toBe('ok');
    const doc = await call('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/reports', '/v1/reports/{id}', '/v1/categories']));
    expect(doc.body.components.schemas.CreateReportRequest.additionalProperties).toBe(false);
  });
});
