/**
 * What every hostile request must satisfy, sent to a handler directly or over HTTP:
 * - the answer is a 2xx or a 4xx, never a 5xx;
 * - a 4xx is an RFC 9457 problem (application/problem+json with type, title and the same status), except the
 *   JWT authorizer's own 401, which is API Gateway's `{"message":"Unauthorized"}`, and answers under /open311/,
 *   which are the Open311 errors (a list of `{code, description}`, in JSON or XML) with the same code;
 * - a refused request (and any GET) leaves the report it names exactly as it was: same version, same event count,
 *   no new history event; at the end (`assertCensus`) the table holds exactly the reports that were answered 201,
 *   each with its events numbered 1..n, and no event without its report;
 * - no public answer carries a seeded reporter's phone number, in any spelling;
 * - nothing has been added to Object.prototype.
 */
import { expect } from 'vitest';
import { parseTrackingCode } from '../../shared/domain/tracking-code';
import { matchRoute } from '../../shared/http/routes';
import { isOpen311Path } from '../../shared/open311/handler';
import { invokeDirect } from './api-events';
import { resolveBodyPlaceholders, type GeneratedRequest, type PoolReport } from './hostile-requests';
import { rawRequest } from './raw-http';
import type { ReportState, TableProbe } from './table-probe';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface Principal {
  /** the bearer token over HTTP */
  token?: string;
  /** what the authorizer hands over, for direct calls */
  claims: Record<string, unknown>;
}

export interface HarnessOptions {
  mode: 'direct' | 'http';
  baseUrl?: string;
  probe: TableProbe;
  pool: PoolReport[];
  principals: Record<string, Principal>;
  /** tokens for the `@expired` and `@forged` placeholders (HTTP) */
  badTokens?: { expired: string; forged: string };
  /** upload tokens for `@expired-token` (genuine but expired) */
  expiredUploadToken?: (code: string) => string;
  /** phone numbers (national significant digits, e.g. 81270000001) no public answer may carry */
  secretPhones: string[];
}

