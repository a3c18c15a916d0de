/**
 * GET /v1/open-data/reports.csv, /v1/open-data/reports.geojson (?month=YYYY-MM) and /v1/open-data/README:
 * verified, non-confidential reports of a month, and their data dictionary. Not JSON, so the frame is the HTTP
 * handler's middlewares around a raw response.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { documentClient } from '../shared/adapters/dynamodb/clients';
import { reportRepository } from '../shared/adapters/dynamodb/repository';
import { S3OpenDataObjects } from '../shared/adapters/s3/signed-open-data-objects';
import { ENV, requireEnv } from '../shared/config/env';
import { jurisdiction } from '../shared/config/jurisdiction';
import { problemMiddleware, toRequest, type HttpEvent } from '../shared/http/handler';
import { ProblemError } from '../shared/http/problem';
import { logger } from '../shared/observability/logger';
import { dataDictionary } from '../shared/open-data/dictionary';
import { parseOpenDataMonth } from '../shared/open-data/query';
import { CONTENT_TYPES, createOpenDataService, type OpenDataFormat } from '../shared/open-data/service';
import { currentMonth } from '../shared/stats/query';

const service = createOpenDataService({
  doc: documentClient,
  table: requireEnv(ENV.tableName),
  repository: reportRepository,
  objects: new S3OpenDataObjects(requireEnv(ENV.bucketName)),
  jurisdiction,
});

const FILE = /\/v1\/open-data\/reports\.(csv|geojson)$/;

export async function openDataResponse(event: HttpEvent, now = new Date()): Promise<APIGatewayProxyStructuredResultV2> {
  const req = toRequest(event);
  const path = event.rawPath ?? '';
  if (path.endsWith('/v1/open-data/README')) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/markdown; charset=utf-8', 'cache-control': 'public, max-age=3600' },
      body: dataDictionary(jurisdiction),
    };
  }
  const match = FILE.exec(path);
  if (!match) throw new ProblemError(404, 'not-found', { id: 'Berkas tidak ditemukan.', en: 'No such file.' });
  const format = match[1] as OpenDataFormat;
  const { month, finished } = parseOpenDataMonth(req.query, req.lang, currentMonth(now, jurisdiction.timeZone));
  const body = await service.file(month, format, finished, now);
  return {
    statusCode: 200,
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="si-centang-${month}.${format}"`,
      // a finished month never changes; the current one is rebuilt every few minutes
      'cache-control': finished ? 'public, max-age=86400' : 'public, max-age=300',
    },
    body,
  };
}

export const handler = middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(problemMiddleware())
  .handler((event) => openDataResponse(event));
