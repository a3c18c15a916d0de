/**
 * The OpenAPI 3.1 document, built from the same zod schemas that validate requests, and from the route
 * table: every route must have an operation here (a test checks it), so the document cannot fall behind.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { jurisdiction } from '../config/jurisdiction';
import { createReportRequestSchema, publicListItemSchema, publicReportSchema } from '../domain/report';
import { listReportsQuerySchema } from './list-reports-query';
import { problemSchema } from './problem';
import { ROUTES } from './routes';
import { createdReportSchema } from './views';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const json = (schema: z.ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const codeList = z.object({ items: z.array(z.object({ code: z.string(), name: z.string() }).catchall(z.string())) });
const acceptLanguage = z.object({ 'accept-language': z.string().optional().meta({ description: 'id (default) or en' }) });

export const OPERATIONS: Record<string, ZodOpenApiOperationObject> = {
  'GET /health': { summary: 'Health check', responses: { 200: json(z.object({ status: z.literal('ok'), jurisdiction: z.string() })) } },
  'GET /openapi.json': { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1 document' } } },
  'GET /v1/categories': { summary: 'Report categories', requestParams: { header: acceptLanguage }, responses: { 200: json(codeList) } },
  'GET /v1/districts': { summary: 'Districts (kecamatan)', requestParams: { header: acceptLanguage }, responses: { 200: json(codeList) } },
  'POST /v1/reports': {
    summary: 'Submit a report',
    requestParams: {
      header: z.object({ 'idempotency-key': z.string().max(128).optional().meta({ description: 'A retry with the same key returns the first answer' }) }),
    },
    requestBody: { content: { 'application/json': { schema: createReportRequestSchema } } },
    responses: {
      201: json(createdReportSchema, 'Created; Location names the report'),
      400: problem('Invalid field(s), each named in errors'),
      409: problem('A request with this Idempotency-Key is in progress'),
      413: problem('Body over 64 KB'),
      415: problem('Not JSON'),
      422: problem('Idempotency-Key reused with another body'),
    },
  },
  'GET /v1/reports': {
    summary: 'Public list of reports, newest first',
    requestParams: { query: listReportsQuerySchema },
    responses: { 200: json(z.object({ items: z.array(publicListItemSchema), nextCursor: z.string().nullable() })), 400: problem('Invalid filter') },
  },
  'GET /v1/reports/{id}': {
    summary: 'Public view of one report',
    requestParams: { path: z.object({ id: z.string().meta({ example: '7KQ4-M9XP' }) }) },
    responses: { 200: json(publicReportSchema), 404: problem('No such public report') },
  },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const route of ROUTES) {
    const operation = OPERATIONS[`${route.method} ${route.path}`];
    if (!operation) throw new Error(`No OpenAPI operation for ${route.method} ${route.path}`);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      ...operation,
      ...(route.auth === 'staff' && { security: [{ bearer: [] }] }),
    };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: `${jurisdiction.serviceName} API (${jurisdiction.office.en})`, version: '1.0.0' },
    paths,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  });
}
