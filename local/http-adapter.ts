/**
 * The local stand-in for API Gateway (HTTP API, payload v2): routes with the same route table as CDK,
 * turns a Node request into the event Lambda would get, calls the same exported `handler`, and writes
 * back its result (status, headers, cookies, base64 bodies).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { FALLBACK_FUNCTION, matchRoute, type RouteDefinition } from '../shared/http/routes';
import { unauthorized as unauthorizedProblem } from '../shared/auth/staff-token';
import { toProblemError } from '../shared/http/error-table';
import { problemResponse } from '../shared/http/handler';
import { languageOf } from '../shared/http/messages';
import { enterFunction } from './invoked-function';

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | object>;

/** API Gateway's own payload limit; the functions enforce their smaller ones. */
const MAX_PAYLOAD = 10 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/([\w.+-]+\+)?(json|xml)|application\/x-www-form-urlencoded)/i;

export interface Authorizer {
  /** Checks a staff request as the JWT authorizer would; returns the claims, or undefined for a 401. */
  (authorization: string | undefined): Promise<Record<string, string> | undefined>;
}

/** One answer of a route function, as the client gets it (tests hold answers against the OpenAPI document). */
export interface ObservedAnswer {
  route: RouteDefinition | undefined;
  event: APIGatewayProxyEventV2;
  result: APIGatewayProxyStructuredResultV2 | string | object;
}

export interface ApiAdapterOptions {
  /** sees every answer a function gave (tests) */
  observe?: (answer: ObservedAnswer) => void;
  loadHandler?: (fn: string) => Promise<LambdaHandler>;
  authorize?: Authorizer;
  timeoutMs?: number;
}

const handlers = new Map<string, Promise<LambdaHandler>>();
const importHandler = (fn: string): Promise<LambdaHandler> => {
  let loaded = handlers.get(fn);
  if (!loaded) {
    loaded = import(`../functions/${fn}.ts`).then((m: { handler: LambdaHandler }) => m.handler);
    handlers.set(fn, loaded);
  }
  return loaded;
};

export function lambdaContext(functionName: string, timeoutMs = 10_000): Context {
  enterFunction(functionName);
  const deadline = Date.now() + timeoutMs;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Header and query values with repeats joined by commas, as API Gateway does in payload v2. */
function joinValues(entries: Iterable<[string, string | string[] | undefined]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(',') : v;
    out[k] = out[k] === undefined ? value : `${out[k]},${value}`;
  }
  return out;
}

/** Claims as API Gateway hands them over: list claims become "[a b]" strings, numbers become strings. */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
  return out;
}

/** Path and query as sent; `new URL` would read `//host/x` as a host, which API Gateway never does. */
export function splitTarget(target: string | undefined): { path: string; query: string } {
  const raw = target ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? { path: raw, query: '' } : { path: raw.slice(0, q), query: raw.slice(q + 1) };
}

export function buildEvent(req: IncomingMessage, body: Buffer, route: RouteDefinition | undefined, pathParameters: Record<string, string>): APIGatewayProxyEventV2 {
  const target = splitTarget(req.url);
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = joinValues(Object.entries(req.headers).filter(([k]) => k !== 'cookie'));
  const cookies = req.headers.cookie?.split(';').map((c) => c.trim()).filter(Boolean);
  const query = joinValues(new URLSearchParams(target.query).entries());
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const routeKey = route ? `${route.method} ${route.path}` : '$default';
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: target.path,
    rawQueryString: target.query,
    ...(cookies && cookies.length > 0 && { cookies }),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(Object.keys(pathParameters).length > 0 && { pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: { method, path: target.path, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: isText ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: !isText,
  };
}

export function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | object): void {
  // Payload v2: a result without statusCode is a 200 JSON body.
  const structured = typeof result === 'object' && result !== null && 'statusCode' in result
    ? (result as APIGatewayProxyStructuredResultV2)
    : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result) };
  const headers: Record<string, string | number | string[]> = { ...(structured.headers as Record<string, string>) };
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body === undefined ? undefined : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : Buffer.from(structured.body);
  res.writeHead(structured.statusCode ?? 200, headers);
  res.end(body);
}

const unauthorized = (res: ServerResponse, event: APIGatewayProxyEventV2) => {
  // the same problem+json 401 the functions answer when they check the token themselves
  writeResult(res, problemResponse(toProblemError(unauthorizedProblem()), languageOf(event.headers['accept-language']), event.rawPath));
};

export function createApiAdapter(options: ApiAdapterOptions = {}) {
  const load = options.loadHandler ?? importHandler;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = matchRoute(req.method ?? 'GET', splitTarget(req.url).path);
    const route = match.route;
    const body = await readBody(req);
    if (body === 'too-large') {
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Request Entity Too Large' }));
      return;
    }
    const event = buildEvent(req, body, route, route ? match.pathParameters : {});
    // an authorizer in front is optional: without one (the local stack, as on AWS) the functions check tokens
    if (route?.auth === 'staff' && options.authorize) {
      const claims = await options.authorize(event.headers.authorization);
      if (!claims) return unauthorized(res, event);
      (event.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims, scopes: null } };
    }
    const fn = route?.fn ?? FALLBACK_FUNCTION;
    try {
      const handler = await load(fn);
      const result = await handler(event, lambdaContext(fn, options.timeoutMs));
      options.observe?.({ route, event, result });
      writeResult(res, result);
    } catch (err) {
      // A function that throws is a 500 from API Gateway too; the function logs its own error.
      console.error(`[api] ${fn} failed:`, err);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal Server Error' }));
    }
  };
}
