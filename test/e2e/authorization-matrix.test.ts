/**
 * Who may do what, generated from the route table: every staff route × every staff principal (in and out of the
 * report's unit or kecamatan) × every kind of bad token, over HTTP on the local stack (the functions check the tokens themselves, as on AWS).
 * The expected answers are the tables below, keyed by route function: a route added to ROUTES without a row here
 * fails this file, so nobody can add a route without deciding who may call it.
 * After every refused call the report is exactly as it was (version, event count, history), and no refused caller
 * appears in the contact-read audit. Public routes answer without a token and never show the reporter's number.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../local/auth';
import { matchRoute, ROUTES, type RouteDefinition } from '../../shared/http/routes';
import { startKeyedTestStack, type KeyedStack } from '../support/keyed-stack';
import { client, validReport, type Reply } from '../support/local-stack';
import { phonePattern } from '../support/property-harness';
import { tableProbe, type TableProbe } from '../support/table-probe';

type Who = 'admin' | 'triage' | 'officer of the unit' | 'officer of another unit' | 'district of the kecamatan' | 'district of another kecamatan';

const PRINCIPALS: Record<Who, Record<string, unknown>> = {
  admin: { sub: 'm-admin', 'cognito:groups': ['admin'] },
  triage: { sub: 'm-triage', 'cognito:groups': ['triage'] },
  'officer of the unit': { sub: 'm-officer-bm', 'cognito:groups': ['officer'], 'custom:unit': 'bina-marga' },
  'officer of another unit': { sub: 'm-officer-sda', 'cognito:groups': ['officer'], 'custom:unit': 'sumber-daya-air' },
  'district of the kecamatan': { sub: 'm-camat-cikande', 'cognito:groups': ['district'], 'custom:district': 'cikande' },
  'district of another kecamatan': { sub: 'm-camat-kopo', 'cognito:groups': ['district'], 'custom:district': 'kopo' },
};
const WHO = Object.keys(PRINCIPALS) as Who[];

type BadToken = 'no token' | 'bad signature' | 'expired' | 'no expiry' | 'wrong audience' | 'wrong issuer' | 'unsigned (alg none)' | 'ID token';

/**
 * What the function's token check says to a bad token, before the use case runs: a problem+json 401. An ID token
 * of the same pool is validly signed for the app client, but the API takes access tokens only (token_use must be
 * "access"), so it is a 401 too.
 */
const BAD_TOKENS: Record<BadToken, 401 | 403> = {
  'no token': 401,
  'bad signature': 401,
  expired: 401,
  // a token that never expires is none Cognito issues: signed with the key, it must still be refused
  'no expiry': 401,
  'wrong audience': 401,
  'wrong issuer': 401,
  'unsigned (alg none)': 401,
  'ID token': 401,
};

interface Scene {
  id: string;
  version: number;
  priority: string;
  month: string;
}

interface StaffRow {
  /** each call gets a report of its own (the call moves it on, so the next caller would find another state) */
  freshReport?: boolean;
  request(scene: Scene): { method: string; path: string; body?: unknown; headers?: Record<string, string> };
  expect: Record<Who, number>;
  /** list routes: is the report in the answer? */
  sees?: Record<Who, boolean>;
}

const ok = (success: number, refused: number, allowed: Who[]): Record<Who, number> =>
  Object.fromEntries(WHO.map((w) => [w, allowed.includes(w) ? success : refused])) as Record<Who, number>;

