/**
 * 3. Handler overhead, in its own process (the mocks and the environment must not leak into the rest of the run;
 * the parent pins it to one core with taskset where available). Invocations per second of the real exported
 * handlers (middy + Powertools logger context + problem mapping + idempotency for create) against the same use case
 * wrapped only by `bareHandler` (request parsing and JSON response, no middleware), with the DynamoDB clients mocked
 * by aws-sdk-client-mock.
 *
 * Usage: node --import tsx bench/sections/handler-child.ts <result.json> <iterations> <rounds> <warmup>
 */
import { writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { functionEnv } from './cold-init';

const [resultFile, iterationsArg, roundsArg, warmupArg] = process.argv.slice(2);
const ITERATIONS = Number(iterationsArg ?? 3000);
const ROUNDS = Number(roundsArg ?? 7);
const WARMUP = Number(warmupArg ?? 1500);
const GET_SCALE = 5;

Object.assign(process.env, functionEnv());

const docMock = mockClient(DynamoDBDocumentClient);
const baseMock = mockClient(DynamoDBClient);

// Imported after the environment is set: the modules read it at load, as on Lambda.
const { bareHandler } = await import('../../shared/http/handler');
const { toEventItem, toReportItem } = await import('../../shared/adapters/dynamodb/report-items');
const { lambdaContext } = await import('../../local/http-adapter');
type HttpEvent = import('../../shared/http/handler').HttpEvent;
type UseCaseHandler = import('../../shared/http/handler').UseCaseHandler;
type Handler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const createModule = (await import('../../functions/create-report')) as { handler: Handler; useCase?: UseCaseHandler };
const getModule = (await import('../../functions/get-report')) as { handler: Handler; useCase?: UseCaseHandler };

// The functions export the use case behind their HTTP frame: the baseline calls exactly that.
const createUseCase = createModule.useCase!;
const getUseCase = getModule.useCase!;


// A realistic stored report (verified, with a location) and its two events, for the GET.
const now = new Date('2026-03-02T03:00:00Z');
const report = {
  id: '7KQ4-M9XP',
  version: 2,
  status: 'verified' as const,
  category: 'jalan-rusak',
  district: 'cikande',
  priority: 'normal' as const,
  description: 'Jalan berlubang besar di depan pasar Cikande, membahayakan motor',
  publicDescription: 'Jalan berlubang besar di depan pasar Cikande, membahayakan motor',
  location: { lat: -6.2, lon: 106.3 },
  reporter: { phone: '+6281234567890', name: 'Budi Santoso', showName: false, anonymous: false, language: 'id' as const },
  confidential: false,
  unit: 'bina-marga',
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  verifiedAt: now.toISOString(),
  dueAt: '2026-03-05T03:00:00.000Z',
  escalationLevel: 0,
  eventCount: 2,
};
const events = [
  { reportId: report.id, seq: 1, type: 'created' as const, at: report.createdAt, actor: { role: 'citizen' }, to: 'received' as const, visibility: 'public' as const, notify: true },
  { reportId: report.id, seq: 2, type: 'status' as const, at: report.updatedAt, actor: { role: 'triage', id: 'u1' }, from: 'received' as const, to: 'verified' as const, visibility: 'public' as const, notify: true, data: { unit: 'bina-marga' } },
];

// anything else a function may start calling (e.g. quota counters) answers empty rather than throwing;
// registered first, since a later onAnyCommand would replace the specific answers
docMock.onAnyCommand().resolves({});
baseMock.onAnyCommand().resolves({});
docMock.on(TransactWriteCommand).resolves({});
docMock.on(QueryCommand).resolves({ Items: [...events.map(toEventItem), toReportItem(report)] });

const body = JSON.stringify({
  category: 'jalan-rusak',
  description: 'Jalan berlubang besar di depan pasar Cikande, membahayakan motor',
  district: 'cikande',
  location: { lat: -6.2, lon: 106.3 },
  reporter: { phone: '0812-3456-7890', name: 'Budi Santoso' },
});
const baseEvent = (method: string, path: string, routeKey: string): HttpEvent =>
  ({
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'accept-language': 'id', host: 'api.example', 'user-agent': 'bench' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  }) as HttpEvent;
const createEvent: HttpEvent = { ...baseEvent('POST', '/v1/reports', 'POST /v1/reports'), body };
const getEvent: HttpEvent = { ...baseEvent('GET', `/v1/reports/${report.id}`, 'GET /v1/reports/{id}'), pathParameters: { id: report.id } };
const context = lambdaContext('bench', 60_000);
const bareCreate = bareHandler(createUseCase);
const bareGet = bareHandler(getUseCase);

interface Arm {
  name: string;
  call: () => Promise<APIGatewayProxyStructuredResultV2>;
  expect: number;
}

/**
 * Seconds of CPU (user + system) the process spent on n invocations. CPU time rather than wall time: the loop is
 * CPU-bound (the mocks answer at once), and on a shared machine wall time mostly measures the neighbours.
 */
async function loop(arm: Arm, n: number): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const res = await arm.call();
    if (res.statusCode !== arm.expect) throw new Error(`${arm.name}: status ${res.statusCode}: ${res.body}`);
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

/**
 * Rounds of `iterations` invocations per arm; the order of the arms rotates every round so none always runs
 * first. Arm 0 is the exported handler, arm 1 the bare use case, the rest what-ifs.
 */
async function measure(arms: Arm[], scale = 1) {
  const iterations = ITERATIONS * scale;
  const warmup = WARMUP * scale;
  // the idempotency middleware must not touch DynamoDB without an Idempotency-Key header
  baseMock.resetHistory();
  docMock.resetHistory();
  await loop(arms[0]!, warmup);
  const baseCallsDuringWarmup = baseMock.calls().length;
  const docCallsPerInvocation = docMock.calls().length / warmup;
  for (const arm of arms.slice(1)) await loop(arm, warmup);
  const rates = arms.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < arms.length; k++) {
      const i = (k + r) % arms.length;
      const seconds = await loop(arms[i]!, iterations);
      rates[i]!.push(iterations / seconds);
    }
  }
  return {
    iterations,
    warmup,
    middyRate: rates[0]!,
    bareRate: rates[1]!,
    whatIf: Object.fromEntries(arms.slice(2).map((a, i) => [a.name, rates[i + 2]!])),
    baseCallsDuringWarmup,
    docCallsPerInvocation,
  };
}

