/** Bodies of the admin routes that issue Open311 API keys. */
import * as z from 'zod';
import { text } from '../domain/report';
import { DEFAULT_REQUESTS_PER_HOUR } from './api-keys';

export const createOpen311KeyRequestSchema = z
  .strictObject({
    name: text(1, 100).meta({ description: 'Who the key is for, e.g. "FixMyStreet Serang"', example: 'FixMyStreet Serang' }),
    requestsPerHour: z.number().int().min(1).max(100_000).default(DEFAULT_REQUESTS_PER_HOUR).meta({ description: 'Reports this client may submit per hour' }),
  })
  .meta({ id: 'CreateOpen311KeyRequest' });

export const open311KeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    requestsPerHour: z.number().int(),
    createdAt: z.iso.datetime(),
    createdBy: z.string().optional(),
    revokedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'Open311Key' });

export const issuedOpen311KeySchema = open311KeySchema
  .extend({ key: z.string().meta({ description: 'The API key; shown this once, stored only as a hash' }) })
  .meta({ id: 'IssuedOpen311Key' });
