/**
 * What staff see of a report: everything, including the original (unredacted) description and the whole
 * history with internal notes; the reporter's contact unless the reporter chose to be anonymous.
 */
import { holdsContact } from './contact';
import type { PhotoView, StaffListItem, StaffReport } from './view-schemas';
import { allowedMoves, closesOnlyByDesk, isDesk, type Actor } from './status-machine';
import type { HistoryEvent, Report } from './report';


export type { StaffReport };

/** Escalation moves dueAt to the next rung's deadline; an escalated report is still late. */
export const isOverdue = (report: Report, now: Date) =>
  report.overdueSince !== undefined || (report.dueAt !== undefined && Date.parse(report.dueAt) < now.getTime());

/** True when the report has contact details staff may see (not anonymous, not purged). */
export const hasContact = (report: Report) => !report.reporter.anonymous && holdsContact(report.reporter);

/** Triage and admin work with the reporter; other staff see the contact only through an explicit, audited reveal. */
export const seesContactByDefault = (role: string) => role === 'triage' || role === 'admin';

/** True when the view carries contact details, so reading it must be audited. */
export const showsContact = (report: Report, role = 'triage', reveal = false) => hasContact(report) && (reveal || seesContactByDefault(role));

function withoutSealedKey({ viewKeySealed: _sealed, ...data }: Record<string, unknown>): Record<string, unknown> {
  return data;
}

export function toStaffView(
  report: Report,
  events: HistoryEvent[],
  actor: Actor,
  now: Date,
  extra: { deliveries?: readonly object[]; photos?: PhotoView[]; revealContact?: boolean } = {},
): StaffReport {
  const { reporter: { contactHeld: _held, ...reporter }, eventCount: _eventCount, photos: _photos, viewKeyHash: _viewKeyHash, viewKeySealed: _viewKeySealed, ...rest } = report;
  const hidden = hasContact(report) && !showsContact(report, actor.role, extra.revealContact ?? false);
  return {
    ...rest,
    reporter: reporter.anonymous
      ? { anonymous: true, language: reporter.language }
      : hidden
        ? { anonymous: false, contactHidden: true, language: reporter.language }
        : {
            anonymous: false,
            ...(reporter.phone && { phone: reporter.phone }),
            ...(reporter.name && { name: reporter.name }),
            ...(reporter.email && { email: reporter.email }),
            language: reporter.language,
          },
    overdue: isOverdue(report, now),
    // what this reader may do now: a close within the citizen's objection period is the desk's alone
    allowedMoves: allowedMoves(report.status, actor, { unit: report.unit, district: report.district, code: report.id }).filter(
      (to) => to !== 'closed' || isDesk(actor.role) || !closesOnlyByDesk(report, now),
    ),
    photos: extra.photos ?? [],
    // the sealed view key is for the receipt SMS alone
    history: events.map(({ reportId: _r, ...e }) => (e.data?.viewKeySealed === undefined ? e : { ...e, data: withoutSealedKey(e.data) })),
    smsDeliveries: (extra.deliveries ?? []) as Record<string, unknown>[],
  };
}


/** Queue rows carry no contact details, so listing is not a contact read. */
export function toStaffListItem(report: Report, now: Date): StaffListItem {
  return {
    id: report.id,
    status: report.status,
    category: report.category,
    district: report.district,
    ...(report.unit && { unit: report.unit }),
    priority: report.priority,
    createdAt: report.createdAt,
    ...(report.dueAt && { dueAt: report.dueAt }),
    overdue: isOverdue(report, now),
    escalationLevel: report.escalationLevel,
    followerCount: report.followerCount ?? 0,
  };
}
