/**
 * The frame of every Open311 function, beside the native `httpHandler`: the same request parsing and
 * logging, but answers and refusals in the format the path asks for (`.json` or `.xml`; XML, the
 * spec's mandatory format, when the path names neither) and errors in the spec's shape.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Language } from '../config/jurisdiction';
import type { DomainError } from '../domain/errors';
import { problemOf } from '../http/error-table';
import type { ProblemError } from '../http/problem';
import { toRequest, type HttpEvent, type HttpRequest } from '../http/handler';
import { languageOf } from '../http/messages';
import { logger } from '../observability/logger';
import { Open311Error, toErrorItems } from './errors';
import { respondList, splitResource, type Format } from './format';

export interface Open311Request extends HttpRequest {
  /** the format the path names */
  format: Format;
}

/** Paths the Open311 door answers, known route or not (the fallback uses it too). */
export const isOpen311Path = (path: string | undefined) => /^\/open311(\/|$)/i.test(path ?? '');

/** The format of the answer: the extension of the path's last segment, else XML. */
export function formatOfPath(rawPath: string | undefined): Format {
  const last = (rawPath ?? '').split('/').pop();
  return splitResource(last).format ?? 'xml';
}

export function errorResponse(error: Open311Error | ProblemError | DomainError, lang: Language, format: Format): APIGatewayProxyStructuredResultV2 {
  const { status, items, headers } = toErrorItems(error, lang);
  return respondList(status, format, 'errors', items as unknown as Record<string, unknown>[], { 'content-language': lang, 'cache-control': 'no-store', ...headers });
}

export type Open311UseCase = (req: Open311Request) => Promise<APIGatewayProxyStructuredResultV2>;

const errorMiddleware = (): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const event = request.event;
    const lang = languageOf(event.headers?.['accept-language']);
    const format = formatOfPath(event.rawPath);
    const error = request.error;
    const known = error instanceof Open311Error ? error : problemOf(error);
    if (known) {
      request.response = errorResponse(known, lang, format);
      return;
    }
    logger.error('unhandled error', error as Error);
    request.response = errorResponse(new Open311Error(500, [{ id: 'Terjadi kesalahan. Coba lagi.', en: 'Something went wrong. Try again.' }]), lang, format);
  },
});

/** `metrics`, as for httpHandler: published by Powertools' logMetrics after every request of a function that counts. */
export function open311Handler(useCase: Open311UseCase, options: { metrics?: Metrics } = {}) {
  return middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(options.metrics ? [logMetrics(options.metrics)] : [])
    .use(errorMiddleware())
    .handler(async (event) => useCase({ ...toRequest(event), format: formatOfPath(event.rawPath) }));
}
