/** Response bodies that are more than a domain view: what the submitter alone gets back. */
import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { jurisdiction } from '../config/jurisdiction';
import type { Report } from '../domain/report';
import { trackUrl } from '../notify/message';

export const createdReportSchema = meta(
  z.object({
    id: meta(z.string(), { description: 'Tracking code, as sent by SMS', example: '7KQ4-M9XP' }),
    status: z.literal('received'),
    createdAt: z.iso.datetime(),
    dueAt: meta(z.optional(z.iso.datetime()), { description: 'When verification is due' }),
    trackUrl: meta(z.url(), { description: 'The tracking page; for a confidential report it carries the view key' }),
    viewKey: meta(z.optional(z.string()), {
      description: 'Confidential reports only: send as ?k= with GET /v1/reports/{id} to follow the report; given once',
    }),
    uploadToken: meta(z.string(), { description: 'Send as X-Upload-Token to POST /v1/reports/{id}/photos; given once, valid 24 h' }),
    uploadTokenExpiresAt: z.iso.datetime(),
    privacyNotice: meta(z.string(), { description: 'What is kept about the reporter, why, and for how long (UU 27/2022)' }),
    photoNotice: meta(z.string(), { description: 'How to add photos: the upload token is shown once and lasts 24 h' }),
  }),
  { id: 'CreatedReport' },
);

export function toCreatedView(
  report: Report,
  viewKey?: string,
): Omit<z.infer<typeof createdReportSchema>, 'uploadToken' | 'uploadTokenExpiresAt' | 'privacyNotice' | 'photoNotice'> {
  return {
    id: report.id,
    status: 'received',
    createdAt: report.createdAt,
    ...(report.dueAt && { dueAt: report.dueAt }),
    trackUrl: trackUrl(jurisdiction, report.id, viewKey),
    ...(viewKey && { viewKey }),
  };
}
