/**
 * How the report lifecycle reads in Open311: the two spec statuses, the closing explanation
 * (`status_notes`), the expected next step (`service_notice`), and the finer statuses of FixMyStreet's
 * updates extension, which its client maps onto its own states.
 */
import { byCode, jurisdiction, type Language } from '../config/jurisdiction';
import type { HistoryEvent, Report } from '../domain/report';
import { isOpen, OPEN_STATUSES, STATUSES, type Status } from '../domain/status-machine';
import { toW3c } from './dates';

export type Open311Status = 'open' | 'closed';

export const open311Status = (status: Status): Open311Status => (isOpen(status) ? 'open' : 'closed');

/** The statuses behind `status=open` or `status=closed`. */
export function statusesOf(wanted: Open311Status): Status[] {
  return wanted === 'open' ? [...OPEN_STATUSES] : STATUSES.filter((s) => !isOpen(s));
}

/**
 * FixMyStreet reads these (lower-cased, `_` as space) as its own states: `fixed` → fixed, `not_councils_responsibility`
 * → not responsible, `no_further_action` → unable to fix; `open` and `closed` are the plain spec ones.
 */
const UPDATE_STATUS: Record<Status, string> = {
  received: 'open',
  verified: 'investigating',
  in_progress: 'in_progress',
  resolved: 'fixed',
  closed: 'closed',
  rejected: 'no_further_action',
  duplicate: 'duplicate',
  referred: 'not_councils_responsibility',
};
export const updateStatus = (status: Status) => UPDATE_STATUS[status];

const nameOf = (items: { code: string; name: Record<Language, string> }[], code: string | undefined, lang: Language) =>
  code === undefined ? undefined : (byCode(items, code)?.name[lang] ?? code);

/** The public note of the event that moved the report into its current status, if staff wrote one. */
export function lastPublicNote(report: Report, events: HistoryEvent[]): string | undefined {
  const last = events.filter((e) => e.type === 'status' && e.to === report.status).at(-1);
  return last && last.visibility === 'public' && last.actor.role !== 'citizen' && last.note ? last.note : undefined;
}

/** Why a closed report is closed, in the reader's language, with the public note staff gave. */
export function statusNotes(report: Report, events: HistoryEvent[], lang: Language): string | undefined {
  const note = lastPublicNote(report, events);
  const en = lang === 'en';
  let why: string | undefined;
  switch (report.status) {
    case 'resolved':
      why = en ? 'Resolved' : 'Selesai ditangani';
      break;
    case 'closed':
      why = en ? 'Closed' : 'Ditutup';
      break;
    case 'rejected':
      why = en ? 'Rejected' : 'Ditolak';
      break;
    case 'duplicate':
      why = report.duplicateOf ? (en ? `Duplicate of ${report.duplicateOf}` : `Duplikat dari ${report.duplicateOf}`) : en ? 'Duplicate' : 'Duplikat';
      break;
    case 'referred': {
      const agency = nameOf(jurisdiction.agencies, report.agency, lang);
      why = agency ? (en ? `Referred to ${agency}` : `Diteruskan ke ${agency}`) : en ? 'Referred to another agency' : 'Diteruskan ke instansi lain';
      break;
    }
    default:
      return note;
  }
  return note ? `${why}: ${note}` : why;
}

/** What happens next and by when (the stage deadline in working time), for open reports. */
export function serviceNotice(report: Report, lang: Language): string | undefined {
  if (!isOpen(report.status)) return undefined;
  const by = report.dueAt ? toW3c(report.dueAt).slice(0, 16).replace('T', ' ') : undefined;
  const en = lang === 'en';
  const unit = nameOf(jurisdiction.units, report.unit, lang) ?? (en ? 'the responsible unit' : 'unit terkait');
  switch (report.status) {
    case 'received':
      return en ? `Received; to be verified${by ? ` by ${by}` : ''}` : `Diterima; diverifikasi${by ? ` paling lambat ${by}` : ''}`;
    case 'verified':
      return en ? `Verified and assigned to ${unit}; work to start${by ? ` by ${by}` : ''}` : `Terverifikasi, ditangani ${unit}; pekerjaan dimulai${by ? ` paling lambat ${by}` : ''}`;
    default:
      return en ? `In progress at ${unit}${by ? `; to be finished by ${by}` : ''}` : `Sedang dikerjakan ${unit}${by ? `; selesai paling lambat ${by}` : ''}`;
  }
}
