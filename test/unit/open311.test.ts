/** The pure parts of the Open311 door: dates, formats, status mapping, form reading, keys, moderation of the view. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent, Report } from '../../shared/domain/report';
import type { HttpRequest } from '../../shared/http/handler';
import { ProblemError } from '../../shared/http/problem';
import { hashKey, newApiKey, verifyApiKey, envKeys, type StoredOpen311Key } from '../../shared/open311/api-keys';
import { parseW3c, toW3c } from '../../shared/open311/dates';
import { Open311Error, toErrorItems } from '../../shared/open311/errors';
import { splitResource, xmlList, xmlObject } from '../../shared/open311/format';
import { formatOfPath, isOpen311Path } from '../../shared/open311/handler';
import { readForm, toCreateInput } from '../../shared/open311/post-request';
import { dateRange, requestsQuery } from '../../shared/open311/query';
import { toOpen311Request } from '../../shared/open311/request-view';
import { serviceDefinition } from '../../shared/open311/services';
import { open311Status, statusNotes, updateStatus } from '../../shared/open311/status';
import { toOpen311Updates } from '../../shared/open311/updates';

describe('W3C dates', () => {
  it('reads Z, offsets, fractions, and a + that arrived as a space', () => {
    expect(parseW3c('2026-11-01T00:00:00Z')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3c('2026-11-01T07:00:00+07:00')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3c('2026-11-01T07:00:00 07:00')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3c('2026-11-01T07:00+07:00')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3c('2026-10-31T20:00:00.5-04:00')?.toISOString()).toBe('2026-11-01T00:00:00.500Z');
  });

  it('refuses what is not a W3C date-time with a time zone, or a day that does not exist', () => {
    for (const bad of ['2026-11-01', '2026-11-01T00:00:00', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-01T24:00:00Z', '2026-11-01T00:00:00+25:00', 'kemarin', '', '1700000000'])
      expect(parseW3c(bad), bad).toBeUndefined();
  });

  it('writes the jurisdiction offset', () => {
    expect(toW3c('2026-11-29T16:00:00.123Z')).toBe('2026-11-29T23:00:00+07:00');
  });

  it('defaults to the last 90 days; start alone runs 90 days on; start after end is refused', () => {
    const now = new Date('2026-11-29T00:00:00Z');
    expect(dateRange({}, now)).toEqual({ from: '2026-08-31T00:00:00.000Z', to: '2026-11-29T00:00:00.000Z' });
    expect(dateRange({ start_date: '2026-01-01T00:00:00Z' }, now)).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(() => dateRange({ start_date: '2026-11-02T00:00:00Z', end_date: '2026-11-01T00:00:00Z' }, now)).toThrow(/start_date/);
  });

  it('service_request_id overrides every other argument, even bad ones', () => {
    expect(requestsQuery({ service_request_id: '7kq4-m9xp, 7KQ4M9XP,nonsense', status: 'bogus', start_date: 'x' }, new Date())).toEqual({ kind: 'ids', ids: ['7KQ4-M9XP'] });
    expect(() => requestsQuery({ status: 'pending' }, new Date())).toThrow(Open311Error);
    expect(requestsQuery({ status: 'open,closed' }, new Date())).not.toHaveProperty('statuses');
    expect((requestsQuery({ status: 'closed' }, new Date()) as { statuses: string[] }).statuses.sort()).toEqual(['closed', 'duplicate', 'referred', 'rejected', 'resolved']);
  });
});

describe('formats', () => {
  const parser = new XMLParser({ parseTagValue: false });

  it('reads the format from the last segment, XML when none', () => {
    expect(splitResource('requests.json')).toEqual({ name: 'requests', format: 'json' });
    expect(splitResource('7KQ4-M9XP.XML')).toEqual({ name: '7KQ4-M9XP', format: 'xml' });
    expect(splitResource('requests')).toEqual({ name: 'requests' });
    expect(formatOfPath('/open311/v2/nothing.json')).toBe('json');
    expect(formatOfPath('/open311/v2/nothing')).toBe('xml');
    expect(isOpen311Path('/open311')).toBe(true);
    expect(isOpen311Path('/OPEN311/v2/x')).toBe(true);
    expect(isOpen311Path('/open3110')).toBe(false);
    expect(isOpen311Path('/v1/open311/x')).toBe(false);
  });

  it('XML: the declaration, the spec element names, escaped text, nested lists with their item names', () => {
    const text = xmlList('requests', [{ service_request_id: 'A', description: 'a < b & "c"', lat: -6.1, absent: undefined }]);
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>')).toBe(true);
    expect(text).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(text).not.toContain('absent');
    expect(parser.parse(text).service_requests.request.description).toBe('a < b & "c"');
    const def = xmlObject('service_definition', serviceDefinition('jalan-rusak', 'id'));
    const attr = parser.parse(def).service_definition.attributes.attribute;
    expect(attr.code).toBe('kecamatan');
    expect(attr.values.value).toHaveLength(29);
    expect(xmlList('services', [])).toContain('<services/>');
  });

  it('XML: characters XML 1.0 cannot carry become U+FFFD, so every answer stays well-formed', () => {
    const text = xmlList('errors', [{ code: 404, description: 'No service \u0001 here \uffff or \ud800 there\ttab' }]);
    expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/);
    expect(parser.parse(text).errors.error.description).toBe('No service \ufffd here \ufffd or \ufffd there\ttab');
  });

  it('errors: ProblemErrors from the shared rules become one entry per named field', () => {
    const problem = new ProblemError(400, 'validation', { id: 'Periksa', en: 'Check' }, { errors: [{ field: 'description', message: 'too short' }, { field: 'email', message: 'bad' }] });
    expect(toErrorItems(problem, 'en').items).toEqual([
      { code: 400, description: 'description: too short' },
      { code: 400, description: 'email: bad' },
    ]);
    const quota = new ProblemError(429, 'quota-exceeded', { id: 'Terlalu banyak', en: 'Too many' }, { headers: { 'retry-after': '60' } });
    expect(toErrorItems(quota, 'en')).toEqual({ status: 429, items: [{ code: 429, description: 'Too many' }], headers: { 'retry-after': '60' } });
  });
});

describe('statuses', () => {
  it('open is received, verified, in_progress; the rest is closed', () => {
    expect(['received', 'verified', 'in_progress'].map((s) => open311Status(s as never))).toEqual(['open', 'open', 'open']);
    expect(['resolved', 'closed', 'rejected', 'duplicate', 'referred'].map((s) => open311Status(s as never))).toEqual(Array(5).fill('closed'));
  });

  it('updates use the statuses FixMyStreet maps onto its own states', () => {
    // Open311.pm map_state: lower-case, `_` as space; fixed → "fixed - council", not councils responsibility → "not responsible", no further action → "unable to fix"
    expect(updateStatus('resolved')).toBe('fixed');
    expect(updateStatus('referred')).toBe('not_councils_responsibility');
    expect(updateStatus('rejected')).toBe('no_further_action');
    expect(updateStatus('in_progress')).toBe('in_progress');
    expect(updateStatus('received')).toBe('open');
  });
});

const report = (overrides: Partial<Report> = {}): Report => ({
  id: '7KQ4-M9XP',
  version: 1,
  status: 'received',
  category: 'jalan-rusak',
  district: 'cikande',
  priority: 'normal',
  description: 'Lubang besar di depan pasar',
  publicDescription: 'Lubang besar di depan pasar',
  location: { lat: -6.2, lon: 106.3 },
  address: 'Jl. Raya Cikande',
  reporter: { phone: '+6281234567890', name: 'Budi', email: 'budi@example.org', showName: true, anonymous: false, language: 'id' },
  confidential: false,
  createdAt: '2026-11-29T01:00:00.000Z',
  updatedAt: '2026-11-29T01:00:00.000Z',
  dueAt: '2026-11-30T02:00:00.000Z',
  escalationLevel: 0,
  eventCount: 1,
  mediaUrls: ['https://fms.example/p.jpg'],
  ...overrides,
});
const statusEvent = (to: Report['status'], note?: string, seq = 2): HistoryEvent => ({
  reportId: '7KQ4-M9XP',
  seq,
  type: 'status',
  at: '2026-11-29T03:00:00.000Z',
  actor: { role: 'triage', id: 't' },
  from: 'received',
  to,
  ...(note && { note }),
  visibility: 'public',
  notify: true,
});

describe('a report as a service request', () => {
  it('before verification: nothing the citizen wrote, never contact data, never the relayed media link', async () => {
    const view = await toOpen311Request(report(), [], 'id');
    expect(view).toMatchObject({ service_request_id: '7KQ4-M9XP', status: 'open', service_code: 'jalan-rusak', requested_datetime: '2026-11-29T08:00:00+07:00', expected_datetime: '2026-11-30T09:00:00+07:00' });
    for (const k of ['description', 'address', 'lat', 'long', 'media_url']) expect(view[k], k).toBeUndefined();
    const text = JSON.stringify(view);
    for (const secret of ['Budi', 'budi@example.org', '81234567890', 'fms.example']) expect(text).not.toContain(secret);
  });

  it('verified: the public description and location; status notes from the public note of the move', async () => {
    const r = report({ status: 'verified', unit: 'bina-marga', verifiedAt: '2026-11-29T03:00:00.000Z', publicDescription: 'Lubang (disunting)', eventCount: 2 });
    const view = await toOpen311Request(r, [statusEvent('verified', 'Dicek petugas')], 'en');
    expect(view).toMatchObject({ description: 'Lubang (disunting)', lat: -6.2, long: 106.3, address: 'Jl. Raya Cikande', agency_responsible: 'Roads and Bridges Division', status_notes: 'Dicek petugas' });
    expect(JSON.stringify(view)).not.toContain('Budi');
  });

  it('closed reports say why, with the public note; an internal note stays out', () => {
    expect(statusNotes(report({ status: 'rejected' }), [statusEvent('rejected', 'Bukan jalan kabupaten')], 'en')).toBe('Rejected: Bukan jalan kabupaten');
    expect(statusNotes(report({ status: 'rejected' }), [{ ...statusEvent('rejected', 'rahasia'), visibility: 'internal' }], 'id')).toBe('Ditolak');
    // a citizen's words on a public event (an SMS answer written before they were kept internal)
    expect(statusNotes(report({ status: 'closed' }), [{ ...statusEvent('closed', 'ya, Siti 0812-7000-2222'), actor: { role: 'citizen', id: 'reporter' } }], 'id')).not.toContain('Siti');
    expect(statusNotes(report({ status: 'duplicate', duplicateOf: 'AAAA-BBBB' }), [statusEvent('duplicate')], 'id')).toBe('Duplikat dari AAAA-BBBB');
    expect(statusNotes(report({ status: 'referred', agency: 'bbpjn-banten' }), [statusEvent('referred')], 'en')).toBe('Referred to National road authority (BBPJN)');
  });

  it('updates: public staff events of public reports only', () => {
    const events: HistoryEvent[] = [
      statusEvent('verified', 'Dicek'),
      { ...statusEvent('in_progress'), seq: 3, visibility: 'internal' },
      { ...statusEvent('in_progress'), seq: 4, type: 'note', to: undefined, note: 'Pesan warga', actor: { role: 'citizen' } },
      { ...statusEvent('resolved'), reportId: 'SECR-ET00' },
    ];
    const reports = new Map([
      ['7KQ4-M9XP', report({ status: 'verified' })],
      ['SECR-ET00', report({ id: 'SECR-ET00', confidential: true })],
    ]);
    expect(toOpen311Updates(events, reports, 'id')).toEqual([
      { update_id: '7KQ4-M9XP-2', service_request_id: '7KQ4-M9XP', status: 'investigating', updated_datetime: '2026-11-29T10:00:00+07:00', description: 'Dicek' },
    ]);
  });

  it('updates: the resolving one links the published "after" photo', () => {
    const resolved = { ...statusEvent('resolved', 'Ditambal'), seq: 5 };
    const out = toOpen311Updates([resolved, statusEvent('verified')], new Map([['7KQ4-M9XP', report({ status: 'resolved' })]]), 'id', new Map([['7KQ4-M9XP', 'https://photos.example/after.jpg']]));
    expect(out.map((u) => [u.status, u.media_url])).toEqual([
      ['fixed', 'https://photos.example/after.jpg'],
      ['investigating', undefined],
    ]);
  });
});

function formRequest(body: string, contentType: string): HttpRequest {
  return { headers: { 'content-type': contentType }, event: { body, isBase64Encoded: false } } as unknown as HttpRequest;
}

describe('POST requests: the form FixMyStreet sends', () => {
  const body = new URLSearchParams([
    ['service_code', 'lainnya'],
    ['description', 'Judul\n\nIsi laporan yang panjang\n\nhttps://fms.example/report/1\n'],
    ['first_name', 'Siti'],
    ['last_name', ''],
    ['email', 'siti@example.org'],
    ['lat', '-6.12'],
    ['long', '106.15'],
    ['attribute[kecamatan]', 'kramatwatu'],
    ['attribute[uprn]', '123'],
    ['media_url', 'https://fms.example/1.jpeg'],
    ['media_url', 'https://fms.example/2.jpeg'],
    ['deviceid', 'web'],
  ]).toString();

  it('accepts the form with or without a UTF-8 charset, nothing else', () => {
    for (const type of ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', 'Application/X-WWW-Form-Urlencoded;charset=UTF-8'])
      expect(readForm(formRequest(body, type)).get('media_url'), type).toHaveLength(2);
    for (const type of ['application/json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=iso-8859-1', ''])
      expect(() => readForm(formRequest(body, type)), type).toThrow(Open311Error);
  });

  it('reads it into the shared creation input: empty names dropped, unknown attributes ignored, every media link kept', () => {
    const input = toCreateInput(readForm(formRequest(body, 'application/x-www-form-urlencoded')), 'lainnya', { id: 'k1', name: 'FMS' }, 'id');
    expect(input).toMatchObject({
      category: 'lainnya',
      district: 'kramatwatu',
      location: { lat: -6.12, lon: 106.15 },
      description: 'Judul\n\nIsi laporan yang panjang\n\nhttps://fms.example/report/1',
      reporter: { name: 'Siti', email: 'siti@example.org', showName: false, anonymous: false },
      mediaUrls: ['https://fms.example/1.jpeg', 'https://fms.example/2.jpeg'],
      source: { channel: 'open311', clientId: 'k1', clientName: 'FMS', deviceId: 'web' },
    });
    expect(input.reporter.phone).toBeUndefined();
  });

  it('an address id stays with staff: it is a key into the register of the client, not an address', () => {
    const form = readForm(formRequest(new URLSearchParams([['description', 'Lampu jalan mati di gang'], ['address_id', '#NOTPINPOINTED#'], ['attribute[kecamatan]', 'kopo']]).toString(), 'application/x-www-form-urlencoded'));
    const input = toCreateInput(form, 'lainnya', { id: 'k1', name: 'FMS' }, 'id');
    expect(input.address).toBeUndefined();
    expect(input.location).toBeUndefined();
    expect(input.source?.addressId).toBe('#NOTPINPOINTED#');
  });

  it('a mobile number in any usual form becomes E.164', () => {
    const form = readForm(formRequest(`${body}&phone=${encodeURIComponent('+62 812-3456-7890')}`, 'application/x-www-form-urlencoded'));
    expect(toCreateInput(form, 'lainnya', { id: 'k1', name: 'FMS' }, 'id').reporter.phone).toBe('+6281234567890');
  });
});

describe('API keys', () => {
  const store = (keys: StoredOpen311Key[]) => ({ get: async (id: string) => keys.find((k) => k.id === id) });

  it('accepts the issued key only while it is not revoked, never its hash or a forged id', async () => {
    const { id, key } = newApiKey();
    const stored: StoredOpen311Key = { id, name: 'FMS', requestsPerHour: 10, createdAt: '2026-11-29T00:00:00.000Z', keyHash: hashKey(key) };
    expect(await verifyApiKey(key, store([stored]), [])).toEqual({ id, name: 'FMS', requestsPerHour: 10, createdAt: '2026-11-29T00:00:00.000Z' });
    expect(await verifyApiKey(stored.keyHash, store([stored]), [])).toBeUndefined();
    const forged = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`; // always differs from the real key
    expect(await verifyApiKey(forged, store([stored]), [])).toBeUndefined();
    expect(await verifyApiKey(key, store([{ ...stored, revokedAt: '2026-11-29T01:00:00.000Z' }]), [])).toBeUndefined();
    expect(await verifyApiKey(undefined, store([stored]), [])).toBeUndefined();
  });

  it('keys from OPEN311_API_KEYS are clients of their own', async () => {
    const env = envKeys(' one , two ,,');
    expect(env.map((k) => k.id)).toEqual(['env-1', 'env-2']);
    expect((await verifyApiKey('two', store([]), env))?.id).toBe('env-2');
    expect(await verifyApiKey('three', store([]), env)).toBeUndefined();
  });
});
