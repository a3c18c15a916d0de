/**
 * Hostile requests for a route of the route table: a valid body for the route's function, mutated (wrong types,
 * unknown and prototype keys, hostile strings, huge values) or replaced by something that is not JSON; hostile
 * path parameters and queries; random methods and headers. A route without a known body template still gets
 * random JSON, so a new route is covered the day it is added.
 *
 * Placeholders resolved when the request is sent (they depend on the table at that moment):
 * `@current` / `W/@current` in If-Match, `@token` / `@other-token` / `@expired-token` in X-Upload-Token,
 * and the principal's token or claims on staff routes.
 */
import fc from 'fast-check';
import { jurisdiction } from '../../shared/config/jurisdiction';
import { encodeCursor } from '../../shared/http/cursor';
import type { RouteDefinition } from '../../shared/http/routes';
import { CODE_ALPHABET } from '../../shared/domain/tracking-code';
import { MOVES, STATUSES, TERMINAL_STATUSES } from '../../shared/domain/status-machine';
import {
  acceptLanguage,
  anyPhone,
  contentType,
  headerText,
  hostileJson,
  hostileKey,
  hostileNumber,
  hostileString,
  idempotencyKey,
  ifMatch,
  invalidUtf8,
  objectFrom,
  rawBody,
  uploadTokenHeader,
} from './hostile-input';

/** A planned date must lie within five years: next year's dates stay valid whenever the tests run */
const PLAN_YEAR = new Date().getUTCFullYear() + 1;

export interface PoolReport {
  id: string;
  uploadToken: string;
}

export interface GeneratedRequest {
  method: string;
  /** path and query, as sent */
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** staff routes: a principal name (resolved to a token or claims), or literal claims */
  principal?: string;
  claims?: Record<string, unknown>;
  authorization?: string;
  sourceIp?: string;
}

export interface RequestContext {
  pool: PoolReport[];
  /** names of the principals the test can act as (admin, officer-in-unit, an ID token…) */
  principals: string[];
  mode: 'direct' | 'http';
}

const categories = jurisdiction.categories.map((c) => c.code);
const districts = jurisdiction.districts.map((d) => d.code);
const units = jurisdiction.units.map((u) => u.code);
const agencies = jurisdiction.agencies.map((a) => a.code);
const { south, west, north, east } = jurisdiction.boundingBox;

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** Lone surrogates replaced by U+FFFD (String#toWellFormed, not in the ES2023 lib): encodeURIComponent throws on them. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const omitUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const plausibleText = fc.constantFrom(
  'Jalan berlubang besar di depan pasar, membahayakan pengendara motor',
  'Lampu jalan mati sejak seminggu',
  'Saluran air tersumbat sampah, air meluap ke jalan',
  'Sudah dicek di lokasi',
  'x',
  '   padded text with spaces   ',
);

const textValue = fc.oneof({ weight: 3, arbitrary: plausibleText }, { weight: 2, arbitrary: hostileString(120) });

const inBox = fc.record({
  lat: fc.double({ min: south, max: north, noNaN: true }),
  lon: fc.double({ min: west, max: east, noNaN: true }),
});

/** Planned dates: valid, impossible, past, and valid ones padded with the whitespace a form field may leave. */
const plannedDate = fc.constantFrom(
  `${PLAN_YEAR}-01-31`, `${PLAN_YEAR}-02-30`, '2000-01-01', `${PLAN_YEAR}-1-1`, `${PLAN_YEAR}-01-31T10:00:00+07:00`, `${PLAN_YEAR}-01-31T10:00:00Z`, `${PLAN_YEAR}-01-31T10:00`,
  `${PLAN_YEAR}-01-31T25:00:00Z`, '+275760-09-13', '9999-12-31T23:59:59-23:59', '0000-01-01', 'besok', '',
  ` ${PLAN_YEAR}-01-31 `, `${PLAN_YEAR}-01-31\u00A0`, `${PLAN_YEAR}-01-31T10:00:00+07:00 `, `\t${PLAN_YEAR}-01-31T10:00:00Z`, `${PLAN_YEAR}-03-01T08:00:00.000Z\n`, `\u3000${PLAN_YEAR}-01-31`,
);

