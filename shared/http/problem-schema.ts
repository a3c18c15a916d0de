/**
 * The RFC 9457 problem answer as a zod schema, for the OpenAPI document only (see shared/domain/view-schemas.ts
 * for why answer schemas stay out of the functions); the answers themselves are built in ./problem.ts.
 */
import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';

export const problemSchema = meta(
  z.catchall(
    z.object({
      type: z.string(),
      title: z.string(),
      status: z.number().check(z.int()),
      detail: z.optional(z.string()),
      instance: z.optional(z.string()),
      errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
      allowed: meta(z.optional(z.array(z.string())), { description: 'Moves the status machine has from here (409)' }),
      currentEtag: meta(z.optional(z.string()), { description: 'The ETag of the report as it is now (412)' }),
      retryAfter: meta(z.optional(z.number()), { description: 'Seconds until a quota allows the request again (429)' }),
      limit: meta(z.optional(z.number()), { description: 'The quota or photo limit that was reached' }),
    }),
    // RFC 9457: problem types may add members of their own
    z.unknown(),
  ),
  { id: 'Problem', description: 'RFC 9457 problem details' },
);
