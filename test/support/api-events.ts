/**
 * Calling the route functions directly, with the API Gateway v2 events they get on AWS. The event is built by
 * the local adapter's own `buildEvent` from a stand-in for a Node request, so a direct call and an HTTP call
 * over the local stack feed the handler the same shape. The environment (table, bucket, endpoints) must be set
 * before the first call: the functions read it at module load.
 */
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { buildEvent, flattenClaims, lambdaContext, splitTarget } from '../../local/http-adapter';
import { FALLBACK_FUNCTION, matchRoute, type RouteDefinition } from '../../shared/http/routes';

export interface RawRequest {
  method: string;
  /** the request target as sent: path, and query after `?` */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  sourceIp?: string;
  /** what the JWT authorizer hands over on a staff route (any shape: tests send garbage too); undefined: none */
  claims?: Record<string, unknown>;
}

export interface DirectEvent {
  fn: string;
  route: RouteDefinition | undefined;
  event: APIGatewayProxyEventV2;
}

/** The event API Gateway would build for this request, and the function it would call. */
export function apiEvent(req: RawRequest): DirectEvent {
  const match = matchRoute(req.method, splitTarget(req.target).path);
  const route = match.route;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  const fake = {
    url: req.target,
    method: req.method,
    headers,
    httpVersion: '1.1',
    socket: { remoteAddress: req.sourceIp ?? '203.0.113.7' },
  } as unknown as IncomingMessage;
  const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : (req.body ?? Buffer.alloc(0));
  const event = buildEvent(fake, body, route, route ? match.pathParameters : {});
  if (route?.auth === 'staff' && req.claims) {
    // API Gateway hands claims over flattened to strings; garbage claims (numbers, lists) are flattened the same way
    (event.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims: flattenClaims(req.claims), scopes: null } };
  }
  return { fn: route?.fn ?? FALLBACK_FUNCTION, route, event };
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | object>;
const loaded = new Map<string, Promise<Handler>>();

export function loadHandler(fn: string): Promise<Handler> {
  let handler = loaded.get(fn);
  if (!handler) {
    handler = import(`../../functions/${fn}.ts`).then((m: { handler: Handler }) => m.handler);
    loaded.set(fn, handler);
  }
  return handler;
}

export interface DirectReply {
  status: number;
  /** lower-case names */
  headers: Record<string, string>;
  text: string;
}

/** Runs the function for this request as Lambda would, and reads its answer as API Gateway would. */
export async function invokeDirect(req: RawRequest): Promise<DirectReply & { fn: string }> {
  const { fn, event } = apiEvent(req);
  const handler = await loadHandler(fn);
  const result = await handler(event, lambdaContext(fn));
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    return { fn, status: 200, headers: { 'content-type': 'application/json' }, text: typeof result === 'string' ? result : JSON.stringify(result) };
  }
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(structured.headers ?? {})) headers[k.toLowerCase()] = String(v);
  const text = structured.body === undefined ? '' : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64').toString('utf8') : structured.body;
  return { fn, status: structured.statusCode ?? 200, headers, text };
}
