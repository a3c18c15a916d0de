/**
 * Place and followers through the whole local stack: the boundary lookup decides the kecamatan and refuses
 * neighbours, nearby reports can be followed, and a follower gets exactly one SMS per status change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { client, startTestStack, validReport } from '../support/local-stack';

let stack: LocalStack;
let call: ReturnType<typeof client>;
let triage: string;

beforeAll(async () => {
  stack = await startTestStack();
  call = client(stack.url);
  triage = `Bearer ${await stack.token({ role: 'triage', sub: 'triage-loc' })}`;
});
afterAll(() => stack?.stop());

const KOTA_SERANG = { lat: -6.1189, lon: 106.1659 };
const CIRUAS = { lat: -6.1149, lon: 106.2412 };
/** Tanara, 2 km from its border: the nearby tests work around here, away from every other test's reports */
const TANARA = { lat: -6.0092, lon: 106.3769 };
/** metres → degrees of latitude */
const north = (p: { lat: number; lon: number }, metres: number) => ({ lat: p.lat + metres / 111_195, lon: p.lon });

async function move(id: string, body: Record<string, unknown>) {
  const etag = (await call('GET', `/v1/staff/reports/${id}`, undefined, { authorization: triage })).headers.get('etag')!;
  const r = await call('POST', `/v1/staff/reports/${id}/transitions`, body, { authorization: triage, 'if-match': etag });
  expect(r.status).toBe(200);
}