/** The report every call is about: verified, unit bina-marga, kecamatan cikande. */
const STAFF: Record<string, StaffRow> = {
  'list-staff-reports': {
    request: () => ({ method: 'GET', path: '/v1/staff/reports?limit=100' }),
    // everyone may list; each sees only their own scope
    expect: ok(200, 200, WHO),
    sees: {
      admin: true,
      triage: true,
      'officer of the unit': true,
      'officer of another unit': false,
      'district of the kecamatan': true,
      'district of another kecamatan': false,
    },
  },
  'get-staff-report': {
    request: ({ id }) => ({ method: 'GET', path: `/v1/staff/reports/${id}` }),
    expect: ok(200, 403, ['admin', 'triage', 'officer of the unit', 'district of the kecamatan']),
  },
  'update-report': {
    request: ({ id, version, priority }) => ({ method: 'PATCH', path: `/v1/staff/reports/${id}`, body: { priority: priority === 'high' ? 'low' : 'high' }, headers: { 'if-match': `"${version}"` } }),
    // an officer of the unit may change the priority (only); a district office only reads and comments
    expect: ok(200, 403, ['admin', 'triage', 'officer of the unit']),
  },
  'transition-report': {
    freshReport: true,
    request: ({ id, version }) => ({ method: 'POST', path: `/v1/staff/reports/${id}/transitions`, body: { to: 'in_progress', note: 'Tim menuju lokasi' }, headers: { 'if-match': `"${version}"` } }),
    expect: ok(200, 403, ['admin', 'triage', 'officer of the unit']),
  },
  'create-staff-photo-upload': {
    request: ({ id }) => ({ method: 'POST', path: `/v1/staff/reports/${id}/photos`, body: { contentType: 'image/jpeg' } }),
    expect: ok(201, 403, ['admin', 'triage', 'officer of the unit']),
  },
  'approve-photo': {
    // the report has no photo waiting: triage and admin learn that (404), everyone else is refused before the lookup
    request: ({ id }) => ({ method: 'POST', path: `/v1/staff/reports/${id}/photos/${'0'.repeat(20)}/approval` }),
    expect: ok(404, 403, ['admin', 'triage']),
  },
  'add-staff-note': {
    request: ({ id }) => ({ method: 'POST', path: `/v1/staff/reports/${id}/notes`, body: { text: 'Warga sekitar mengeluh', visibility: 'internal' } }),
    expect: ok(201, 403, ['admin', 'triage', 'officer of the unit', 'district of the kecamatan']),
  },
  'list-contact-reads': {
    request: ({ month }) => ({ method: 'GET', path: `/v1/staff/audit/contact-reads?month=${month}` }),
    expect: ok(200, 403, ['admin']),
  },
  'create-open311-key': {
    request: () => ({ method: 'POST', path: '/v1/staff/open311-keys', body: { name: 'Matrix client' } }),
    expect: ok(201, 403, ['admin']),
  },
  'list-open311-keys': {
    request: () => ({ method: 'GET', path: '/v1/staff/open311-keys' }),
    expect: ok(200, 403, ['admin']),
  },
  'revoke-open311-key': {
    // no such key: the admin learns that (404), everyone else is refused before the lookup
    request: () => ({ method: 'DELETE', path: '/v1/staff/open311-keys/aaaaaaaaaaaa' }),
    expect: ok(404, 403, ['admin']),
  },
};

interface PublicRow {
  /** `route`: for a function behind several routes (the open-data files) */
  request(scene: Scene & { uploadToken: string }, route: RouteDefinition): { method: string; path: string; body?: unknown; headers?: Record<string, string> };
  expect: number | number[];
}