/**
 * What-if for the create route: the idempotency middleware entered only when the request carries an
 * Idempotency-Key (Powertools otherwise still builds its handler state and runs a JMESPath search per request,
 * just to find that there is no key).
 */
function onlyWithKey<T extends { before?: (r: never) => unknown; after?: (r: never) => unknown; onError?: (r: never) => unknown }>(inner: T) {
  const hasKey = (r: { event: HttpEvent }) => Boolean(r.event.headers?.['idempotency-key']);
  return {
    before: (r: { event: HttpEvent }) => (hasKey(r) ? inner.before?.(r as never) : undefined),
    after: (r: { event: HttpEvent }) => (hasKey(r) ? inner.after?.(r as never) : undefined),
    onError: (r: { event: HttpEvent }) => (hasKey(r) ? inner.onError?.(r as never) : undefined),
  };
}
const { httpHandler } = await import('../../shared/http/handler');
const { idempotencyMiddleware } = await import('../../shared/http/idempotency');
const withoutIdempotency = httpHandler(createUseCase);
const keyOnlyIdempotency = httpHandler(createUseCase, [onlyWithKey(idempotencyMiddleware()) as never]);

const create = await measure([
  { name: 'create (middy)', call: () => createModule.handler(createEvent, context), expect: 201 },
  { name: 'create (bare)', call: () => bareCreate(createEvent), expect: 201 },
  { name: 'idempotency only with a key', call: () => keyOnlyIdempotency(createEvent, context), expect: 201 },
  { name: 'no idempotency middleware', call: () => withoutIdempotency(createEvent, context), expect: 201 },
]);
const get = await measure(
  [
    { name: 'get (middy)', call: () => getModule.handler(getEvent, context), expect: 200 },
    { name: 'get (bare)', call: () => bareGet(getEvent), expect: 200 },
  ],
  // GET is about 7× cheaper than POST: more iterations keep each round near the same duration
  GET_SCALE,
);

writeFileSync(
  resultFile!,
  JSON.stringify({
    rounds: ROUNDS,
    create,
    get,
  }),
);