const validPhone = fc
  .tuple(fc.constantFrom('0', '+62', '62', '+62 ', '(0'), fc.constantFrom('812', '813', '857', '878', '895'), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 7, maxLength: 8 }), fc.constantFrom('', '-', ' '))
  .map(([prefix, operator, rest, sep]) => `${prefix}${operator}${prefix === '(0' ? ')' : ''}${sep}${rest.slice(0, 4)}${sep}${rest.slice(4)}`);

const longEnough = fc.constantFrom(
  'Jalan berlubang besar di depan pasar, membahayakan pengendara motor',
  'Lampu jalan mati sejak seminggu di gang Melati',
  'Saluran air tersumbat sampah, air meluap ke jalan',
  '  Jembatan kayu retak, anak sekolah lewat setiap pagi  ',
  'Ada genangan 😀 di perempatan\u00A0dekat masjid',
);

/**
 * Bodies per function: `valid` ones that the function should accept in the right state, and `fuzzy` ones with
 * hostile values in the right places. undefined: the function reads no body.
 */
function templatesFor(fn: string, ctx: RequestContext): { valid: fc.Arbitrary<Record<string, unknown>>; fuzzy: fc.Arbitrary<Record<string, unknown>> } | undefined {
  const poolIds = ctx.pool.map((p) => p.id);
  switch (fn) {
    case 'create-report':
      return {
        valid: fc
          .record({
            category: fc.constantFrom(...categories),
            description: longEnough,
            district: fc.constantFrom(...districts),
            location: fc.oneof(inBox, fc.constant({ lat: -6.2, lon: 106.3 })),
            address: maybe(longEnough),
            reporter: fc
              .record({ phone: validPhone, name: maybe(fc.constantFrom('Budi', 'Siti Aminah', 'Ahmad 😀')), showName: maybe(fc.boolean()), anonymous: maybe(fc.boolean()), language: maybe(fc.constantFrom('id', 'en')) })
              .map(omitUndefined),
            confidential: maybe(fc.boolean()),
          })
          .map(omitUndefined),
        fuzzy: fc
          .record({
            category: fc.constantFrom(...categories),
            description: textValue,
            district: fc.constantFrom(...districts),
            location: maybe(fc.oneof(inBox, fc.record({ lat: hostileNumber, lon: hostileNumber }))),
            address: maybe(textValue),
            reporter: fc
              .record({
                phone: anyPhone,
                name: maybe(textValue),
                showName: maybe(fc.boolean()),
                anonymous: maybe(fc.boolean()),
                language: maybe(fc.constantFrom('id', 'en', 'jv')),
              })
              .map(omitUndefined),
            confidential: maybe(fc.boolean()),
          })
          .map(omitUndefined),
      };
    case 'create-photo-upload':
    case 'create-staff-photo-upload':
      return {
        valid: fc.record({ contentType: fc.constantFrom('image/jpeg', 'image/png', 'image/webp') }),
        fuzzy: fc.record({ contentType: fc.constantFrom('image/gif', 'IMAGE/JPEG', 'image/jpeg; charset=x', 'image/svg+xml', '', 'image/jpeg ') }),
      };
    case 'update-report': {
      const fields = (values: { category: fc.Arbitrary<string>; unit: fc.Arbitrary<string>; priority: fc.Arbitrary<string>; description: fc.Arbitrary<string> }) =>
        fc
          .record({ category: maybe(values.category), unit: maybe(values.unit), priority: maybe(values.priority), description: maybe(values.description) })
          .map(omitUndefined);
      return {
        valid: fields({ category: fc.constantFrom(...categories), unit: fc.constantFrom(...units), priority: fc.constantFrom('low', 'normal', 'high', 'urgent'), description: longEnough }).filter((b) => Object.keys(b).length > 0),
        fuzzy: fields({ category: fc.constantFrom(...categories, 'tidak-ada'), unit: fc.constantFrom(...units, 'tidak-ada'), priority: fc.constantFrom('URGENT', 'normal', ''), description: textValue }),
      };
    }
    case 'transition-report': {
      // `@next` is replaced, when sent, by a move the report's current status has (see resolveBodyPlaceholders)
      const fields = {
        unit: maybe(fc.constantFrom(...units, ' bina-marga', 'tidak-ada')),
        reason: maybe(textValue),
        duplicateOf: maybe(fc.oneof(fc.constantFrom(...poolIds), fc.constantFrom(...poolIds).map((id) => id.toLowerCase().replace('-', '')), hostileString(40))),
        agency: maybe(fc.constantFrom(...agencies, 'tidak-ada')),
        note: maybe(textValue),
        expectedAt: maybe(plannedDate),
      };
      return {
        valid: fc.record({ to: fc.constant('@next'), ...fields }).map(omitUndefined),
        fuzzy: fc.record({ to: fc.constantFrom(...STATUSES, 'open', 'VERIFIED'), ...fields }).map(omitUndefined),
      };
    }
    case 'follow-report':
      return {
        valid: fc.record({ phone: validPhone, language: maybe(fc.constantFrom('id', 'en')) }).map(omitUndefined),
        fuzzy: fc.record({ phone: anyPhone, language: maybe(fc.constantFrom('id', 'en', 'jv', '')) }).map(omitUndefined),
      };
    case 'add-staff-note':
      return {
        valid: fc.record({ text: longEnough, visibility: fc.constantFrom('public', 'internal') }),
        fuzzy: fc.record({ text: textValue, visibility: fc.constantFrom('public', 'internal', 'PUBLIC', 'private') }),
      };
    default:
      return undefined;
  }
}

