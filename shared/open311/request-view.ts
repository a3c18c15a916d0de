/**
 * A report as an Open311 service request. It obeys the moderation rules of the native public view, from
 * which it is built: what the citizen wrote (description, address, exact location, photos) only once the
 * report is verified, confidential reports never (callers refuse them before), and never a name, number
 * or e-mail. The `media_url` a client sent is a staff-only link; the public one is our own published photo.
 */
import { byCode, jurisdiction, type Language } from '../config/jurisdiction';
import { isPublished, toPublicView, type HistoryEvent, type Report } from '../domain/report';
import { photoViews, type UrlSigner } from '../photos/views';
import { toW3c } from './dates';
import { open311Status, serviceNotice, statusNotes } from './status';

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes?: string;
  service_name: string;
  service_code: string;
  description?: string;
  agency_responsible?: string;
  service_notice?: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime?: string;
  address?: string;
  lat?: number;
  long?: number;
  media_url?: string;
  [key: string]: unknown;
}

/** The first published photo, the citizen's before the officer's, as a short-lived link. */
async function publicMediaUrl(report: Report, signer: UrlSigner | undefined): Promise<string | undefined> {
  const visible = (report.photos ?? []).filter((p) => !p.pendingReview);
  if (!signer || !isPublished(report) || visible.length === 0) return undefined;
  const [first] = await photoViews(report, signer, { publicOnly: true, kinds: visible.some((p) => p.kind === 'report') ? ['report'] : ['completion'] });
  return first?.url;
}

export async function toOpen311Request(report: Report, events: HistoryEvent[], lang: Language, signer?: UrlSigner): Promise<Open311Request> {
  const view = toPublicView(report, events);
  const category = byCode(jurisdiction.categories, report.category);
  const unit = report.unit ? byCode(jurisdiction.units, report.unit) : undefined;
  return {
    service_request_id: view.id,
    status: open311Status(view.status),
    status_notes: statusNotes(report, events, lang),
    service_name: category?.name[lang] ?? report.category,
    service_code: view.category,
    description: view.description,
    agency_responsible: unit?.name[lang],
    service_notice: serviceNotice(report, lang),
    requested_datetime: toW3c(view.createdAt),
    updated_datetime: toW3c(view.updatedAt),
    // the deadline of the next step, while there is one
    expected_datetime: open311Status(view.status) === 'open' && view.dueAt ? toW3c(view.dueAt) : undefined,
    address: view.address,
    lat: view.location?.lat,
    long: view.location?.lon,
    media_url: await publicMediaUrl(report, signer),
  };
}
