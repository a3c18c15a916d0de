/** Query parameters of GET /v1/staff/audit/contact-reads. */
import * as z from 'zod';

export const contactReadsQuerySchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(400).optional(),
});
