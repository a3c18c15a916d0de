/** The statistics and open-data operations of the OpenAPI document, with the schema of the statistics answer. */
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { problemSchema } from '../http/problem-schema';
import { RELATIVE_ERROR } from './histogram';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).meta({ example: '2026-03' });
const share = z.number().min(0).max(1).nullable().meta({ description: 'A fraction (0..1); null when nothing to divide by' });
const hours = z.number().nullable();

const totals = z.object({
  received: z.number().int(),
  verified: z.number().int(),
  started: z.number().int().meta({ description: 'Work started (verified → in progress, the first time)' }),
  resolved: z.number().int().meta({ description: 'Resolutions (a reopened report resolved again counts again)' }),
  closed: z.number().int(),
  rejected: z.number().int(),
  duplicate: z.number().int(),
  referred: z.number().int(),
  reopened: z.number().int(),
  escalated: z.number().int().meta({ description: 'Stages the escalation run found past their deadline' }),
  citizenConfirmed: z.number().int(),
  citizenRejected: z.number().int(),
  openNow: z.number().int().optional().meta({ description: 'Open now (received, verified, in progress); not in monthly entries' }),
  overdueNow: z.number().int().optional().meta({ description: 'Open and escalated now; not in monthly entries' }),
});
const duration = z.object({
  count: z.number().int(),
  medianHours: hours.meta({ description: 'Median, in working hours (jurisdiction calendar)' }),
  p90Hours: hours.meta({ description: '90th percentile, in working hours' }),
  medianDays: hours.meta({ description: 'Median, in calendar days' }),
  p90Days: hours.meta({ description: '90th percentile, in calendar days' }),
});
const stage = z.object({ done: z.number().int(), onTime: z.number().int(), share });
const figures = {
  totals,
  durations: z
    .object({ toVerify: duration, toStart: duration, toResolve: duration })
    .meta({ description: `received → verified, verified → work started, verified → resolved; percentiles within ${RELATIVE_ERROR * 100} % (durations up to a minute read as 0)` }),
  onTime: z
    .object({ received: stage, verified: stage, inProgress: stage, all: stage })
    .meta({ description: 'Stages finished before the escalation run found them past their deadline' }),
  shares: z.object({ escalated: share, reopened: share, citizenConfirmed: share, citizenRejected: share }),
};
const named = z.object({ code: z.string(), name: z.string() });

export const statsAnswerSchema = z
  .object({
    from: month,
    to: month,
    district: z.string().optional(),
    category: z.string().optional(),
    ...figures,
    byDistrict: z.array(z.object({ district: named, ...figures })),
    byCategory: z.array(z.object({ category: named, ...figures })),
    byUnit: z.array(z.object({ unit: named, ...figures })),
    monthly: z.array(z.object({ month, totals, durations: figures.durations, onTime: figures.onTime, shares: figures.shares })),
  })
  .meta({ id: 'Statistics' });

const monthQuery = z.object({ month: month.meta({ description: 'Month of creation (jurisdiction time zone)' }) });
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string() } } });

export const STATS_OPERATIONS: Record<string, ZodOpenApiOperationObject> = {
  'GET /v1/stats': {
    summary: 'Public statistics: how many reports, how fast, on time, by kecamatan, category, unit and month (from aggregates, never from reports)',
    requestParams: {
      query: z.object({
        from: month.optional().meta({ description: 'First month; default 11 months before `to`' }),
        to: month.optional().meta({ description: 'Last month; default the current month' }),
        district: z.string().optional().meta({ description: 'Kecamatan code (GET /v1/districts)' }),
        category: z.string().optional().meta({ description: 'Category code (GET /v1/categories)' }),
      }),
      header: z.object({ 'accept-language': z.string().optional().meta({ description: 'id (default) or en' }) }),
    },
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: statsAnswerSchema } } }, 400: problem('Bad month, range over 36 months, or unknown code') },
  },
  'GET /v1/open-data/reports.csv': {
    summary: 'Open data: verified, non-confidential reports of a month as CSV (RFC 4180, UTF-8 with BOM, header row)',
    requestParams: { query: monthQuery },
    responses: { 200: text('text/csv', 'One row per report; see GET /v1/open-data/README'), 400: problem('Month missing, malformed or in the future') },
  },
  'GET /v1/open-data/reports.geojson': {
    summary: 'Open data: the same rows as a GeoJSON FeatureCollection',
    requestParams: { query: monthQuery },
    responses: { 200: {
        description: 'One Feature per report (properties as the CSV columns)',
        content: {
          'application/geo+json': {
            schema: z.object({
              type: z.literal('FeatureCollection'),
              features: z.array(
                z.object({
                  type: z.literal('Feature'),
                  id: z.string().meta({ description: 'The tracking code' }),
                  geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }).nullable(),
                  properties: z.record(z.string(), z.unknown()),
                }),
              ),
            }),
          },
        },
      }, 400: problem('Month missing, malformed or in the future') },
  },
  'GET /v1/open-data/README': {
    summary: 'Data dictionary of the open data: columns, meanings, units, license',
    responses: { 200: text('text/markdown', 'Markdown, Indonesian and English') },
  },
};