const PUBLIC: Record<string, PublicRow> = {
  'get-health': { request: () => ({ method: 'GET', path: '/health' }), expect: 200 },
  'get-openapi': { request: () => ({ method: 'GET', path: '/openapi.json' }), expect: 200 },
  'list-categories': { request: () => ({ method: 'GET', path: '/v1/categories' }), expect: 200 },
  'list-districts': { request: () => ({ method: 'GET', path: '/v1/districts' }), expect: 200 },
  'create-report': { request: () => ({ method: 'POST', path: '/v1/reports', body: validReport({ reporter: { phone: SECRET_PHONE, name: 'Budi' } }) }), expect: 201 },
  'list-reports': { request: () => ({ method: 'GET', path: '/v1/reports?district=cikande&limit=100' }), expect: 200 },
  'get-report': { request: ({ id }) => ({ method: 'GET', path: `/v1/reports/${id}` }), expect: 200 },
  'create-photo-upload': { request: ({ id, uploadToken }) => ({ method: 'POST', path: `/v1/reports/${id}/photos`, body: { contentType: 'image/jpeg' }, headers: { 'x-upload-token': uploadToken } }), expect: 201 },
  'locate-point': { request: () => ({ method: 'GET', path: '/v1/locate?lat=-6.1739&lon=106.3618' }), expect: 200 },
  'list-nearby-reports': { request: () => ({ method: 'GET', path: '/v1/reports/nearby?lat=-6.1739&lon=106.3618&category=jalan-rusak' }), expect: 200 },
  // the first call follows (201), the repeats find the number following already (200)
  'follow-report': { request: ({ id }) => ({ method: 'POST', path: `/v1/reports/${id}/followers`, body: { phone: SECRET_PHONE } }), expect: [201, 200] },
  // Open311: reads are public; a write needs an API key, not a staff token
  'get-open311-resource': { request: () => ({ method: 'GET', path: '/open311/v2/requests.json' }), expect: 200 },
  'get-open311-service': { request: () => ({ method: 'GET', path: '/open311/v2/services/jalan-rusak.json' }), expect: 200 },
  'get-open311-request': { request: ({ id }) => ({ method: 'GET', path: `/open311/v2/requests/${id}.json` }), expect: 200 },
  'create-open311-request': {
    request: () => ({
      method: 'POST',
      path: '/open311/v2/requests.json',
      body: new URLSearchParams({ api_key: OPEN311_KEY, service_code: 'lainnya', description: 'Pohon tumbang menutupi jalan desa', lat: '-6.2', long: '106.3', 'attribute[kecamatan]': 'cikande' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    expect: 200,
  },
  'get-stats': { request: () => ({ method: 'GET', path: '/v1/stats' }), expect: 200 },
  'get-open-data': { request: (_scene, route) => ({ method: 'GET', path: route.path.endsWith('README') ? route.path : `${route.path}?month=${month}` }), expect: 200 },
  // a gateway's call: no bearer token opens it, only the HMAC signature (test/e2e/sms-replies.test.ts)
  'receive-sms-webhook': { request: ({ id }) => ({ method: 'POST', path: '/v1/inbound/sms', body: { from: SECRET_PHONE, body: `CEK ${id}`, messageId: `m-${id}` } }), expect: 401 },
};

/** Accepted by the Open311 door from the environment, as `npm start` would (read per request). */
const OPEN311_KEY = 'matrix-open311-key';
process.env.OPEN311_API_KEYS = OPEN311_KEY;

/** The reporter's number; it must not surface in any public answer, in any spelling. */
const SECRET_PHONE = '0857-6543-2109';
const SECRET = phonePattern('85765432109');

let keyed: KeyedStack;
let call: ReturnType<typeof client>;
let probe: TableProbe;
const tokens = {} as Record<Who | BadToken, string | undefined>;
let adminToken: string;
const month = new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  keyed = await startKeyedTestStack();
  call = client(keyed.stack.url);
  probe = tableProbe(keyed.stack.dynamoEndpoint, keyed.stack.names.main);
  for (const who of WHO) tokens[who] = await keyed.signClaims({ token_use: 'access', ...PRINCIPALS[who] });
  adminToken = tokens.admin!;
  const { privateKey } = await generateKeyPair('ES256');
  const now = Math.floor(Date.now() / 1000);
  tokens['no token'] = undefined;
  tokens['bad signature'] = await new SignJWT({ token_use: 'access', client_id: LOCAL_CLIENT_ID, ...PRINCIPALS.admin, sub: 'm-forged' })
    .setProtectedHeader({ alg: 'ES256', kid: 'local-1' })
    .setIssuer('https://auth.local.si-centang')
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  tokens.expired = await keyed.signClaims({ token_use: 'access', ...PRINCIPALS.admin, sub: 'm-expired' }, { expiresIn: -60 });
  tokens['no expiry'] = await keyed.signClaims({ token_use: 'access', ...PRINCIPALS.admin, sub: 'm-noexp', exp: undefined });
  tokens['wrong audience'] = await keyed.signClaims({ token_use: 'access', ...PRINCIPALS.admin, sub: 'm-audience', client_id: 'another-app' });
  tokens['wrong issuer'] = await keyed.signClaims({ token_use: 'access', ...PRINCIPALS.admin, sub: 'm-issuer' }, { issuer: 'https://evil.example' });
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  tokens['unsigned (alg none)'] = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ token_use: 'access', client_id: LOCAL_CLIENT_ID, iss: 'https://auth.local.si-centang', exp: now + 3600, ...PRINCIPALS.admin, sub: 'm-none' })}.`;
  // a Cognito ID token: `aud` is the app client, token_use "id"
  tokens['ID token'] = await keyed.signClaims({ token_use: 'id', aud: LOCAL_CLIENT_ID, client_id: undefined, ...PRINCIPALS.admin, sub: 'm-idtoken' });
});
afterAll(async () => {
  probe?.destroy();
  await keyed?.stop();
});

const bearer = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** A verified report of unit bina-marga in kecamatan cikande. */
async function verifiedReport(): Promise<{ id: string; uploadToken: string }> {
  const created = await call('POST', '/v1/reports', validReport({ district: 'cikande', reporter: { phone: SECRET_PHONE, name: 'Budi' } }));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const verified = await call('POST', `/v1/staff/reports/${id}/transitions`, { to: 'verified', unit: 'bina-marga' }, { ...bearer(adminToken), 'if-match': '"1"' });
  expect(verified.status).toBe(200);
  return { id, uploadToken: created.body.uploadToken as string };
}

async function scene(id: string): Promise<Scene> {
  const state = await probe.report(id);
  // read behind the API's back: the staff view would itself be an audited read of the contact details
  const item = await probe.doc.send(new GetCommand({ TableName: keyed.stack.names.main, Key: { pk: `R#${id}`, sk: 'R' }, ProjectionExpression: 'priority' }));
  return { id, version: state!.version, priority: String(item.Item?.priority ?? 'normal'), month };
}