/** A regex that finds these digits however they are written: +62…, 0…, 62…, with spaces, dashes, dots or brackets. */
export function phonePattern(nationalDigits: string): RegExp {
  return new RegExp(nationalDigits.split('').join('[\\s\\-().\\u00A0]*'));
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

export function assertNoPrototypePollution(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** request line plus headers, in characters, that the HTTP tests stay under */
const HTTP_HEADER_BUDGET = 12_000;

const httpSafe = (value: string) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

/** Checks the shape of one answer; throws with the request and answer when it is wrong. */
export function assertWellFormed(reply: Reply, ctx: { method: string; staffRoute: boolean; viaHttp: boolean; describe: string; open311?: boolean }): void {
  const s = reply.status;
  const where = `${ctx.describe} → ${s} ${reply.headers['content-type'] ?? ''} ${reply.text.slice(0, 400)}`;
  if (!((s >= 200 && s < 300) || (s >= 400 && s < 500))) throw new Error(`not a 2xx or 4xx: ${where}`);
  if (s < 400) return;
  const contentType = reply.headers['content-type'] ?? '';
  if (ctx.open311) return assertOpen311Error(reply, contentType, ctx.method === 'HEAD' && ctx.viaHttp, where);
  if (s === 401 && ctx.viaHttp && ctx.staffRoute && !contentType.startsWith('application/problem+json')) {
    // the JWT authorizer, before any function runs
    if (!contentType.startsWith('application/json')) throw new Error(`authorizer 401 is not JSON: ${where}`);
    if (ctx.method !== 'HEAD') expect(JSON.parse(reply.text), where).toStrictEqual({ message: 'Unauthorized' });
    return;
  }
  if (!/^application\/problem\+json(;|$)/.test(contentType)) throw new Error(`a 4xx that is not a problem: ${where}`);
  if (ctx.method === 'HEAD' && ctx.viaHttp) return;
  let body: { type?: unknown; title?: unknown; status?: unknown };
  try {
    body = JSON.parse(reply.text) as typeof body;
  } catch {
    throw new Error(`problem body is not JSON: ${where}`);
  }
  if (typeof body.type !== 'string' || body.type === '' || typeof body.title !== 'string' || body.title === '' || body.status !== s)
    throw new Error(`problem without type, title or matching status: ${where}`);
  if (s === 405 && !reply.headers.allow) throw new Error(`405 without Allow: ${where}`);
}

/** An Open311 refusal: the spec's error list, in JSON or XML, each entry with the answer's status as its code. */
function assertOpen311Error(reply: Reply, contentType: string, head: boolean, where: string): void {
  const s = reply.status;
  if (s === 405 && !reply.headers.allow) throw new Error(`405 without Allow: ${where}`);
  if (contentType.startsWith('application/json')) {
    if (head) return;
    const errors = JSON.parse(reply.text) as { code?: unknown; description?: unknown }[];
    if (!Array.isArray(errors) || errors.length === 0 || errors.some((e) => e.code !== s || typeof e.description !== 'string' || e.description === ''))
      throw new Error(`not an Open311 error list: ${where}`);
    return;
  }
  if (!contentType.startsWith('text/xml')) throw new Error(`an Open311 4xx that is neither JSON nor XML: ${where}`);
  if (head) return;
  if (!reply.text.startsWith('<?xml') || !reply.text.includes(`<errors>`) || !reply.text.includes(`<code>${s}</code>`)) throw new Error(`not Open311 XML errors: ${where}`);
}

export function createHarness(options: HarnessOptions) {
  const poolIds = new Set(options.pool.map((p) => p.id));
  const createdIds = new Set<string>();
  const phonePatterns = options.secretPhones.map(phonePattern);
  const statusCounts = new Map<string, number>();

  function targetCode(method: string, target: string): string | undefined {
    const path = target.split('?')[0] ?? '';
    const match = matchRoute(method, path);
    const raw = match.route ? match.pathParameters.id : undefined;
    const code = raw === undefined ? undefined : parseTrackingCode(raw);
    return code && poolIds.has(code) ? code : undefined;
  }

  function resolveHeaders(g: GeneratedRequest, code: string | undefined, before: ReportState | undefined): Record<string, string> {
    const headers = { ...g.headers };
    const version = before?.version ?? 1;
    if (headers['if-match'] === '@current') headers['if-match'] = `"${version}"`;
    if (headers['if-match'] === 'W/@current') headers['if-match'] = `W/"${version}"`;
    const own = options.pool.find((p) => p.id === code) ?? options.pool[0]!;
    const other = options.pool.find((p) => p.id !== own.id) ?? own;
    const token = headers['x-upload-token'];
    if (token === '@token') headers['x-upload-token'] = own.uploadToken;
    if (token === '@other-token') headers['x-upload-token'] = other.uploadToken;
    if (token === '@expired-token') headers['x-upload-token'] = options.expiredUploadToken?.(own.id) ?? 'v1.1.AAAA';
    if (options.mode === 'http') {
      const resolveToken = (s: string) =>
        s
          .replace('@admin', options.principals.admin?.token ?? '')
          .replace('@expired', options.badTokens?.expired ?? '')
          .replace('@forged', options.badTokens?.forged ?? '');
      if (g.principal !== undefined) headers.authorization = `Bearer ${options.principals[g.principal]?.token ?? ''}`;
      else if (g.authorization !== undefined) headers.authorization = resolveToken(g.authorization);
      for (const [k, v] of Object.entries(headers)) headers[k] = httpSafe(v);
      // API Gateway answers an oversized request line and headers itself (its quota is 10 KB); the functions never
      // see one, so the test keeps the request line and headers under Node's own limit (16 KB) rather than test Node
      let size = g.target.length + Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
      for (const k of Object.keys(headers).sort((a, b) => headers[b]!.length - headers[a]!.length)) {
        if (size <= HTTP_HEADER_BUDGET) break;
        if (k === 'authorization') continue;
        size -= headers[k]!.length;
        headers[k] = headers[k]!.slice(0, 200);
        size += headers[k]!.length;
      }
    }
    return headers;
  }

  async function send(g: GeneratedRequest, headers: Record<string, string>): Promise<Reply> {
    if (options.mode === 'http') return rawRequest(options.baseUrl!, { method: g.method, target: g.target, headers, ...(g.body !== undefined && { body: g.body }) });
    const claims = g.principal !== undefined ? options.principals[g.principal]?.claims : g.claims;
    return invokeDirect({ method: g.method, target: g.target, headers, ...(g.body !== undefined && { body: g.body }), ...(g.sourceIp !== undefined && { sourceIp: g.sourceIp }), ...(claims && { claims }) });
  }

  /** Sends one generated request and checks every property above but the census. */
  async function check(generated: GeneratedRequest): Promise<Reply> {
    let g = generated;
    const path = g.target.split('?')[0] ?? '';
    const route = matchRoute(g.method, path).route;
    const code = targetCode(g.method, g.target);
    const before = code ? await options.probe.report(code) : undefined;
    const headers = resolveHeaders(g, code, before);
    if (typeof g.body === 'string') g = { ...g, body: resolveBodyPlaceholders(g.body, before, options.pool, code) };
    const reply = await send(g, headers);
    const describe = `${g.method} ${g.target.slice(0, 300)} [${route?.fn ?? 'fallback'}] principal=${g.principal ?? JSON.stringify(g.claims ?? g.authorization ?? null)?.slice(0, 120)} body=${
      g.body === undefined ? '-' : Buffer.isBuffer(g.body) ? `<${g.body.length} bytes>` : JSON.stringify(g.body.slice(0, 300))
    }`;
    const key = `${route?.fn ?? 'fallback'} ${reply.status}`;
    statusCounts.set(key, (statusCounts.get(key) ?? 0) + 1);
    assertWellFormed(reply, { method: g.method, staffRoute: route?.auth === 'staff', viaHttp: options.mode === 'http', describe, open311: isOpen311Path(path) });
    if (code && (reply.status >= 400 || g.method === 'GET' || g.method === 'HEAD')) {
      const after = await options.probe.report(code);
      expect(after, `a refused request or a read changed ${code}: ${describe} → ${reply.status}`).toEqual(before);
    }
    if (route?.fn === 'create-report' && reply.status === 201) {
      const id = (JSON.parse(reply.text) as { id?: string }).id;
      expect(id, describe).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
      createdIds.add(id!);
    }
    if (route?.auth !== 'staff') for (const p of phonePatterns) expect(p.test(reply.text), `a public answer carries a reporter's phone number: ${describe}`).toBe(false);
    assertNoPrototypePollution();
    return reply;
  }

  /** The table holds the seeded reports and those answered 201, each with events 1..n, and no stray event. */
  async function assertCensus(seeded: Set<string>): Promise<void> {
    const census = await options.probe.census();
    expect(census.orphanEvents, 'history events without a report').toEqual([]);
    const expected = new Set([...seeded, ...createdIds]);
    expect([...census.reports.keys()].filter((id) => !expected.has(id)), 'reports nobody was told about (written by a refused request?)').toEqual([]);
    expect([...expected].filter((id) => !census.reports.has(id)), 'reports answered 201 but not in the table').toEqual([]);
    for (const [id, r] of census.reports) {
      expect(r.events, `${id}: events vs eventCount`).toBe(r.eventCount);
      expect(r.seqs, `${id}: event numbers`).toEqual(Array.from({ length: r.eventCount }, (_, i) => i + 1));
    }
  }

  return { check, assertCensus, createdIds, statusCounts };
}
