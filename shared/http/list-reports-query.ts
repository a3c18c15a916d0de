/** Query parameters of GET /v1/reports. */
import * as z from 'zod/mini';
import { categoryCode, districtCode, reportStatusSchema } from '../domain/report-fields';

export const listReportsQuerySchema = z.object({
  district: z.optional(districtCode),
  category: z.optional(categoryCode),
  status: z.optional(reportStatusSchema),
  limit: z._default(z.coerce.number().check(z.gte(1), z.lte(100), z.int()), 20),
  cursor: z.optional(z.string().check(z.maxLength(400))),
});
