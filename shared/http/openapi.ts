/**
 * The OpenAPI 3.1 document, built from the same zod schemas that validate requests, and from the route
 * table: every route must have an operation here (a test checks it), so the document cannot fall behind.
 */
import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { jurisdiction } from '../config/jurisdiction';
import {
  createdReportSchema,
  followResultSchema,
  locationViewSchema,
  nearbyItemSchema,
  photoUploadGrantSchema,
  photoViewSchema,
  publicListItemSchema,
  publicReportSchema,
  repeatedReportSchema,
  staffListItemSchema,
  staffReportSchema,
} from '../domain/view-schemas';
import { problemSchema } from './problem-schema';
import { createReportRequestSchema } from '../domain/report-request';
import { listReportsQuerySchema } from './list-reports-query';
import { ROUTES } from './routes';
import { createPhotoUploadRequestSchema } from '../photos/upload-request';
import { noteRequestSchema } from '../use-cases/staff/add-note';
import { staffQueueQuerySchema } from '../use-cases/staff/list-queue';
import { transitionRequestSchema } from '../use-cases/staff/transition-request';
import { updateRequestSchema } from '../use-cases/staff/update-report';
import { contactReadsQuerySchema } from './contact-reads-query';
import { nearbyQuerySchema } from '../location/nearby-request';
import { pointQuerySchema } from '../location/point-query';
import { followRequestSchema } from '../use-cases/follow-report';
import { OPEN311_OPERATIONS } from '../open311/openapi';
import { STATS_OPERATIONS } from '../stats/openapi';
import { inboundSmsRequestSchema } from '../inbound/webhook-request';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const json = (schema: z.core.$ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const codeList = z.object({ items: z.array(z.object({ code: z.string(), name: z.string() }).catchall(z.string())) });
const acceptLanguage = z.object({ 'accept-language': z.string().optional().meta({ description: 'id (default) or en' }) });

const reportId = z.object({ id: z.string().meta({ example: '7KQ4-M9XP' }) });
const ifMatch = z.object({ 'if-match': z.string().meta({ description: 'The ETag of the report as read', example: '"3"' }) });
const staffErrors = {
  401: problem('No valid access token (WWW-Authenticate: Bearer)'),
  403: problem('Outside your role, unit or district'),
  404: problem('No such report'),
};
const staffView = {
  description: 'The staff view; ETag header carries the version',
  headers: z.object({ etag: z.string() }),
  content: { 'application/json': { schema: staffReportSchema } },
};

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
      200: json(repeatedReportSchema, 'The same number sent the same description within the dedupe window: the first report, no new one'),
      201: json(createdReportSchema, 'Created; Location names the report'),
      400: problem('Invalid field(s), each named in errors'),
      409: problem('A request with this Idempotency-Key is in progress'),
      413: problem('Body over 64 KB'),
      415: problem('Not JSON'),
      422: problem('Idempotency-Key reused with another body; or the location lies in a neighbouring regency or city (`neighbour` names it, `reportTo` says where to report instead)'),
      429: problem('Quota per number or address used up; Retry-After says when to try again'),
      503: problem('DynamoDB busy after retries; Retry-After says when to try again'),
    },
  },
  'GET /v1/reports': {
    summary: 'Public list of reports, newest first',
    requestParams: { query: listReportsQuerySchema },
    responses: { 200: json(z.object({ items: z.array(publicListItemSchema), nextCursor: z.string().nullable() })), 400: problem('Invalid filter') },
  },
  'GET /v1/locate': {
    summary: 'Which kecamatan a point lies in, or which neighbouring regency or city (and where to report there)',
    requestParams: { query: pointQuerySchema, header: acceptLanguage },
    responses: { 200: json(locationViewSchema), 400: problem('lat or lon missing or not a coordinate') },
  },
  'GET /v1/reports/nearby': {
    summary: 'Verified, open, public reports of a category near a point, nearest first: follow one instead of reporting again',
    requestParams: { query: nearbyQuerySchema },
    responses: {
      200: json(z.object({ radiusMeters: z.number().int(), items: z.array(nearbyItemSchema) })),
      400: problem('lat, lon or category missing or invalid'),
    },
  },
  'POST /v1/reports/{id}/followers': {
    summary: 'Follow a report by SMS: the number gets a text at every later status change (same daily cap and opt-out as reporters)',
    requestParams: { path: reportId, header: acceptLanguage },
    requestBody: { content: { 'application/json': { schema: followRequestSchema } } },
    responses: {
      201: json(followResultSchema, 'Now following'),
      200: json(followResultSchema, 'The number already followed the report'),
      400: problem('Invalid phone number or language'),
      404: problem('No such public report'),
      409: problem('The report is finished or closed'),
      429: problem('Quota per number or address used up; Retry-After says when to try again'),
    },
  },
  'GET /v1/reports/{id}': {
    summary: 'Public view of one report',
    requestParams: { path: z.object({ id: z.string().meta({ example: '7KQ4-M9XP' }) }) },
    responses: { 200: json(publicReportSchema), 404: problem('No such public report') },
  },
  'POST /v1/reports/{id}/photos': {
    summary: 'Permission to upload one photo: a presigned S3 POST (send every field, then the file last, as multipart/form-data to url)',
    requestParams: { path: reportId, header: z.object({ 'x-upload-token': z.string().meta({ description: 'uploadToken from the creation answer' }) }) },
    requestBody: { content: { 'application/json': { schema: createPhotoUploadRequestSchema } } },
    responses: {
      201: json(photoUploadGrantSchema, 'Upload grant'),
      400: problem('Content type not JPEG, PNG or WebP'),
      401: problem('X-Upload-Token missing'),
      403: problem('Token invalid, for another report, or expired'),
      404: problem('No such report'),
      409: problem('Photo limit reached, or the report takes no more photos'),
      429: problem('Quota per address used up; Retry-After says when to try again'),
    },
  },
  'POST /v1/staff/reports/{id}/photos': {
    summary: 'Permission to upload a completion ("after") photo',
    requestParams: { path: reportId },
    requestBody: { content: { 'application/json': { schema: createPhotoUploadRequestSchema } } },
    responses: { 201: json(photoUploadGrantSchema, 'Upload grant'), 400: problem('Content type not JPEG, PNG or WebP'), ...staffErrors, 409: problem('Photo limit reached') },
  },
  'GET /v1/staff/reports': {
    summary: 'Work queue, scoped to the caller',
    requestParams: { query: staffQueueQuerySchema },
    responses: { 200: json(z.object({ items: z.array(staffListItemSchema), nextCursor: z.string().nullable() })), 400: problem('Invalid filter'), ...staffErrors },
  },
  'GET /v1/staff/reports/{id}': {
    summary: 'Full staff view (reading contact details is audited)',
    requestParams: {
      path: reportId,
      query: z.object({
        reveal: z.enum(['contact']).optional().meta({ description: 'Officers and district staff: show the reporter’s number and name (audited); triage and admin always see them' }),
      }),
    },
    responses: { 200: staffView, ...staffErrors },
  },
  'PATCH /v1/staff/reports/{id}': {
    summary: 'Change category, unit, priority or the published description',
    requestParams: { path: reportId, header: ifMatch },
    requestBody: { content: { 'application/json': { schema: updateRequestSchema } } },
    responses: { 200: staffView, 400: problem('Invalid field'), ...staffErrors, 412: problem('Stale ETag'), 428: problem('If-Match missing') },
  },
  'POST /v1/staff/reports/{id}/transitions': {
    summary: 'Move the report to another status',
    requestParams: { path: reportId, header: ifMatch },
    requestBody: { content: { 'application/json': { schema: transitionRequestSchema } } },
    responses: {
      200: staffView,
      400: problem('A field the move needs is missing or wrong'),
      ...staffErrors,
      409: problem('The status machine has no such move; `allowed` lists the possible ones'),
      412: problem('Stale ETag'),
      428: problem('If-Match missing'),
      503: problem('DynamoDB busy after retries; Retry-After says when to try again'),
    },
  },
  'POST /v1/staff/reports/{id}/notes': {
    summary: 'Add a public or internal note',
    requestParams: { path: reportId },
    requestBody: { content: { 'application/json': { schema: noteRequestSchema } } },
    responses: { 201: json(z.record(z.string(), z.unknown()), 'The note as a history event'), 400: problem('Invalid note'), ...staffErrors },
  },
  'POST /v1/staff/reports/{id}/photos/{photoId}/approval': {
    summary: "Make public a citizen's photo sent after verification (triage, admin)",
    requestParams: { path: z.object({ id: z.string().meta({ example: '7KQ4-M9XP' }), photoId: z.string().meta({ example: '0123456789abcdef0123' }) }) },
    responses: { 200: json(photoViewSchema, 'The photo, now public'), ...staffErrors, 404: problem('No such report, or no such photo on it') },
  },
  'GET /v1/staff/audit/contact-reads': {
    summary: 'Audit of staff reads of reporter contact details (admin)',
    requestParams: { query: contactReadsQuerySchema },
    responses: { 200: json(z.object({ items: z.array(z.object({ reportId: z.string(), sub: z.string(), role: z.string(), at: z.string() })), nextCursor: z.string().nullable() })), ...staffErrors },
  },
  ...OPEN311_OPERATIONS,
  ...STATS_OPERATIONS,
  'POST /v1/inbound/sms': {
    summary: 'An SMS gateway delivers one inbound text message (HMAC-SHA-256 signed; see the README, Two-way SMS)',
    requestParams: {
      header: z.object({
        'x-si-centang-timestamp': z.string().meta({ description: 'Unix seconds; at most 5 minutes off' }),
        'x-si-centang-signature': z.string().meta({ description: 'sha256=<hex HMAC-SHA-256 of "<timestamp>.<raw body>" under the shared secret>' }),
      }),
    },
    requestBody: { content: { 'application/json': { schema: inboundSmsRequestSchema } } },
    responses: {
      200: json(z.object({ accepted: z.boolean(), duplicate: z.boolean() }), 'Taken; a second delivery of the same messageId changes nothing'),
      400: problem('Invalid field(s)'),
      401: problem('Signature missing, expired or wrong; nothing was read'),
    },
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
