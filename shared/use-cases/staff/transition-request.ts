/**
 * The body of a move (POST /v1/staff/reports/{id}/transitions). Apart from the use case, which the escalation run
 * and the SMS answers also use to move reports: they build no request schema at their cold start.
 */
import * as z from 'zod/mini';
import { reportStatusSchema, text } from '../../domain/report-fields';
import { meta } from '../../domain/schema-meta';

export const transitionRequestSchema = meta(
  z.strictObject({
    to: reportStatusSchema,
    unit: z.optional(text(1, 100)),
    reason: z.optional(text(1, 1000)),
    duplicateOf: z.optional(text(1, 40)),
    agency: z.optional(text(1, 100)),
    note: z.optional(text(1, 2000)),
    expectedAt: meta(z.optional(z.string().check(z.trim(), z.maxLength(40))), { description: 'Planned completion: YYYY-MM-DD or an ISO date-time' }),
  }),
  { id: 'TransitionRequest' },
);
export type TransitionRequest = z.infer<typeof transitionRequestSchema>;
