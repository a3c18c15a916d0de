/** Response bodies that are more than a domain view: what the submitter alone gets back. */
import { jurisdiction } from '../config/jurisdiction';
import type { Report } from '../domain/report';
import type { CreatedReport } from '../domain/view-schemas';
import { trackUrl } from '../notify/message';


export function toCreatedView(
  report: Report,
  viewKey?: string,
): Omit<CreatedReport, 'uploadToken' | 'uploadTokenExpiresAt' | 'privacyNotice' | 'photoNotice'> {
  return {
    id: report.id,
    status: 'received',
    createdAt: report.createdAt,
    ...(report.dueAt && { dueAt: report.dueAt }),
    trackUrl: trackUrl(jurisdiction, report.id, viewKey),
    ...(viewKey && { viewKey }),
  };
}