const MOVE_DEFAULTS: Record<string, string> = { unit: 'bina-marga', reason: 'Lokasi di lahan pribadi', agency: 'bbpjn-banten', note: 'Catatan petugas' };

/**
 * Resolves `"to":"@next"` in a transition body against the report's current status: one of the moves the status
 * machine has from there (picked by the body's length, so a replayed run picks the same), with the fields that
 * move does not take removed and the ones it needs filled in. Hostile values in the fields it takes stay.
 */
export function resolveBodyPlaceholders(body: string, state: { status: string } | undefined, pool: PoolReport[], self: string | undefined): string {
  if (!body.includes('"@next"') || !state) return body;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return body;
  }
  if (parsed === null || typeof parsed !== 'object' || parsed.to !== '@next') return body;
  // mostly moves that keep the report open, so the pool does not run dry of reports that can still move
  const all = MOVES.filter((m) => m.from === state.status);
  const open = all.filter((m) => !TERMINAL_STATUSES.includes(m.to));
  const moves = body.length % 3 === 0 || open.length === 0 ? all : open;
  const move = moves[Math.floor(body.length / 3) % Math.max(1, moves.length)];
  if (!move) return JSON.stringify({ ...parsed, to: 'closed' });
  const accepted = new Set<string>([...move.required, ...move.optional]);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(parsed)) {
    if (key === 'to') continue;
    if (['unit', 'reason', 'duplicateOf', 'agency', 'note', 'expectedAt'].includes(key) && !accepted.has(key)) continue;
    Object.defineProperty(out, key, { value: parsed[key], enumerable: true, writable: true, configurable: true });
  }
  out.to = move.to;
  for (const field of move.required) {
    if (out[field] !== undefined) continue;
    out[field] = field === 'duplicateOf' ? (pool.find((p) => p.id !== self)?.id ?? 'AAAA-AAAA') : MOVE_DEFAULTS[field];
  }
  return JSON.stringify(out);
}

function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const own = Object.keys(value);
  return [prefix, ...own.flatMap((k) => pathsOf((value as Record<string, unknown>)[k], [...prefix, k]))];
}

type Mutation = { kind: 'set' | 'delete' | 'add'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'set', 'delete', 'add'),
  at: fc.nat(),
  key: hostileKey,
  value: fc.oneof(hostileJson, hostileNumber, hostileString(100), anyPhone),
});

