/**
 * The HTTP primary adapter's frame: every API function is `httpHandler(async (req) => result)`.
 * It gives the use case a parsed request (language, JSON body within limits, path and query) and turns
 * results and refusals (domain errors, through the error table) into API Gateway responses. Anything
 * unexpected is logged and answered with a 500 problem that reveals nothing.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Language } from '../config/jurisdiction';
import { logger } from '../observability/logger';
import { languageOf } from './messages';
import { problemOf } from './error-table';
import { ProblemError, toProblem } from './problem';
import { originVerifyMiddleware } from './origin-verify';

export const MAX_BODY_BYTES = 64 * 1024;

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { jwt?: { claims: Record<string, string | number | boolean> } } };
};

export interface HttpRequest {
  event: HttpEvent;
  lang: Language;
  /** lower-case header names, as API Gateway HTTP APIs deliver them */
  headers: Record<string, string | undefined>;
  path: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** the JSON body; reading it checks content type (415), size (413) and syntax (400) */
  json(): unknown;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  /** a body already written as JSON text (a document read from a file), sent as it is instead of `body` */
  jsonText?: string;
  headers?: Record<string, string>;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

function readJson(event: HttpEvent, headers: Record<string, string | undefined>): unknown {
  const contentType = headers['content-type'];
  if (!contentType || !JSON_TYPE.test(contentType))
    throw new ProblemError(415, 'unsupported-media-type', { id: 'Kirim isi sebagai application/json', en: 'Send the body as application/json' });
  const raw = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES)
    throw new ProblemError(413, 'body-too-large', { id: 'Maksimal 64 KB', en: 'At most 64 KB' });
  try {
    return JSON.parse(raw);
  } catch {
    throw new ProblemError(400, 'malformed-json', { id: 'Isi bukan JSON yang valid', en: 'The body is not valid JSON' });
  }
}

export function jsonResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
    ...(result.jsonText !== undefined ? { body: result.jsonText } : result.body !== undefined && { body: JSON.stringify(result.body) }),
  };
}

export function problemResponse(err: ProblemError, lang: Language, instance?: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: err.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'content-language': lang, ...err.extra.headers },
    body: JSON.stringify(toProblem(err, lang, instance)),
  };
}

export function toRequest(event: HttpEvent): HttpRequest {
  const headers = event.headers ?? {};
  let body: { value: unknown } | undefined;
  return {
    event,
    lang: languageOf(headers['accept-language']),
    headers,
    path: event.pathParameters ?? {},
    query: event.queryStringParameters ?? {},
    json() {
      body ??= { value: readJson(event, headers) };
      return body.value;
    },
  };
}

export type UseCaseHandler = (req: HttpRequest) => Promise<HttpResult>;

/** Maps what the handler or a middleware (idempotency, say) throws to problem responses, through the one error table. */
export const problemMiddleware = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const event = request.event;
    const lang = languageOf(event.headers?.['accept-language']);
    const error = request.error;
    const known = problemOf(error);
    if (known) {
      request.response = problemResponse(known, lang, event.rawPath);
      return;
    }
    logger.error('unhandled error', error as Error);
    request.response = problemResponse(new ProblemError(500, 'internal', { id: 'Terjadi kesalahan. Coba lagi.', en: 'Something went wrong. Try again.' }), lang, event.rawPath);
  },
});

/** The plain handler without the middleware stack (benchmarks compare against it). */
export function bareHandler(useCase: UseCaseHandler) {
  return async (event: HttpEvent): Promise<APIGatewayProxyStructuredResultV2> => jsonResponse(await useCase(toRequest(event)));
}

export interface HttpHandlerOptions {
  /**
   * The metrics the function counts (shared/observability/metrics.ts): published once per request by Powertools'
   * logMetrics, after the answer or the refusal, so no use case flushes by hand. Only functions that count pass it,
   * so the others do not load the metrics library at cold start.
   */
  metrics?: Metrics;
}

export function httpHandler(
  useCase: UseCaseHandler,
  extra: middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>[] = [],
  options: HttpHandlerOptions = {},
) {
  return middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // outside the problem middleware: its flush runs after a refusal has become an answer
    .use(options.metrics ? [logMetrics(options.metrics)] : [])
    .use(problemMiddleware())
    .use(originVerifyMiddleware())
    .use(extra)
    .handler(bareHandler(useCase));
}
