/**
 * Bad input, over HTTP on the local stack: the same hostile requests as ./handlers.property.test.ts, now through
 * the local API Gateway stand-in (router, JWT authorizer, event building) with real bearer tokens: every staff
 * principal, odd but validly signed ones (an ID token, no groups, no sub…), expired, forged and garbage ones.
 * Fewer runs than against the handlers: each is a real HTTP round trip.
 */
import fc from 'fast-check';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ROUTES } from '../../shared/http/routes';
import { issueUploadToken } from '../../shared/photos/upload-token';
import { randomPathRequest, requestArbitrary, type RequestContext } from '../support/hostile-requests';
import { startKeyedTestStack, type KeyedStack } from '../support/keyed-stack';
import { createHarness } from '../support/property-harness';
import { closeRawAgent } from '../support/raw-http';
import { PRINCIPAL_CLAIMS, seedPool, weightedPrincipals, type SeededPool } from '../support/report-pool';
import { tableProbe, type TableProbe } from '../support/table-probe';

const RUNS = Number(process.env.PROPERTY_HTTP_RUNS) || 50;
// each property stops early on a slow machine: the file's time stays bounded, fewer cases run
const TIME_LIMIT_MS = Number(process.env.PROPERTY_TIME_LIMIT_MS) || 1_500;
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

let keyed: KeyedStack;
let probe: TableProbe;
let seeded: SeededPool;
let harness: ReturnType<typeof createHarness>;
let ctx: RequestContext;

beforeAll(async () => {
  keyed = await startKeyedTestStack();
  const { stack } = keyed;
  seeded = await seedPool(stack);
  probe = tableProbe(stack.dynamoEndpoint, stack.names.main);
  const principals = Object.fromEntries(
    await Promise.all(Object.entries(PRINCIPAL_CLAIMS).map(async ([name, claims]) => [name, { claims, token: await keyed.signClaims(claims) }] as const)),
  );
  const { privateKey } = await generateKeyPair('ES256');
  const forged = await new SignJWT(PRINCIPAL_CLAIMS.admin!).setProtectedHeader({ alg: 'ES256', kid: 'local-1' }).setIssuer('https://auth.local.si-centang').setExpirationTime('1h').sign(privateKey);
  const secrets = (process.env.UPLOAD_TOKEN_SECRET ?? '').split(',');
  harness = createHarness({
    mode: 'http',
    baseUrl: stack.url,
    probe,
    pool: seeded.pool,
    principals,
    badTokens: { expired: await keyed.signClaims(PRINCIPAL_CLAIMS.admin!, { expiresIn: -60 }), forged },
    expiredUploadToken: (code) => issueUploadToken(code, secrets, new Date(Date.now() - 48 * 3600_000)).uploadToken,
    secretPhones: seeded.phones,
  });
  ctx = { pool: seeded.pool, principals: weightedPrincipals(), mode: 'http' };
});
afterAll(async () => {
  closeRawAgent();
  probe?.destroy();
  await keyed?.stop();
});

// the failing assertion's own message in the report: a reporter that prints no error causes (JSON, CI logs) still shows it
const settings = () => ({ numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false, includeErrorInReport: true });

describe('every route, over HTTP with hostile requests and tokens', () => {
  it.each(ROUTES.map((route) => [`${route.method} ${route.path} (${route.fn})`, route] as const))('%s', async (_name, route) => {
    // one request first, outside the time limit: a route's first call loads its function, which on a busy machine
    // can take longer than the whole limit and would leave the property with no run at all
    await harness.check(fc.sample(requestArbitrary(route, ctx), { numRuns: 1, seed: 1 })[0]!);
    await fc.assert(fc.asyncProperty(requestArbitrary(route, ctx), (g) => harness.check(g).then(() => undefined)), settings());
  }, 60_000);

  it('random paths and methods (the router and the fallback)', async () => {
    await fc.assert(fc.asyncProperty(randomPathRequest(ctx, ROUTES.map((r) => r.path)), (g) => harness.check(g).then(() => undefined)), settings());
  }, 60_000);

  it('wrote no report and no event for any refused request', async () => {
    await harness.assertCensus(seeded.ids);
    console.info('[property/http] answers by route and status:', Object.fromEntries([...harness.statusCounts].sort(([a], [b]) => a.localeCompare(b))), 'reports created:', harness.createdIds.size);
  });
});