async function messagesFor(phone: string, count: number, waitMs = 8_000) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const mine = stack.sms.outbox().filter((m) => m.phoneNumber === phone);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('where is it?', () => {
  it('locates a point in a kecamatan, with its Kemendagri code, and one in a neighbour with where to report', async () => {
    const inside = await call('GET', `/v1/locate?lat=${CIRUAS.lat}&lon=${CIRUAS.lon}`);
    expect(inside.status).toBe(200);
    expect(inside.body).toEqual({ inJurisdiction: true, district: { code: 'ciruas', officialCode: '36.04.09', name: 'Ciruas' }, neighbour: null });
    const city = await call('GET', `/v1/locate?lat=${KOTA_SERANG.lat}&lon=${KOTA_SERANG.lon}`, undefined, { 'accept-language': 'en' });
    expect(city.body).toMatchObject({ inJurisdiction: false, district: null, neighbour: { code: 'kota-serang', name: 'Serang City', kind: 'kota' } });
    expect(city.body.neighbour.reportTo).toContain('Serang City');
    const bad = await call('GET', '/v1/locate?lat=utara&lon=106.2');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('query.lat');
  });

  it('lists each kecamatan with its Kemendagri code, joined on the code (Waringinkurung is waringin-kurung)', async () => {
    const { body } = await call('GET', '/v1/districts');
    expect(body.items).toHaveLength(29);
    expect(body.items.find((d: { code: string }) => d.code === 'waringin-kurung')).toEqual({ code: 'waringin-kurung', name: 'Waringin Kurung', officialCode: '36.04.06' });
    expect(body.items.every((d: { officialCode: string }) => /^36\.04\.\d{2}$/.test(d.officialCode))).toBe(true);
  });

  it('refuses a report located in Kota Serang with a 422 naming it and where to report, in the citizen’s language', async () => {
    const id = await call('POST', '/v1/reports', validReport({ location: KOTA_SERANG, reporter: { phone: '081300000001' } }));
    expect(id.status).toBe(422);
    expect(id.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(id.body).toMatchObject({ status: 422, neighbour: { code: 'kota-serang', name: 'Kota Serang', kind: 'kota' } });
    expect(id.body.detail).toMatch(/Kota Serang.*Dinas PUPR Kota Serang/);
    expect(id.body.errors).toEqual([{ field: 'location', message: id.body.detail }]);
    const en = await call('POST', '/v1/reports', validReport({ location: KOTA_SERANG, reporter: { phone: '081300000001' } }), { 'accept-language': 'en' });
    expect(en.status).toBe(422);
    expect(en.body.detail).toMatch(/^This location is in Serang City, outside Serang Regency\. Please report it to/);
    // nothing was written: no SMS went out to the number
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.sms.outbox().filter((m) => m.phoneNumber === '+6281300000001')).toHaveLength(0);
  });

  it('refuses a location far out at sea as a bad `location` field', async () => {
    const r = await call('POST', '/v1/reports', validReport({ location: { lat: -5.6, lon: 106.2 } }));
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['location']);
  });

  it('takes the kecamatan from the location: a wrong choice is corrected and kept for staff; none is needed', async () => {
    const wrong = await call('POST', '/v1/reports', validReport({ district: 'anyar', location: CIRUAS, reporter: { phone: '081300000002' } }));
    expect(wrong.status).toBe(201);
    expect((await call('GET', `/v1/reports/${wrong.body.id}`)).body.district).toBe('ciruas');
    const staff = await call('GET', `/v1/staff/reports/${wrong.body.id}`, undefined, { authorization: triage });
    expect(staff.body).toMatchObject({ district: 'ciruas', citizenDistrict: 'anyar', districtSource: 'location' });

    const { district: _omitted, ...noDistrict } = validReport({ location: CIRUAS, reporter: { phone: '081300000003' } });
    const none = await call('POST', '/v1/reports', noDistrict);
    expect(none.status).toBe(201);
    const staffNone = await call('GET', `/v1/staff/reports/${none.body.id}`, undefined, { authorization: triage });
    expect(staffNone.body.district).toBe('ciruas');
    expect(staffNone.body).not.toHaveProperty('citizenDistrict');

    const { location: _l, ...neither } = noDistrict;
    const refused = await call('POST', '/v1/reports', { ...neither, address: 'Jl. Raya Ciruas' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain('district');
  });
});

describe('already reported nearby?', () => {
  it('lists a verified report nearby, lets a number follow it, and texts the follower exactly once per change', async () => {
    const original = (await call('POST', '/v1/reports', validReport({ category: 'drainase', district: undefined, location: TANARA, reporter: { phone: '081300000010' } }))).body.id;
    await move(original, { to: 'verified', unit: 'sumber-daya-air' });
    // not listed: another category, and a report nobody has verified yet
    await call('POST', '/v1/reports', validReport({ category: 'jalan-rusak', district: undefined, location: north(TANARA, 20), reporter: { phone: '081300000011' } }));
    const unverified = (await call('POST', '/v1/reports', validReport({ category: 'drainase', district: undefined, location: north(TANARA, 30), reporter: { phone: '081300000012' } }))).body.id;

    const here = north(TANARA, 120);
    const nearby = await call('GET', `/v1/reports/nearby?lat=${here.lat}&lon=${here.lon}&category=drainase`);
    expect(nearby.status).toBe(200);
    expect(nearby.body.radiusMeters).toBe(250);
    expect(nearby.body.items.map((i: { id: string }) => i.id)).toEqual([original]);
    expect(nearby.body.items[0].distanceMeters).toBeGreaterThan(110);
    expect(nearby.body.items[0].distanceMeters).toBeLessThan(130);
    expect(JSON.stringify(nearby.body)).not.toContain('81300000010');
    const far = north(TANARA, 400);
    expect((await call('GET', `/v1/reports/nearby?lat=${far.lat}&lon=${far.lon}&category=drainase`)).body.items).toEqual([]);
    // far from the regency, up to the poles (where a geohash cell is narrower than the radius): nothing near
    for (const [lat, lon] of [[80, 106], [90, 180], [-90, -180], [-6.1, 120]]) {
      const away = await call('GET', `/v1/reports/nearby?lat=${lat}&lon=${lon}&category=drainase`);
      expect(away.status, `${lat},${lon}`).toBe(200);
      expect(away.body.items).toEqual([]);
    }

    // staff see the unverified one's likely duplicate
    const triageView = await call('GET', `/v1/staff/reports/${unverified}`, undefined, { authorization: triage });
    expect(triageView.body.likelyDuplicates.map((d: { id: string }) => d.id)).toEqual([original]);
    expect(triageView.body.likelyDuplicates[0].distanceMeters).toBeLessThanOrEqual(31);

    const follow = await call('POST', `/v1/reports/${original}/followers`, { phone: '0857-1300-0020', language: 'en' });
    expect(follow.status).toBe(201);
    expect(follow.body).toEqual({ reportId: original, following: true, followerCount: 1 });
    expect(JSON.stringify(follow.body)).not.toContain('1300');
    const again = await call('POST', `/v1/reports/${original}/followers`, { phone: '+62 857 1300 0020', language: 'en' });
    expect(again.status).toBe(200);
    expect(again.body.followerCount).toBe(1);
    const pub = await call('GET', `/v1/reports/${original}`);
    expect(pub.body.followerCount).toBe(1);
    expect(JSON.stringify(pub.body)).not.toContain('85713000020');
    const queue = await call('GET', '/v1/staff/reports?sort=followers', undefined, { authorization: triage });
    expect(queue.status).toBe(200);
    expect(queue.body.items[0]).toMatchObject({ id: original, followerCount: 1 });

    await move(original, { to: 'in_progress', note: 'Tim sudah dijadwalkan' });
    const texts = await messagesFor('+6285713000020', 1);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.message).toContain(original);
    expect(texts[0]!.message).toMatch(/has started acting on report/); // in the follower's language, English
    // a second look after the stream had time to replay or retry: still one
    await new Promise((r) => setTimeout(r, 1_500));
    expect(stack.sms.outbox().filter((m) => m.phoneNumber === '+6285713000020')).toHaveLength(1);
    const staff = await call('GET', `/v1/staff/reports/${original}`, undefined, { authorization: triage });
    const toFollower = staff.body.smsDeliveries.filter((d: { recipient: string }) => d.recipient.startsWith('F-'));
    expect(toFollower).toEqual([expect.objectContaining({ role: 'follower', status: 'sent' })]);
    expect(JSON.stringify(staff.body.smsDeliveries)).not.toContain('85713000020');
  });

  it('refuses to follow a report that does not exist, and a number that is not a mobile number', async () => {
    expect((await call('POST', '/v1/reports/ZZZZ-ZZZZ/followers', { phone: '085713000021' })).status).toBe(404);
    const original = (await call('POST', '/v1/reports', validReport({ reporter: { phone: '081300000013' } }))).body.id;
    const bad = await call('POST', `/v1/reports/${original}/followers`, { phone: '12345' }, { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'phone' });
  });

  it('asks for a known category and a coordinate', async () => {
    const r = await call('GET', `/v1/reports/nearby?lat=${TANARA.lat}&lon=${TANARA.lon}&category=unicorns`);
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.category']);
  });
});

