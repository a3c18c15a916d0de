/**
 * The report: its stored shape, its history events and the public view. The creation request is in
 * ./report-request.ts (so functions that only read reports do not bundle phone-number metadata), the fields' schemas
 * in ./report-fields.ts.
 */
import type { Language } from '../config/jurisdiction';
import type { PhotoEntry, SuggestedLocation } from '../photos/photo';
import { photoRefusals } from '../photos/notices';
import type { PublicListItem, PublicReport } from './view-schemas';
import type { Priority } from './sla-policy';

export type { Priority };
export type { Status as ReportStatus } from './status-machine';
import type { Status as ReportStatus } from './status-machine';

export interface Reporter {
  /** E.164; never leaves the staff API; removed (with the name) once the retention period has passed */
  phone?: string;
  name?: string;
  /** from Open311 clients; contact data like the phone: staff-only, audited when read, removed with it */
  email?: string;
  showName: boolean;
  anonymous: boolean;
  language: Language;
  /**
   * the number, name or e-mail exist but were not read with the report: they live in its contact item (pk
   * `CONTACT#<code>`), never in the report item or any index
   */
  contactHeld?: boolean;
}

export interface Report {
  id: string;
  version: number;
  status: ReportStatus;
  category: string;
  district: string;
  /** how the kecamatan was decided: from the location (boundary lookup) or the citizen's choice */
  districtSource?: 'location' | 'citizen';
  /** the kecamatan the citizen picked when the location says otherwise; staff only */
  citizenDistrict?: string;
  priority: Priority;
  description: string;
  /** the text the public sees once verified; triage may redact it first */
  publicDescription: string;
  location?: { lat: number; lon: number };
  address?: string;
  reporter: Reporter;
  confidential: boolean;
  /** hash of the view key that lets the reporter of a confidential report follow it (shared/privacy/view-key.ts) */
  viewKeyHash?: string;
  /**
   * The view key itself, sealed (shared/privacy/view-key.ts), for the notifier alone: every SMS to the reporter links
   * to a page that opens only with it. No view shows it.
   */
  viewKeySealed?: string;
  unit?: string;
  createdAt: string;
  updatedAt: string;
  dueAt?: string;
  verifiedAt?: string;
  resolvedAt?: string;
  closedAt?: string;
  expectedAt?: string;
  escalationLevel: number;
  /** the first stage deadline the report missed (set by escalation; how late it is counts from here) */
  overdueSince?: string;
  duplicateOf?: string;
  agency?: string;
  /** codes of reports marked as duplicates of this one: their reporters follow this report's updates */
  followers?: string[];
  /** numbers following this report by phone (their items are `F#…` in its partition), kept with them in one transaction */
  followerCount?: number;
  /** processed photos (keys of the renditions; URLs are signed per view) */
  photos?: PhotoEntry[];
  /** from a photo's GPS when the report came without a location; staff only */
  suggestedLocation?: SuggestedLocation;
  /** when the reporter's contact details are removed (a finished report, after the retention period) */
  purgeAt?: string;
  contactRemovedAt?: string;
  /** when a resolved report closes by itself unless reopened */
  autoCloseAt?: string;
  /** number of history events; the next event's sequence number is eventCount + 1 */
  eventCount: number;
  /** the client that relayed the report, when it did not come through the native API; staff only */
  source?: ReportSource;
  /** links a client sent along (Open311 `media_url`): shown to staff as links, never fetched by the server */
  mediaUrls?: string[];
  /** the citizen's last answer to "is it fixed?" (YA or TIDAK by text message); staff see it */
  citizenFeedback?: CitizenFeedback;
  /** how many times citizens reopened this report by answering TIDAK */
  citizenReopenings?: number;
}

export interface ReportSource {
  channel: 'open311';
  /** the API key's id and client name */
  clientId: string;
  clientName: string;
  deviceId?: string;
  accountId?: string;
  addressId?: string;
}

export interface CitizenFeedback {
  answer: 'confirmed' | 'rejected';
  at: string;
  /** whose number answered: the reporter's, or a follower's */
  by: 'reporter' | 'follower';
  channel: 'sms';
  /** the resolution the answer is about */
  resolvedAt?: string;
}

/**
 * `feedback`: a citizen answered the resolution question (data.answer `confirmed` or `rejected`), written beside
 * the status change it causes, so a stream aggregator can count answers without reading reports.
 */
export type EventType = 'created' | 'status' | 'note' | 'edit' | 'escalated' | 'photo' | 'feedback';

export interface HistoryEvent {
  reportId: string;
  seq: number;
  type: EventType;
  at: string;
  actor: { role: string; id?: string };
  from?: ReportStatus;
  to?: ReportStatus;
  note?: string;
  visibility: 'public' | 'internal';
  /** the event is an outbox entry: the notifier sends the citizen an SMS for it */
  notify: boolean;
  data?: Record<string, unknown>;
}

const PUBLISHED: ReadonlySet<ReportStatus> = new Set(['verified', 'in_progress', 'resolved', 'closed']);

/** Verified once: its description, address, location and photos are public (unless confidential). */
export const isPublished = (report: Report) => PUBLISHED.has(report.status) || report.verifiedAt !== undefined;

export type { PublicReport };

const byCitizen = (e: HistoryEvent) => e.actor.role === 'citizen';

/**
 * What anyone may see. Never the phone number; the name only when the reporter asked for it, and like everything
 * else the citizen typed, only once the report is verified (triage has not read it before). Notes officials made
 * public, on a note or on a move (a rejection's reason), are there for the citizen who follows the code; a note a
 * citizen wrote (the words of an SMS answer) never is, whatever its event says.
 */
export function toPublicView(report: Report, events: HistoryEvent[] = []): PublicReport {
  const published = isPublished(report);
  const refused = photoRefusals(events);
  const showName = published && report.reporter.showName && !report.reporter.anonymous && report.reporter.name !== undefined;
  return {
    id: report.id,
    status: report.status,
    category: report.category,
    district: report.district,
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    ...(report.dueAt && { dueAt: report.dueAt }),
    ...(report.expectedAt && { expectedAt: report.expectedAt }),
    ...(published && {
      description: report.publicDescription,
      ...(report.address && { address: report.address }),
      ...(report.location && { location: report.location }),
    }),
    ...(showName && { reporterName: report.reporter.name }),
    escalated: report.escalationLevel > 0 || events.some((e) => e.type === 'escalated'),
    ...(refused.length > 0 && { photoRefusals: refused }),
    followerCount: (report.followerCount ?? 0) + new Set(report.followers ?? []).size,
    history: events
      .filter((e) => e.visibility === 'public' && (e.type === 'created' || e.type === 'status' || (e.type === 'note' && !byCitizen(e)) || e.type === 'escalated'))
      .map((e) => ({
        at: e.at,
        type: e.type,
        ...(e.from && { from: e.from }),
        ...(e.to && { to: e.to }),
        ...((e.type === 'note' || e.type === 'status') && e.note && !byCitizen(e) && { note: e.note }),
      })),
  };
}

export function toPublicListItem(report: Report): PublicListItem {
  const { history: _history, escalated: _escalated, photoRefusals: _refusals, expectedAt: _e, dueAt: _d, address: _a, reporterName: _r, ...item } = toPublicView(report);
  return item;
}