function describeReply(r: Reply): string {
  return `${r.status} ${r.headers.get('content-type') ?? ''} ${JSON.stringify(r.body).slice(0, 200)}`;
}

/** The refusal looks right: a problem with the same status (a 401 also says how to authenticate). */
function refusalShape(r: Reply, expected: number): string | undefined {
  const type = r.headers.get('content-type') ?? '';
  if (expected === 401 && r.headers.get('www-authenticate') !== 'Bearer') return `a 401 without WWW-Authenticate: ${describeReply(r)}`;
  if (!type.startsWith('application/problem+json') || r.body?.status !== expected || typeof r.body?.type !== 'string' || typeof r.body?.title !== 'string') return `not a ${expected} problem: ${describeReply(r)}`;
  return undefined;
}

describe('the matrix covers the route table', () => {
  it('has a row for every route, and no row for a route that is gone', () => {
    const staffFns = ROUTES.filter((r) => r.auth === 'staff').map((r) => r.fn);
    const publicFns = ROUTES.filter((r) => r.auth === 'public').map((r) => r.fn);
    expect(staffFns.filter((fn) => !(fn in STAFF)), 'staff routes without a row in STAFF').toEqual([]);
    expect(publicFns.filter((fn) => !(fn in PUBLIC)), 'public routes without a row in PUBLIC').toEqual([]);
    expect(Object.keys(STAFF).filter((fn) => !staffFns.includes(fn)), 'STAFF rows for no staff route').toEqual([]);
    expect(Object.keys(PUBLIC).filter((fn) => !publicFns.includes(fn)), 'PUBLIC rows for no public route').toEqual([]);
  });
});

const staffRoutes = ROUTES.filter((r) => r.auth === 'staff');
const publicRoutes = ROUTES.filter((r) => r.auth === 'public');

