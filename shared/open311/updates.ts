/**
 * FixMyStreet's service request updates: one entry per public status change or public note by staff, for
 * reports the public may see. The description is what staff wrote for the citizen, or the status in words.
 */
import type { Language } from '../config/jurisdiction';
import type { HistoryEvent, Report } from '../domain/report';
import type { Status } from '../domain/status-machine';
import { toW3c } from './dates';
import { updateStatus } from './status';

const WORDS: Record<Status, Record<Language, string>> = {
  received: { id: 'Laporan diterima', en: 'Report received' },
  verified: { id: 'Laporan diverifikasi dan diteruskan ke unit terkait', en: 'Report verified and assigned' },
  in_progress: { id: 'Sedang dikerjakan', en: 'Work in progress' },
  resolved: { id: 'Selesai ditangani', en: 'Resolved' },
  closed: { id: 'Laporan ditutup', en: 'Report closed' },
  rejected: { id: 'Laporan ditolak', en: 'Report rejected' },
  duplicate: { id: 'Laporan duplikat', en: 'Duplicate report' },
  referred: { id: 'Diteruskan ke instansi lain', en: 'Referred to another agency' },
};

export interface Open311Update {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description: string;
  media_url?: string;
  [key: string]: unknown;
}

/**
 * `completionPhotos`: a link to the officer's published "after" photo per report, shown with the update that
 * resolved it, so a FixMyStreet installation can show the work done.
 */
export function toOpen311Updates(events: HistoryEvent[], reports: Map<string, Report>, lang: Language, completionPhotos: Map<string, string> = new Map()): Open311Update[] {
  const out: Open311Update[] = [];
  for (const e of events) {
    const report = reports.get(e.reportId);
    // the report must still be public, and only staff text is published
    if (!report || report.confidential || e.visibility !== 'public' || e.actor.role === 'citizen') continue;
    const status = e.type === 'status' && e.to ? e.to : report.status;
    out.push({
      update_id: `${e.reportId}-${e.seq}`,
      service_request_id: e.reportId,
      status: updateStatus(status),
      updated_datetime: toW3c(e.at),
      description: e.note ?? WORDS[status][lang],
      ...(e.type === 'status' && status === 'resolved' && completionPhotos.has(e.reportId) && { media_url: completionPhotos.get(e.reportId) }),
    });
  }
  return out;
}
