/**
 * What staff see of a report: everything, including the original (unredacted) description and the whole
 * history with internal notes; the reporter's contact unless the reporter chose to be anonymous.
 */
import { holdsContact } from './contact';
import * as z from 'zod/mini';
import { photoViewSchema, type PhotoView } from '../photos/views';
import { allowedMoves, type Actor } from './status-machine';
import { meta } from './schema-meta';
import type { HistoryEvent, Report } from './report';

export const staffReportSchema = meta(
  z.catchall(
    z.object({
      id: z.string(),
      version: z.number().check(z.int()),
      status: z.string(),
      category: z.string(),
      district: z.string(),
      unit: z.optional(z.string()),
      priority: z.string(),
      description: z.string(),
      publicDescription: z.string(),
      location: z.optional(z.object({ lat: z.number(), lon: z.number() })),
      address: z.optional(z.string()),
      confidential: z.boolean(),
      reporter: z.object({
        anonymous: z.boolean(),
        phone: z.optional(z.string()),
        name: z.optional(z.string()),
        email: z.optional(z.string()),
        language: z.string(),
        contactHidden: meta(z.optional(z.boolean()), { description: 'Contact exists but is shown only on request: GET with ?reveal=contact (audited)' }),
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    dueAt: z.optional(z.iso.datetime()),
    verifiedAt: z.optional(z.iso.datetime()),
    resolvedAt: z.optional(z.iso.datetime()),
    closedAt: z.optional(z.iso.datetime()),
    expectedAt: z.optional(z.iso.datetime()),
    autoCloseAt: meta(z.optional(z.iso.datetime()), { description: 'A resolved report closes by itself then, unless reopened' }),
    duplicateOf: z.optional(z.string()),
    agency: z.optional(z.string()),
    followers: meta(z.optional(z.array(z.string())), { description: 'Reports marked as duplicates of this one; their reporters get its SMS' }),
    overdue: z.boolean(),
    escalationLevel: z.number().check(z.int()),
    allowedMoves: z.array(z.string()),
    photos: z.array(photoViewSchema),
    suggestedLocation: z.optional(z.object({ lat: z.number(), lon: z.number(), source: z.string(), photoId: z.string() })),
    history: z.array(z.record(z.string(), z.unknown())),
    smsDeliveries: meta(z.array(z.record(z.string(), z.unknown())), { description: 'Each SMS attempt: sent, skipped (opted out, daily cap) or failed; never the number' }),
    districtSource: meta(z.optional(z.enum(['location', 'citizen'])), { description: 'Whether the location (boundary lookup) or the citizen decided the kecamatan' }),
    citizenDistrict: meta(z.optional(z.string()), { description: 'The kecamatan the citizen chose, when the location says otherwise' }),
    followerCount: meta(z.optional(z.number().check(z.int())), { description: 'Numbers following the report by phone' }),
    likelyDuplicates: meta(
      z.optional(
        z.array(
          z.object({
            id: z.string(),
            status: z.string(),
            district: z.string(),
            createdAt: z.string(),
            distanceMeters: z.number(),
            followerCount: z.number(),
            description: z.string(),
          }),
        ),
      ),
      { description: 'A report waiting for triage: open reports of the same category close by and recent (GET only)' },
    ),
    citizenFeedback: meta(
      z.optional(
        z.object({
          answer: z.enum(['confirmed', 'rejected']),
          at: z.iso.datetime(),
          by: z.enum(['reporter', 'follower']),
          channel: z.literal('sms'),
          resolvedAt: z.optional(z.iso.datetime()),
        }),
      ),
      { description: "The citizen's last answer to the resolution SMS: YA (confirmed) or TIDAK (rejected)" },
    ),
    citizenReopenings: meta(z.optional(z.number().check(z.int())), { description: 'How many times citizens reopened the report by SMS' }),
    }),
    z.unknown(),
  ),
  { id: 'StaffReport' },
);

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

export const staffListItemSchema = meta(
  z.object({
    id: z.string(),
    status: z.string(),
    category: z.string(),
    district: z.string(),
    unit: z.optional(z.string()),
    priority: z.string(),
    createdAt: z.iso.datetime(),
    dueAt: z.optional(z.iso.datetime()),
    overdue: z.boolean(),
    escalationLevel: z.number().check(z.int()),
    followerCount: meta(z.number().check(z.int()), { description: 'Numbers following the report by phone' }),
  }),
  { id: 'StaffReportListItem' },
);

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