describe('likely duplicates in the staff view', () => {
  it('lists only reports the reader may read: a district office sees none from across its border', async () => {
    // 67 m apart, on either side of the Binuang–Cikande border: the locations decide the kecamatan
    const across = (await call('POST', '/v1/reports', validReport({ category: 'lampu-jalan', district: undefined, location: { lat: -6.1515, lon: 106.35541 }, reporter: { phone: '081300000031' } }))).body;
    const here = (await call('POST', '/v1/reports', validReport({ category: 'lampu-jalan', district: undefined, location: { lat: -6.1521, lon: 106.35541 }, reporter: { phone: '081300000032' } }))).body;
    for (const [id, district] of [[across.id, 'binuang'], [here.id, 'cikande']]) expect((await call('GET', `/v1/reports/${id}`)).body.district).toBe(district);

    const triageView = await call('GET', `/v1/staff/reports/${here.id}`, undefined, { authorization: triage });
    expect(triageView.body.likelyDuplicates.map((d: { id: string }) => d.id)).toEqual([across.id]);

    const cikande = `Bearer ${await stack.token({ role: 'district', district: 'cikande', sub: 'district-cikande-loc' })}`;
    expect((await call('GET', `/v1/staff/reports/${across.id}`, undefined, { authorization: cikande })).status).toBe(403);
    const districtView = await call('GET', `/v1/staff/reports/${here.id}`, undefined, { authorization: cikande });
    expect(districtView.status).toBe(200);
    expect(districtView.body.likelyDuplicates).toEqual([]);
  });
});
