/**
 * The arguments every Open311 path shares (jurisdiction_id) and those of the request and update lists:
 * W3C dates with a time zone, by default the last 90 days, at most 1,000 entries.
 */
import { jurisdiction } from '../config/jurisdiction';
import type { ReportStatus } from '../domain/report';
import { parseTrackingCode } from '../domain/tracking-code';
import { fieldError, notFound } from './errors';
import { parseW3c, toW3c } from './dates';
import { localInstant } from '../domain/local-time';
import { isService } from './services';
import { statusesOf, type Open311Status } from './status';

export const DEFAULT_DAYS = 90;
export const MAX_RESULTS = 1000;
export const MAX_IDS = 100;
const DAY = 86_400_000;

type Params = Record<string, string | undefined>;

/** `jurisdiction_id`, if given and not empty, must be this jurisdiction's code. */
export function checkJurisdiction(value: string | undefined): void {
  const given = value?.trim();
  if (given && given !== jurisdiction.code)
    throw notFound({ id: `jurisdiction_id: yurisdiksi ${given} tidak dilayani di sini (${jurisdiction.code})`, en: `jurisdiction_id: jurisdiction ${given} is not served here (${jurisdiction.code})` });
}

function date(params: Params, field: string): Date | undefined {
  const raw = params[field];
  if (raw === undefined || raw.trim() === '') return undefined;
  const at = parseW3c(raw);
  if (!at) {
    // the example in the jurisdiction's own offset, as its people write their local time
    const local = toW3c(localInstant('2026-11-01', jurisdiction.timeZone).toISOString());
    throw fieldError(field, {
      id: `bukan tanggal W3C dengan zona waktu, misalnya ${local} atau 2026-11-01T00:00:00Z`,
      en: `not a W3C date-time with a time zone, e.g. ${local} or 2026-11-01T00:00:00Z`,
    });
  }
  return at;
}

/** The time range asked for: both ends included; a missing end is now (or 90 days after the start), a missing start 90 days before the end. */
export function dateRange(params: Params, now: Date): { from: string; to: string } {
  const start = date(params, 'start_date');
  const end = date(params, 'end_date');
  const to = end ?? (start ? new Date(start.getTime() + DEFAULT_DAYS * DAY) : now);
  const from = start ?? new Date(to.getTime() - DEFAULT_DAYS * DAY);
  if (from > to)
    throw fieldError('start_date', { id: 'harus sebelum end_date', en: 'must be before end_date' });
  return { from: from.toISOString(), to: to.toISOString() };
}

export type RequestsQuery =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'filter'; category?: string; statuses?: ReportStatus[]; from: string; to: string; limit: number };

/** `service_request_id` overrides every other argument; otherwise service_code, status and dates filter. */
export function requestsQuery(params: Params, now: Date): RequestsQuery {
  const idList = params.service_request_id?.trim();
  if (idList) {
    const raw = idList.split(',').map((s) => s.trim()).filter(Boolean);
    if (raw.length > MAX_IDS)
      throw fieldError('service_request_id', { id: `paling banyak ${MAX_IDS} kode`, en: `at most ${MAX_IDS} codes` });
    const ids = [...new Set(raw.map((r) => parseTrackingCode(r)).filter((c): c is string => c !== undefined))];
    return { kind: 'ids', ids };
  }
  const category = params.service_code?.trim() || undefined;
  if (category && !isService(category)) throw unknownService(category);
  const statuses = statusFilter(params.status);
  return { kind: 'filter', ...(category && { category }), ...(statuses && { statuses }), ...dateRange(params, now), limit: MAX_RESULTS };
}

function statusFilter(raw: string | undefined): ReportStatus[] | undefined {
  const wanted = (raw ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (wanted.length === 0) return undefined;
  const bad = wanted.find((w) => w !== 'open' && w !== 'closed');
  if (bad !== undefined) throw fieldError('status', { id: `${bad}: gunakan open, closed atau keduanya`, en: `${bad}: use open, closed or both` });
  const set = new Set(wanted as Open311Status[]);
  return set.size === 2 ? undefined : statusesOf([...set][0]!);
}

export const unknownService = (code: string) =>
  notFound({ id: `service_code: layanan ${code} tidak dikenal (lihat services.json)`, en: `service_code: unknown service ${code} (see services.json)` });

export const unknownRequest = (id: string) =>
  notFound({ id: `service_request_id: laporan ${id} tidak ditemukan`, en: `service_request_id: no request ${id}` });

