/** Bodies of the admin routes that issue Open311 API keys. */
import * as z from 'zod/mini';
import { text } from '../domain/report-fields';
import { meta } from '../domain/schema-meta';
import { DEFAULT_REQUESTS_PER_HOUR } from './api-keys';

export const createOpen311KeyRequestSchema = meta(
  z.strictObject({
    name: meta(text(1, 100), { description: 'Who the key is for, e.g. "FixMyStreet Serang"', example: 'FixMyStreet Serang' }),
    requestsPerHour: meta(z._default(z.number().check(z.int(), z.gte(1), z.lte(100_000)), DEFAULT_REQUESTS_PER_HOUR), {
      description: 'Reports this client may submit per hour',
    }),
  }),
  { id: 'CreateOpen311KeyRequest' },
);

export const open311KeySchema = meta(
  z.object({
    id: z.string(),
    name: z.string(),
    requestsPerHour: z.number().check(z.int()),
    createdAt: z.iso.datetime(),
    createdBy: z.optional(z.string()),
    revokedAt: z.optional(z.iso.datetime()),
  }),
  { id: 'Open311Key' },
);

export const issuedOpen311KeySchema = meta(
  z.extend(open311KeySchema, { key: meta(z.string(), { description: 'The API key; shown this once, stored only as a hash' }) }),
  { id: 'IssuedOpen311Key' },
);
