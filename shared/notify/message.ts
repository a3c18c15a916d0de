/**
 * From a history event to the text of the citizen SMS. Pure: the event, the report it belongs to, the recipient's
 * language and the jurisdiction configuration in, a rendered one-segment message out.
 *
 * Only configured names and codes go in (see shared/domain/sms/templates.ts); the event's free text (`note`,
 * reasons) never does. Values the event carries (`data.unit`, `data.agency`, `data.duplicateOf`) win over the
 * report's current ones, so a message describes the change as it happened even when it is sent late.
 */
import { byCode, type Jurisdiction, type Localized } from '../config/jurisdiction';
import type { HistoryEvent, Report } from '../domain/report';
import { smsSegments, type SmsEncoding } from '../domain/sms/segments';
import { citizenSmsKind, renderCitizenSms, type CitizenSmsKind, type SmsLang } from '../domain/sms/templates';
import { isStatus } from '../domain/status-machine';
import { VIEW_KEY_QUERY } from '../privacy/view-key';

/** The citizen SMS an event calls for, if any: `created` (to received) and `status` changes with `notify`. */
export function smsKindFor(event: Pick<HistoryEvent, 'type' | 'from' | 'to' | 'notify'>): CitizenSmsKind | undefined {
  if (!event.notify || !isStatus(event.to)) return undefined;
  if (event.type === 'created') return citizenSmsKind(null, event.to);
  if (event.type === 'status' && isStatus(event.from)) return citizenSmsKind(event.from, event.to);
  return undefined;
}

/** The public tracking page of a report, as printed in every SMS. */
export function trackUrl(jurisdiction: Pick<Jurisdiction, 'publicBaseUrl'>, code: string, viewKey?: string): string {
  const page = `${jurisdiction.publicBaseUrl.replace(/\/+$/, '')}/r/${encodeURIComponent(code)}`;
  return viewKey ? `${page}?${VIEW_KEY_QUERY}=${encodeURIComponent(viewKey)}` : page;
}

export interface RenderedSms {
  kind: CitizenSmsKind;
  text: string;
  segments: number;
  encoding: SmsEncoding;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function nameOf(items: { code: string; name: Localized }[], code: string | undefined, lang: SmsLang): string | undefined {
  if (code === undefined) return undefined;
  const item = byCode(items, code);
  return item ? item.name[lang] : undefined;
}

/**
 * The SMS for one recipient of an event of `report`. Followers get the same text as the reporter (the original
 * report's code and page), in their own language.
 */
export function renderEventSms(
  kind: CitizenSmsKind,
  event: Pick<HistoryEvent, 'data'>,
  report: Pick<Report, 'id' | 'category' | 'district' | 'unit' | 'agency' | 'duplicateOf'>,
  language: string | undefined,
  jurisdiction: Jurisdiction,
  /** the view key of a confidential report, for the receipt SMS link: its reporter follows it with that link */
  viewKey?: string,
): RenderedSms {
  const lang: SmsLang = language === 'en' || language === 'id' ? language : jurisdiction.defaultLanguage;
  const data = event.data ?? {};
  const unit = str(data.unit) ?? report.unit;
  const agency = str(data.agency) ?? report.agency;
  const original = str(data.duplicateOf) ?? report.duplicateOf;
  const text = renderCitizenSms(kind, lang, {
    code: report.id,
    trackUrl: trackUrl(jurisdiction, report.id, viewKey),
    serviceName: jurisdiction.serviceName,
    categoryName: nameOf(jurisdiction.categories, report.category, lang),
    districtName: nameOf(jurisdiction.districts, report.district, lang),
    unitName: nameOf(jurisdiction.units, unit, lang),
    // an agency missing from configuration is left out rather than shown as a raw code
    agencyName: nameOf(jurisdiction.agencies, agency, lang),
    ...(kind === 'duplicate' && original !== undefined && { originalCode: original }),
    ...(kind === 'duplicate' && str(data.originalStatus) && { originalStatus: str(data.originalStatus) }),
  });
  const size = smsSegments(text);
  return { kind, text, segments: size.segments, encoding: size.encoding };
}
