/** The body of the admin route that issues Open311 API keys (what it answers: shared/domain/view-schemas.ts). */
import * as z from 'zod/mini';
import { text } from '../domain/report-fields';
import { meta } from '../domain/schema-meta';
import { DEFAULT_REQUESTS_PER_HOUR } from './api-keys';

export const createOpen311KeyRequestSchema = meta(
  z.strictObject({
    name: meta(text(1, 100), { description: 'Who the key is for, e.g. "FixMyStreet Serang"', example: 'FixMyStreet Serang' }),
    requestsPerHour: meta(z._default(z.number().check(z.gte(1), z.lte(100_000), z.int()), DEFAULT_REQUESTS_PER_HOUR), {
      description: 'Reports this client may submit per hour',
    }),
  }),
  { id: 'CreateOpen311KeyRequest' },
);
