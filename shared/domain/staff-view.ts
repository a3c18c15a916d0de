/**
 * What staff see of a report: everything, including the original (unredacted) description and the whole
 * history with internal notes; the reporter's contact unless the reporter chose to be anonymous.
 */
import { holdsContact } from './contact';
import * as z from 'zod';
import { photoViewSchema, type PhotoView } from '../photos/views';
import { allowedMoves, type Actor } from './status-machine';
import type { HistoryEvent, Report } from './report';

export const staffReportSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: z.string(),
    category: z.string(),
    district: z.string(),
    unit: z.string().optional(),
    priority: z.string(),
    description: z.string(),
    publicDescription: z.string(),
    location: z.object({ lat: z.number(), lon: z.number() }).optional(),
    address: z.string().optional(),
    confidential: z.boolean(),
    reporter: z.object({
      anonymous: z.boolean(),
      phone: z.string().optional(),
      name: z.string().optional(),
      email: z.string().optional(),
      language: z.string(),
      contactHidden: z.boolean().optional().meta({ description: 'Contact exists but is shown only on request: GET with ?reveal=contact (audited)' }),
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    dueAt: z.iso.datetime().optional(),
    verifiedAt: z.iso.datetime().optional(),
    resolvedAt: z.iso.datetime().optional(),
    closedAt: z.iso.datetime().optional(),
    expectedAt: z.iso.datetime().optional(),
    autoCloseAt: z.iso.datetime().optional().meta({ description: 'A resolved report closes by itself then, unless reopened' }),
    duplicateOf: z.string().optional(),
    agency: z.string().optional(),
    followers: z.array(z.string()).optional().meta({ description: 'Reports marked as duplicates of this one; their reporters get its SMS' }),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    allowedMoves: z.array(z.string()),
    photos: z.array(photoViewSchema),
    suggestedLocation: z.object({ lat: z.number(), lon: z.number(), source: z.string(), photoId: z.string() }).optional(),
    history: z.array(z.record(z.string(), z.unknown())),
    smsDeliveries: z.array(z.record(z.string(), z.unknown())).meta({ description: 'Each SMS attempt: sent, skipped (opted out, daily cap) or failed; never the number' }),
    districtSource: z.enum(['location', 'citizen']).optional().meta({ description: 'Whether the location (boundary lookup) or the citizen decided the kecamatan' }),
    citizenDistrict: z.string().optional().meta({ description: 'The kecamatan the citizen chose, when the location says otherwise' }),
    followerCount: z.number().int().optional().meta({ description: 'Numbers following the report by phone' }),
    likelyDuplicates: z
      .array(z.object({ id: z.string(), status: z.string(), district: z.string(), createdAt: z.string(), distanceMeters: z.number(), followerCount: z.number(), description: z.string() }))
      .optional()
      .meta({ description: 'A report waiting for triage: open reports of the same category close by and recent (GET only)' }),
    citizenFeedback: z
      .object({ answer: z.enum(['confirmed', 'rejected']), at: z.iso.datetime(), by: z.enum(['reporter', 'follower']), channel: z.literal('sms'), resolvedAt: z.iso.datetime().optional() })
      .optional()
      .meta({ description: "The citizen's last answer to the resolution SMS: YA (confirmed) or TIDAK (rejected)" }),
    citizenReopenings: z.number().int().optional().meta({ description: 'How many times citizens reopened the report by SMS' }),
  })
  .catchall(z.unknown())
  .meta({ id: 'StaffReport' });

export type StaffReport = z.infer<typeof staffReportSchema>;

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
  const { reporter: { contactHeld: _held, ...reporter }, eventCount: _eventCount, photos: _photos, viewKeyHash: _viewKeyHash, ...rest } = report;
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
    allowedMoves: allowedMoves(report.status, actor, { unit: report.unit, district: report.district, code: report.id }),
    photos: extra.photos ?? [],
    // the sealed view key is for the receipt SMS alone
    history: events.map(({ reportId: _r, ...e }) => (e.data?.viewKeySealed === undefined ? e : { ...e, data: withoutSealedKey(e.data) })),
    smsDeliveries: (extra.deliveries ?? []) as Record<string, unknown>[],
  };
}

export const staffListItemSchema = z
  .object({
    id: z.string(),
    status: z.string(),
    category: z.string(),
    district: z.string(),
    unit: z.string().optional(),
    priority: z.string(),
    createdAt: z.iso.datetime(),
    dueAt: z.iso.datetime().optional(),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    followerCount: z.number().int().meta({ description: 'Numbers following the report by phone' }),
  })
  .meta({ id: 'StaffReportListItem' });

/** Queue rows carry no contact details, so listing is not a contact read. */
export function toStaffListItem(report: Report, now: Date): z.infer<typeof staffListItemSchema> {
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
