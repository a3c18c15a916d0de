/**
 * Bad input, against the functions directly: every route of the route table gets random and hostile requests as
 * API Gateway v2 events (see test/support/hostile-requests.ts), with the claims the JWT authorizer would hand over.
 * The properties are in test/support/property-harness.ts: never a 5xx, every 4xx a problem, a refused request
 * writes nothing. The same requests go over HTTP in ./http.property.test.ts.
 *
 * `PROPERTY_RUNS=1000 npx vitest run test/property` runs longer; `FC_SEED=<seed>` replays a failure.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack';
import { encodeCursor } from '../../shared/http/cursor';
import { ROUTES } from '../../shared/http/routes';
import { issueUploadToken } from '../../shared/photos/upload-token';
import { invokeDirect } from '../support/api-events';
import { randomPathRequest, requestArbitrary, type RequestContext } from '../support/hostile-requests';
import { client, startTestStack, validReport } from '../support/local-stack';
import { assertWellFormed, createHarness } from '../support/property-harness';
import { PRINCIPAL_CLAIMS, seedPool, weightedPrincipals, type SeededPool } from '../support/report-pool';
import { tableProbe, type TableProbe } from '../support/table-probe';

/** A planned date must lie within five years: next year's dates stay valid whenever the tests run */
const PLAN_YEAR = new Date().getUTCFullYear() + 1;

const RUNS = Number(process.env.PROPERTY_RUNS) || 120;
// each property stops early on a slow machine: the file's time stays bounded, fewer cases run
const TIME_LIMIT_MS = Number(process.env.PROPERTY_TIME_LIMIT_MS) || 1_500;
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

let stack: LocalStack;
let probe: TableProbe;
let seeded: SeededPool;
let harness: ReturnType<typeof createHarness>;
let ctx: RequestContext;

beforeAll(async () => {
  stack = await startTestStack();
  seeded = await seedPool(stack);
  probe = tableProbe(stack.dynamoEndpoint, stack.names.main);
  const secrets = (process.env.UPLOAD_TOKEN_SECRET ?? '').split(',');
  harness = createHarness({
    mode: 'direct',
    probe,
    pool: seeded.pool,
    principals: Object.fromEntries(Object.entries(PRINCIPAL_CLAIMS).map(([name, claims]) => [name, { claims }])),
    expiredUploadToken: (code) => issueUploadToken(code, secrets, new Date(Date.now() - 48 * 3600_000)).uploadToken,
    secretPhones: seeded.phones,
  });
  // the strong and the scoped principals more often than the odd ones
  ctx = { pool: seeded.pool, principals: weightedPrincipals(), mode: 'direct' };
});
afterAll(async () => {
  probe?.destroy();
  await stack?.stop();
});

// the failing assertion's own message in the report: a reporter that prints no error causes (JSON, CI logs) still shows it
const settings = () => ({ numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false, includeErrorInReport: true });

/** Inputs these properties once found a 5xx with, kept as plain cases so they run every time. */
describe('regressions found by the properties', () => {
  const admin = { claims: PRINCIPAL_CLAIMS.admin! };

  it.each([`${PLAN_YEAR}-01-31 `, ` ${PLAN_YEAR}-01-31T10:00:00+07:00`, `\t${PLAN_YEAR}-01-31T10:00:00Z`, `${PLAN_YEAR}-03-01T08:00:00.000Z\n`, `${PLAN_YEAR}-01-31\u3000`])(
    'a planned date with whitespace around it (%j) is read as typed, not a 500',
    async (expectedAt) => {
      const call = client(stack.url);
      const created = await call('POST', '/v1/reports', validReport());
      const id = created.body.id as string;
      const verified = await invokeDirect({ method: 'POST', target: `/v1/staff/reports/${id}/transitions`, headers: { 'content-type': 'application/json', 'if-match': '"1"' }, body: JSON.stringify({ to: 'verified', unit: 'bina-marga' }), ...admin });
      expect(verified.status).toBe(200);
      const reply = await invokeDirect({ method: 'POST', target: `/v1/staff/reports/${id}/transitions`, headers: { 'content-type': 'application/json', 'if-match': '"2"' }, body: JSON.stringify({ to: 'in_progress', expectedAt }), ...admin });
      expect(reply.status, reply.text).toBe(200);
      const trimmed = expectedAt.trim();
      const expected = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? new Date(`${trimmed}T17:00:00+07:00`).toISOString() : new Date(trimmed).toISOString();
      expect(JSON.parse(reply.text).expectedAt).toBe(expected);
      harness.createdIds.add(id);
    },
  );

  // Guards shared/adapters/dynamodb/merged-query.ts: with overdue=true the query is `dueKey BETWEEN cursor AND now`,
  // and a forged cursor whose key sorts after "now" would make DynamoDB refuse the BETWEEN (lower bound above upper).
  it('a forged page cursor past the overdue bound is not a 500', async () => {
    for (const k of ['3', '9999-12-31T00:00:00.000Z#ZZZZ-ZZZZ', '~']) {
      const reply = await invokeDirect({ method: 'GET', target: `/v1/staff/reports?overdue=true&cursor=${encodeCursor(k)}`, ...admin });
      assertWellFormed(reply, { method: 'GET', staffRoute: true, viaHttp: false, describe: `overdue with cursor ${k}` });
    }
  });
});

describe('every route, called directly with hostile events', () => {
  it.each(ROUTES.map((route) => [`${route.method} ${route.path} (${route.fn})`, route] as const))('%s', async (_name, route) => {
    await fc.assert(fc.asyncProperty(requestArbitrary(route, ctx), (g) => harness.check(g).then(() => undefined)), settings());
  }, 60_000);

  it('random paths and methods (the router and the fallback)', async () => {
    await fc.assert(fc.asyncProperty(randomPathRequest(ctx, ROUTES.map((r) => r.path)), (g) => harness.check(g).then(() => undefined)), settings());
  }, 60_000);

  it('wrote no report and no event for any refused request', async () => {
    await harness.assertCensus(seeded.ids);
    console.info('[property/direct] answers by status:', Object.fromEntries([...harness.statusCounts].sort(([a], [b]) => a.localeCompare(b))), 'reports created:', harness.createdIds.size);
  });
});
