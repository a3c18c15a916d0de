/** Response bodies that are more than a domain view: what the submitter alone gets back. */
import { z } from 'zod';
import { jurisdiction } from '../config/jurisdiction';
import type { Report } from '../domain/report';

export const createdReportSchema = z
  .object({
    id: z.string().meta({ description: 'Tracking code, as sent by SMS', example: '7KQ4-M9XP' }),
    status: z.literal('received'),
    createdAt: z.iso.datetime(),
    dueAt: z.iso.datetime().optional().meta({ description: 'When verification is due' }),
    trackUrl: z.url(),
  })
  .meta({ id: 'CreatedReport' });

export function toCreatedView(report: Report): z.infer<typeof createdReportSchema> {
  return {
    id: report.id,
    status: 'received',
    createdAt: report.createdAt,
    ...(report.dueAt && { dueAt: report.dueAt }),
    trackUrl: `${jurisdiction.publicBaseUrl}/r/${report.id}`,
  };
}
