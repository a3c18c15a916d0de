/**
 * The route table: the one list of the HTTP API. CDK builds the HttpApi routes and functions from it
 * (infra/api-stack.ts) and the local HTTP adapter (local/http-adapter.ts) routes requests with it.
 * A function is `functions/<fn>.ts`, exporting `handler`.
 */

export type Auth = 'public' | 'staff';
export type TableAccess = 'none' | 'read' | 'readwrite';

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `{name}` for a path parameter */
  path: string;
  fn: string;
  auth: Auth;
  table: TableAccess;
  /** S3 access the function needs */
  bucket?: 'read' | 'readwrite';
  /** the function writes idempotency records (POST with Idempotency-Key) */
  idempotent?: boolean;
}

export const ROUTES: RouteDefinition[] = [
  { method: 'GET', path: '/health', fn: 'get-health', auth: 'public', table: 'none' },
  { method: 'GET', path: '/openapi.json', fn: 'get-openapi', auth: 'public', table: 'none' },
  { method: 'GET', path: '/v1/categories', fn: 'list-categories', auth: 'public', table: 'none' },
  { method: 'GET', path: '/v1/districts', fn: 'list-districts', auth: 'public', table: 'none' },
  { method: 'POST', path: '/v1/reports', fn: 'create-report', auth: 'public', table: 'readwrite', idempotent: true },
  { method: 'GET', path: '/v1/reports', fn: 'list-reports', auth: 'public', table: 'read' },
  // before /v1/reports/{id}: the local router takes the first match (API Gateway prefers the literal path anyway)
  { method: 'GET', path: '/v1/reports/nearby', fn: 'list-nearby-reports', auth: 'public', table: 'read' },
  { method: 'GET', path: '/v1/locate', fn: 'locate-point', auth: 'public', table: 'none' },
  { method: 'POST', path: '/v1/reports/{id}/followers', fn: 'follow-report', auth: 'public', table: 'readwrite' },
  // views sign short-lived GET URLs of the photo renditions
  { method: 'GET', path: '/v1/reports/{id}', fn: 'get-report', auth: 'public', table: 'read', bucket: 'read' },
  { method: 'POST', path: '/v1/reports/{id}/photos', fn: 'create-photo-upload', auth: 'public', table: 'readwrite', bucket: 'readwrite' },
  // staff: every route behind the JWT authorizer
  { method: 'GET', path: '/v1/staff/reports', fn: 'list-staff-reports', auth: 'staff', table: 'read' },
  // reading contact details writes an audit record, hence readwrite
  { method: 'GET', path: '/v1/staff/reports/{id}', fn: 'get-staff-report', auth: 'staff', table: 'readwrite', bucket: 'read' },
  { method: 'PATCH', path: '/v1/staff/reports/{id}', fn: 'update-report', auth: 'staff', table: 'readwrite', bucket: 'read' },
  { method: 'POST', path: '/v1/staff/reports/{id}/transitions', fn: 'transition-report', auth: 'staff', table: 'readwrite', bucket: 'read' },
  { method: 'POST', path: '/v1/staff/reports/{id}/photos', fn: 'create-staff-photo-upload', auth: 'staff', table: 'readwrite', bucket: 'readwrite' },
  { method: 'POST', path: '/v1/staff/reports/{id}/photos/{photoId}/approval', fn: 'approve-photo', auth: 'staff', table: 'readwrite', bucket: 'read' },
  { method: 'POST', path: '/v1/staff/reports/{id}/notes', fn: 'add-staff-note', auth: 'staff', table: 'readwrite' },
  { method: 'GET', path: '/v1/staff/audit/contact-reads', fn: 'list-contact-reads', auth: 'staff', table: 'read' },
  // Open311 GeoReport v2: `{resource}` is `discovery.json`, `requests.xml` and so on (API Gateway parameters
  // are whole segments, so the handler reads the extension); other paths under /open311/ reach $default
  { method: 'GET', path: '/open311/v2/{resource}', fn: 'get-open311-resource', auth: 'public', table: 'read', bucket: 'read' },
  { method: 'GET', path: '/open311/v2/services/{service}', fn: 'get-open311-service', auth: 'public', table: 'none' },
  { method: 'GET', path: '/open311/v2/requests/{request}', fn: 'get-open311-request', auth: 'public', table: 'read', bucket: 'read' },
  { method: 'POST', path: '/open311/v2/{resource}', fn: 'create-open311-request', auth: 'public', table: 'readwrite' },
  { method: 'POST', path: '/v1/staff/open311-keys', fn: 'create-open311-key', auth: 'staff', table: 'readwrite' },
  { method: 'GET', path: '/v1/staff/open311-keys', fn: 'list-open311-keys', auth: 'staff', table: 'read' },
  { method: 'DELETE', path: '/v1/staff/open311-keys/{id}', fn: 'revoke-open311-key', auth: 'staff', table: 'readwrite' },
  // statistics from the aggregates the stream keeps; open data of verified, non-confidential reports
  { method: 'GET', path: '/v1/stats', fn: 'get-stats', auth: 'public', table: 'read' },
  { method: 'GET', path: '/v1/open-data/reports.csv', fn: 'get-open-data', auth: 'public', table: 'read' },
  { method: 'GET', path: '/v1/open-data/reports.geojson', fn: 'get-open-data', auth: 'public', table: 'read' },
  { method: 'GET', path: '/v1/open-data/README', fn: 'get-open-data', auth: 'public', table: 'none' },
  // SMS gateways push inbound messages; public to API Gateway, but every call must carry the HMAC signature
  { method: 'POST', path: '/v1/inbound/sms', fn: 'receive-sms-webhook', auth: 'public', table: 'readwrite' },
];

/** Answers every request no route matches (the `$default` route on AWS): 404 or 405 as a problem. */
export const FALLBACK_FUNCTION = 'route-not-found';

export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

function toRegExp(path: string): RegExp {
  const pattern = path
    .split('/')
    .map((part) => (/^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}$`);
}

const compiled = ROUTES.map((route) => ({ route, re: toRegExp(route.path) }));

/** A malformed escape (`%E0%A4%A`) is kept as typed rather than failing the request. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Finds the route for a method and path; `allowed` lists the methods the path has when the method is wrong. */
export function matchRoute(method: string, path: string): RouteMatch | { route: undefined; allowed: string[] } {
  const allowed: string[] = [];
  for (const { route, re } of compiled) {
    const m = re.exec(path);
    if (!m) continue;
    if (route.method === method.toUpperCase()) {
      const pathParameters: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) pathParameters[k] = safeDecode(v);
      return { route, pathParameters };
    }
    allowed.push(route.method);
  }
  return { route: undefined, allowed };
}

/** Distinct functions named by the route table, plus the fallback. */
export function routeFunctions(): string[] {
  return [...new Set([...ROUTES.map((r) => r.fn), FALLBACK_FUNCTION])];
}
