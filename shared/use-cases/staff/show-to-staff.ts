/**
 * The staff view of a report. Showing a reporter's contact details is a personal-data access: it is recorded
 * (who, when, which report) before the details leave, so an audit never misses one.
 */
import type { DynamoReportRepository } from '../../adapters/dynamodb/report-repository';
import type { StaffIdentity } from '../../auth/staff-identity';
import type { DeliveryRecord } from '../../adapters/dynamodb/delivery-items';
import type { HistoryEvent, Report } from '../../domain/report';
import { showsContact, toStaffView } from '../../domain/staff-view';
import { photoViews, type UrlSigner } from '../../photos/views';

export interface ShowToStaffDeps {
  repository: DynamoReportRepository;
  now: () => Date;
  signer: UrlSigner;
}

export async function showToStaff(
  found: { report: Report; events: HistoryEvent[]; deliveries?: DeliveryRecord[] },
  who: StaffIdentity,
  deps: ShowToStaffDeps,
  /** the caller asked for the contact (`?reveal=contact`); triage and admin see it anyway */
  revealContact = false,
) {
  const now = deps.now();
  const shows = showsContact(found.report, who.role, revealContact);
  if (shows) await deps.repository.recordContactRead({ reportId: found.report.id, sub: who.sub, role: who.role, at: now.toISOString() });
  // the contact lives apart from the report: read only when this view shows it (after the audit record)
  const report = shows ? await deps.repository.withContact(found.report) : found.report;
  return toStaffView(report, found.events, who, now, {
    ...(found.deliveries && { deliveries: found.deliveries }),
    photos: await photoViews(found.report, deps.signer),
    revealContact,
  });
}
