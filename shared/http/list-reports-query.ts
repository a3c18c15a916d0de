/** Query parameters of GET /v1/reports. */
import * as z from 'zod';
import { categoryCode, districtCode, reportStatusSchema } from '../domain/report';

export const listReportsQuerySchema = z.object({
  district: districtCode.optional(),
  category: categoryCode.optional(),
  status: reportStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(400).optional(),
});