/** Applies mutations to a deep copy; `__proto__` and friends become plain own keys, as JSON.parse would make them. */
function mutate(template: Record<string, unknown>, mutations: Mutation[]): unknown {
  let root: unknown = structuredClone(template);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length]!;
    if (path.length === 0) {
      if (m.kind === 'set') root = m.value;
      else if (m.kind === 'add' && root !== null && typeof root === 'object') Object.defineProperty(root, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], root) as Record<string, unknown>;
    const last = path.at(-1)!;
    if (m.kind === 'delete') delete parent[last];
    else if (m.kind === 'set') Object.defineProperty(parent, last, { value: m.value, enumerable: true, writable: true, configurable: true });
    else {
      const target = parent[last];
      if (target !== null && typeof target === 'object') Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      else Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

export function bodyArbitrary(fn: string, ctx: RequestContext): fc.Arbitrary<string | Buffer | undefined> {
  const templates = templatesFor(fn, ctx);
  const valid = templates?.valid ?? fc.constant(objectFrom([]));
  const template = templates ? fc.oneof(templates.valid, templates.fuzzy) : valid;
  const json = (v: unknown) => JSON.stringify(v) ?? 'null';
  return fc.oneof(
    { weight: 6, arbitrary: valid.map(json) },
    { weight: 3, arbitrary: (templates?.fuzzy ?? valid).map(json) },
    { weight: 5, arbitrary: fc.tuple(template, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([t, ms]) => json(mutate(t, ms))) },
    { weight: 1, arbitrary: hostileJson.map(json) },
    { weight: 2, arbitrary: template.chain((t) => rawBody(json(t))) },
    { weight: 1, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

// ------------------------------------------------------------------------------------------------- paths

/** What can be typed where a path parameter goes: real codes in every spelling, unknown codes, and garbage. */
export function pathParameter(ctx: RequestContext): fc.Arbitrary<string> {
  const ids = ctx.pool.map((p) => p.id);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: fc.constantFrom(...ids).map((id) => id.toLowerCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => id.replace('-', '')) },
    { weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => id.replace('-', '%20')) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...CODE_ALPHABET), minLength: 8, maxLength: 8 }).map((s) => `${s.slice(0, 4)}-${s.slice(4)}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '..', '.', '%2e%2e', '%00', '%E0%A4%A', '%ED%A0%80', '%C0%AE', '%2F', '%2Fetc%2Fpasswd', '%25', '%', '%%', '%u0041', '%F0%9F%98%80',
        '%E2%80%AE', '%E2%80%8B', 'AAAA-AAAA%00', 'R%23AAAA-AAAA', '*', '~', '%20', 'null', 'undefined', '__proto__', 'constructor',
        'A'.repeat(3_000), '%41'.repeat(1_000),
      ),
    },
    { weight: 1, arbitrary: hostileString(30, { huge: false }).map((s) => encodeURIComponent(wellFormed(s))).filter((s) => s.length > 0) },
  );
}

const QUERY_VALUES: Record<string, fc.Arbitrary<string>> = {
  district: fc.constantFrom(...districts, 'CIKANDE', 'kota-serang', ''),
  category: fc.constantFrom(...categories, 'x'),
  status: fc.constantFrom(...STATUSES, 'open', 'received,verified'),
  unit: fc.constantFrom(...units, 'x'),
  overdue: fc.constantFrom('true', 'false', '1', ''),
  sort: fc.constantFrom('dueAt', 'createdAt', 'x'),
  month: fc.constantFrom('2026-05', '2026-13', '26-05', '2026-5', '9999-12', ''),
  limit: fc.constantFrom('1', '20', '100', '101', '500', '501', '0', '-1', '1e2', '0x10', ' 5', '5 ', '1.5', 'NaN', 'Infinity', '', '9'.repeat(400)),
  cursor: fc.oneof(
    fc.string({ unit: cursorChar(), maxLength: 200 }).map(encodeCursor),
    fc.constantFrom('', '!!!', 'e30', 'eyJrIjoxfQ', 'eyJrIjoiIn0', 'bnVsbA', 'W10', 'x'.repeat(401), encodeCursor('9999-12-31T00:00:00.000Z#ZZZZ-ZZZZ'), encodeCursor('\uD800')),
  ),
};

/** Characters of a forged cursor's sort key: printable ASCII and a few that DynamoDB or JSON may choke on. */
function cursorChar() {
  return fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\u202E', '😀', '#', '\u0001'));
}

const queryPair: fc.Arbitrary<[string, string]> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.keys(QUERY_VALUES)).chain((k) => QUERY_VALUES[k]!.map((v): [string, string] => [k, v])) },
  { weight: 1, arbitrary: fc.tuple(hostileKey, hostileString(30, { huge: false })) },
);

const enc = (s: string) => encodeURIComponent(wellFormed(s));

export const queryString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.array(queryPair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')) },
  { weight: 1, arbitrary: fc.constantFrom('', '&', '=', '&&=&', 'limit', 'limit=%', 'limit=%ED%A0%80', 'a=%E0%A4%A', 'district=cikande&district=kopo', '%00=%00', 'cursor=%FF%FE') },
);

function fillPath(template: string, param: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const names = [...template.matchAll(/\{(\w+)\}/g)];
  if (names.length === 0) return fc.constant(template);
  return fc.array(param, { minLength: names.length, maxLength: names.length }).map((values) => {
    let i = 0;
    return template.replace(/\{\w+\}/g, () => values[i++]!);
  });
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

export function methodFor(route: RouteDefinition | undefined, mode: RequestContext['mode']): fc.Arbitrary<string> {
  const others = mode === 'http' ? fc.constantFrom(...HTTP_METHODS) : fc.constantFrom(...HTTP_METHODS, 'TRACE', 'PROPFIND', 'get', 'Post', 'FOO');
  return route ? fc.oneof({ weight: 8, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: others }) : others;
}

// ------------------------------------------------------------------------------------------------ headers

function headersFor(route: RouteDefinition): fc.Arbitrary<Record<string, string>> {
  const staff = route.auth === 'staff';
  return fc
    .record({
      'content-type': maybe(contentType).map((v) => v ?? (route.method === 'GET' ? undefined : 'application/json')),
      'accept-language': maybe(acceptLanguage),
      'if-match': route.method === 'PATCH' || route.path.endsWith('/transitions') ? fc.oneof({ weight: 6, arbitrary: ifMatch }, { weight: 1, arbitrary: fc.constant(undefined) }) : maybe(ifMatch),
      'idempotency-key': maybe(idempotencyKey),
      'x-upload-token': route.fn === 'create-photo-upload' ? fc.oneof({ weight: 4, arbitrary: uploadTokenHeader }, { weight: 1, arbitrary: fc.constant(undefined) }) : maybe(uploadTokenHeader),
      'x-forwarded-for': maybe(headerText(40)),
      'x-amzn-trace-id': maybe(headerText(40)),
      // a garbage Authorization header on a public route must change nothing
      authorization: staff ? fc.constant(undefined) : maybe(headerText(60)),
      'x-padding': maybe(fc.constantFrom(100, 3_000, 6_000).map((n) => 'p'.repeat(n))),
      cookie: maybe(headerText(40)),
    })
    .map((h) => omitUndefined(h) as Record<string, string>);
}

/** Claims a staff function may receive: a known principal, or a garbage set the authorizer let through. */
function claimsArbitrary(ctx: RequestContext): fc.Arbitrary<{ principal?: string; claims?: Record<string, unknown> }> {
  const claimValue = fc.oneof(
    fc.constantFrom('admin', 'triage', 'officer', 'district', '[admin]', '[officer district]', '[]', '', 'bina-marga', 'cikande', 'access', 'id', 'sub-1'),
    hostileString(20),
    fc.integer(),
    fc.boolean(),
    fc.array(fc.constantFrom('admin', 'officer', 'x'), { maxLength: 3 }),
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...ctx.principals).map((principal) => ({ principal })) },
    {
      weight: 1,
      arbitrary: fc
        .dictionary(fc.constantFrom('sub', 'cognito:groups', 'custom:unit', 'custom:district', 'token_use', 'client_id', 'scope', '__proto__'), claimValue, { maxKeys: 6 })
        .map((claims) => ({ claims })),
    },
  );
}

/** Authorization headers an HTTP client may send to a staff route. */
function authorizationArbitrary(ctx: RequestContext): fc.Arbitrary<{ principal?: string; authorization?: string }> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ctx.principals).map((principal) => ({ principal })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer null', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Bearer a.b.c', 'Bearer @admin extra', '@admin', 'bearer @admin', 'Bearer  @admin', 'Bearer @expired', 'Bearer @forged'),
          headerText(100).map((s) => `Bearer ${s}`),
          headerText(60),
        )
        .map((authorization) => ({ authorization })),
    },
  );
}

export function requestArbitrary(route: RouteDefinition, ctx: RequestContext): fc.Arbitrary<GeneratedRequest> {
  const path = fillPath(route.path, pathParameter(ctx));
  const target = fc.tuple(path, route.method === 'GET' ? fc.oneof({ weight: 3, arbitrary: queryString }, { weight: 1, arbitrary: fc.constant('') }) : maybe(queryString)).map(([p, q]) => (q ? `${p}?${q}` : p));
  const who =
    route.auth !== 'staff'
      ? fc.constant({})
      : ctx.mode === 'direct'
        ? claimsArbitrary(ctx)
        : authorizationArbitrary(ctx);
  return fc
    .record({
      method: methodFor(route, ctx.mode),
      target,
      headers: headersFor(route),
      body: route.method === 'GET' ? fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: bodyArbitrary(route.fn, ctx) }) : bodyArbitrary(route.fn, ctx),
      who,
      sourceIp: fc.constantFrom('203.0.113.7', '198.51.100.23', '2001:db8::1', '::ffff:127.0.0.1', '', 'unknown', '1.2.3.4, 5.6.7.8'),
    })
    .map(({ who, ...rest }) => omitUndefined({ ...rest, ...who }) as unknown as GeneratedRequest);
}

/** Any path at all, near the real ones or not, with any method: the fallback and the router are under test. */
export function randomPathRequest(ctx: RequestContext, templates: string[]): fc.Arbitrary<GeneratedRequest> {
  const segment = fc.oneof(
    fc.constantFrom('v1', 'V1', 'reports', 'staff', 'photos', 'notes', 'transitions', 'audit', 'contact-reads', 'health', 'openapi.json', 'local', 'sns', '..', '.', '', '%2e%2e', '%00', '%E0%A4%A', '%2F', 'v2', 'REPORTS'),
    pathParameter(ctx),
  );
  const path = fc.oneof(
    fc.array(segment, { maxLength: 7 }).map((parts) => `/${parts.join('/')}`),
    fc.tuple(fc.constantFrom(...templates), pathParameter(ctx), fc.constantFrom('', '/', '//', '/..', '/.', '/x', '%2F', '?', '#frag', '/%00')).map(([t, p, tail]) => t.replace(/\{\w+\}/g, p) + tail),
    fc.constantFrom(...templates).map((t) => `/${t}`.replace(/\{\w+\}/g, 'AAAA-AAAA')),
    fc.constantFrom('/', '//', '///v1/reports', '/v1/reports/', '/v1/reports//', '/v1//reports', '/v1/./reports', '/v1/reports/../staff/reports', '/%76%31/reports', '/v1/reports%2F', '/V1/REPORTS', '/health/', '/openapi.json.bak', '/' + 'a/'.repeat(1_500), '/' + 'x'.repeat(7_000), '*'),
  );
  return fc
    .record({
      method: methodFor(undefined, ctx.mode),
      target: fc.tuple(path, maybe(queryString)).map(([p, q]) => (q ? `${p}?${q}` : p)),
      headers: fc.record({ 'content-type': maybe(contentType), 'accept-language': maybe(acceptLanguage) }).map((h) => omitUndefined(h) as Record<string, string>),
      body: maybe(bodyArbitrary('unknown', ctx)),
      principal: maybe(fc.constantFrom(...ctx.principals)),
    })
    .map((r) => omitUndefined(r) as unknown as GeneratedRequest);
}