describe('staff routes: every principal and every bad token', () => {
  it.each(staffRoutes.map((r) => [`${r.method} ${r.path} (${r.fn})`, r] as const))('%s', async (_name, route: RouteDefinition) => {
    const row = STAFF[route.fn];
    expect(row, `no row for ${route.fn} in STAFF`).toBeDefined();
    const mismatches: string[] = [];
    let shared: { id: string; uploadToken: string } | undefined = await verifiedReport();

    const cells: [string, string | undefined, number, Who | undefined][] = [
      ...WHO.map((who) => [who, tokens[who], row!.expect[who], who] as [string, string | undefined, number, Who]),
      ...(Object.keys(BAD_TOKENS) as BadToken[]).map((bad) => [bad, tokens[bad], BAD_TOKENS[bad], undefined] as [string, string | undefined, number, undefined]),
    ];
    for (const [label, token, expected, who] of cells) {
      const report = shared ?? (await verifiedReport());
      const before = await probe.report(report.id);
      const req = row!.request(await scene(report.id));
      expect(matchRoute(req.method, req.path.split('?')[0]!).route, `the ${route.fn} row must call its own route`).toBe(route);
      const reply = await call(req.method, req.path, req.body, { ...req.headers, ...bearer(token) });
      if (reply.status !== expected) {
        mismatches.push(`${label}: expected ${expected}, got ${describeReply(reply)}`);
        continue;
      }
      if (expected >= 400) {
        const shape = refusalShape(reply, expected);
        if (shape) mismatches.push(`${label}: ${shape}`);
        const after = await probe.report(report.id);
        if (JSON.stringify(after) !== JSON.stringify(before)) mismatches.push(`${label}: refused, yet the report changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
      if (row!.sees && who && reply.status === 200) {
        const listed = (reply.body.items as { id: string }[]).some((i) => i.id === report.id);
        if (listed !== row!.sees[who]) mismatches.push(`${label}: ${row!.sees[who] ? 'does not see' : 'sees'} the report in the list`);
      }
      // a call that got through moved the report on: the next caller gets a fresh one
      if (row!.freshReport && reply.status < 400) shared = undefined;
    }
    expect(mismatches, `${route.method} ${route.path}`).toEqual([]);
  });

  it('no refused caller appears in the contact-read audit', async () => {
    const audit = await call('GET', `/v1/staff/audit/contact-reads?month=${month}&limit=500`, undefined, bearer(adminToken));
    expect(audit.status).toBe(200);
    const readers = new Set((audit.body.items as { sub: string }[]).map((i) => i.sub));
    for (const sub of ['m-officer-sda', 'm-camat-kopo', 'm-forged', 'm-expired', 'm-noexp', 'm-audience', 'm-issuer', 'm-none', 'm-idtoken']) expect(readers.has(sub), sub).toBe(false);
    // and those in scope who saw the contact were recorded; officers and district staff see it only on ?reveal=contact
    for (const sub of ['m-admin', 'm-triage']) expect(readers.has(sub), sub).toBe(true);
    for (const sub of ['m-officer-bm', 'm-camat-cikande']) expect(readers.has(sub), sub).toBe(false);
  });
});

describe('public routes: no token needed, any token ignored, never the phone number', () => {
  it.each(publicRoutes.map((r) => [`${r.method} ${r.path} (${r.fn})`, r] as const))('%s', async (_name, route: RouteDefinition) => {
    const row = PUBLIC[route.fn];
    expect(row, `no row for ${route.fn} in PUBLIC`).toBeDefined();
    const report = await verifiedReport();
    const req = row!.request({ ...(await scene(report.id)), uploadToken: report.uploadToken }, route);
    expect(matchRoute(req.method, req.path.split('?')[0]!).route, `the ${route.fn} row must call its own route`).toBe(route);
    for (const authorization of [undefined, 'Bearer garbage', `Bearer ${adminToken}`, `Bearer ${tokens.expired}`]) {
      const reply = await call(req.method, req.path, req.body, { ...req.headers, ...(authorization && { authorization }) });
      expect([row!.expect].flat(), `${authorization?.slice(0, 20) ?? 'no token'}: ${describeReply(reply)}`).toContain(reply.status);
      expect(SECRET.test(JSON.stringify(reply.body)), `${route.fn} answered with the reporter's number`).toBe(false);
    }
  });
});
