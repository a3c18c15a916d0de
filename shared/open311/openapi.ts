/**
 * OpenAPI operations of the Open311 door and of the admin routes for its API keys. Open311 answers are
 * described by the spec (http://wiki.open311.org/GeoReport_v2); the shapes here are the JSON ones.
 */
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { jurisdiction } from '../config/jurisdiction';
import { localInstant } from '../domain/local-time';
import { problemSchema } from '../http/problem-schema';
import { toW3c } from './dates';
import { issuedOpen311KeySchema, open311KeySchema } from '../domain/view-schemas';
import { createOpen311KeyRequestSchema } from './key-requests';

const errors = z.array(z.object({ code: z.number().int(), description: z.string() })).meta({ id: 'Open311Errors' });
const both = (schema: z.core.$ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema }, 'text/xml': { schema: z.string().meta({ description: 'The same resource in the spec\'s XML' }) } },
});
const failure = (description: string) => both(errors, description);
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

const request = z
  .object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string().optional(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string().optional().meta({ description: 'Shown once the report is verified' }),
    agency_responsible: z.string().optional(),
    service_notice: z.string().optional(),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    expected_datetime: z.string().optional(),
    address: z.string().optional(),
    lat: z.number().optional(),
    long: z.number().optional(),
    media_url: z.string().optional(),
  })
  .meta({ id: 'Open311Request' });

const service = z
  .object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: z.string(),
    group: z.string(),
  })
  .meta({ id: 'Open311Service' });

const update = z
  .object({
    update_id: z.string(),
    service_request_id: z.string(),
    status: z.string(),
    updated_datetime: z.string(),
    description: z.string(),
    media_url: z.string().optional(),
  })
  .meta({ id: 'Open311Update' });

const discovery = z
  .object({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.string(), formats: z.array(z.string()) })),
  })
  .meta({ id: 'Open311Discovery' });

const common = z.object({ jurisdiction_id: z.string().optional().meta({ description: 'Absent, empty or kabupaten-serang' }) });
const resource = (examples: string) => z.object({ resource: z.string().meta({ description: examples }) });
const dates = common.extend({
  start_date: z.string().optional().meta({ description: 'W3C date-time with a time zone; default 90 days before end_date', example: toW3c(localInstant('2026-11-01', jurisdiction.timeZone).toISOString()) }),
  end_date: z.string().optional().meta({ description: 'W3C date-time with a time zone; default now' }),
});

export const OPEN311_OPERATIONS: Record<string, ZodOpenApiOperationObject> = {
  'GET /open311/v2/{resource}': {
    summary: 'Open311: discovery.{json|xml}, services.{fmt}, requests.{fmt} (service_request_id, service_code, status, start_date, end_date; at most 1,000, newest first), servicerequestupdates.{fmt}',
    tags: ['Open311'],
    requestParams: {
      path: resource('discovery.json, services.xml, requests.json, servicerequestupdates.xml, …'),
      query: dates.extend({
        service_request_id: z.string().optional().meta({ description: 'Comma-separated; overrides every other argument' }),
        service_code: z.string().optional(),
        status: z.string().optional().meta({ description: 'open, closed or open,closed' }),
      }),
    },
    responses: {
      200: both(z.union([z.array(request), z.array(service), z.array(update), discovery]), 'A list (discovery: one object)'), 400: failure('A malformed argument, named'), 404: failure('Unknown resource, service or jurisdiction') },
  },
  'GET /open311/v2/services/{service}': {
    summary: 'Open311: a service definition, services/{service_code}.{json|xml}',
    tags: ['Open311'],
    requestParams: { path: z.object({ service: z.string().meta({ example: 'jalan-rusak.json' }) }), query: common },
    responses: { 200: both(z.record(z.string(), z.unknown()), 'The service definition'), 404: failure('Unknown service or jurisdiction') },
  },
  'GET /open311/v2/requests/{request}': {
    summary: 'Open311: one service request, requests/{service_request_id}.{json|xml} (a list of one)',
    tags: ['Open311'],
    requestParams: { path: z.object({ request: z.string().meta({ example: '7KQ4-M9XP.json' }) }), query: common },
    responses: { 200: both(z.array(request), 'A list of one'), 404: failure('Unknown request or jurisdiction') },
  },
  'POST /open311/v2/{resource}': {
    summary: 'Open311: submit a request, requests.{json|xml}, form-encoded',
    tags: ['Open311'],
    requestParams: { path: resource('requests.json or requests.xml') },
    requestBody: {
      content: {
        'application/x-www-form-urlencoded': {
          schema: z.object({
            api_key: z.string(),
            jurisdiction_id: z.string().optional(),
            service_code: z.string(),
            lat: z.number().optional(),
            long: z.number().optional(),
            address_string: z.string().optional(),
            address_id: z.string().optional(),
            'attribute[kecamatan]': z.string().meta({ description: 'District code (see the service definition)' }),
            description: z.string().meta({ description: '10 to 4,000 characters, line breaks allowed' }),
            media_url: z.string().optional().meta({ description: 'Shown to staff as a link; never fetched' }),
            email: z.string().optional(),
            first_name: z.string().optional(),
            last_name: z.string().optional(),
            phone: z.string().optional().meta({ description: 'An Indonesian mobile number gets SMS updates' }),
            device_id: z.string().optional(),
            account_id: z.string().optional(),
          }),
        },
      },
    },
    responses: {
      200: both(z.array(z.object({ service_request_id: z.string(), service_notice: z.string().optional(), account_id: z.string().optional() })), 'A list of one'),
      400: failure('A missing or invalid field, named'),
      403: failure('Missing, wrong or revoked api_key'),
      404: failure('Unknown service or jurisdiction'),
      415: failure('Not form-encoded'),
      429: failure("The key's hourly quota is used up; Retry-After says when to try again"),
    },
  },
  'POST /v1/staff/open311-keys': {
    summary: 'Issue an Open311 API key to a named client (admin); the key is shown once',
    requestBody: { content: { 'application/json': { schema: createOpen311KeyRequestSchema } } },
    responses: { 201: { description: 'Issued', content: { 'application/json': { schema: issuedOpen311KeySchema } } }, 400: problem('Invalid field'), 403: problem('Admins only') },
  },
  'GET /v1/staff/open311-keys': {
    summary: 'Open311 clients and the state of their keys (admin)',
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: z.object({ items: z.array(open311KeySchema) }) } } }, 403: problem('Admins only') },
  },
  'DELETE /v1/staff/open311-keys/{id}': {
    summary: 'Revoke an Open311 API key (admin)',
    requestParams: { path: z.object({ id: z.string() }) },
    responses: { 200: { description: 'Revoked', content: { 'application/json': { schema: open311KeySchema } } }, 403: problem('Admins only'), 404: problem('No such key') },
  },
};
