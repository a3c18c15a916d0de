/** Query parameters of GET /v1/staff/audit/contact-reads. */
import * as z from 'zod/mini';

export const contactReadsQuerySchema = z.object({
  month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')),
  limit: z._default(z.coerce.number().check(z.gte(1), z.lte(500), z.int()), 100),
  cursor: z.optional(z.string().check(z.maxLength(400))),
});
