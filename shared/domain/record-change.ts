/**
 * Recording a change to a report, the one way every writer does it: the history grows by the change's events,
 * numbered on from the last one; the report's `eventCount` follows; `updatedAt` is the change's time; and the
 * version (the staff ETag) moves on by one. The events are the outbox the notifier reads, and their sequence
 * numbers are what two writers of the same history collide on (each event is put only where none exists), so
 * numbering them in one place keeps every writer in step.
 *
 * A note or a photo adds to the history without changing the report's state: `{ version: 'keep' }` leaves the
 * version alone, so an official's move is never refused as stale because someone commented meanwhile.
 */
import type { HistoryEvent, Report } from './report';

/** An event as its writer decides it; the report, the time and the sequence number come from the change. */
export type EventDraft = Omit<HistoryEvent, 'reportId' | 'seq' | 'at'>;

export interface ChangeOptions {
  /** `next` (default): the report's state changed; `keep`: only its history grew (a note, a photo) */
  version?: 'next' | 'keep';
}

/** Only what a change counts from: the report as read, with or without the change already applied to it. */
type Counted = Pick<Report, 'id' | 'version' | 'eventCount' | 'updatedAt'>;

/** The version a change of the report's state writes: one on from the version it was read at. */
export const nextVersion = (report: Pick<Report, 'version'>): number => report.version + 1;

/**
 * The report half of a change that adds `added` events: what `recordChanges` writes, for a caller that numbers
 * nothing itself but hands the report to code that writes the events (the status move's `applyMove`).
 */
export function advanceReport<R extends Counted>(report: R, added: number, at: string, options: ChangeOptions = {}): R {
  return {
    ...report,
    ...(options.version !== 'keep' && { version: nextVersion(report) }),
    eventCount: report.eventCount + added,
    updatedAt: at,
  };
}

/**
 * `report` carries the change already (status, fields, deadlines) with the version and event count it was read
 * at; the answer is the report to write and its events, numbered `eventCount + 1`, `+ 2`, … in the given order.
 */
export function recordChanges<R extends Counted>(
  report: R,
  drafts: readonly EventDraft[],
  at: string,
  options: ChangeOptions = {},
): { report: R; events: HistoryEvent[] } {
  const events = drafts.map((draft, i): HistoryEvent => {
    // a whole event passed as a draft must not carry its own report, number or time over the change's
    const { type, reportId: _reportId, seq: _seq, at: _at, ...rest } = draft as EventDraft & Partial<Pick<HistoryEvent, 'reportId' | 'seq' | 'at'>>;
    return { reportId: report.id, seq: report.eventCount + i + 1, type, at, ...rest };
  });
  return { report: advanceReport(report, events.length, at, options), events };
}

/** A change with one history event, the usual case. */
export function recordChange<R extends Counted>(report: R, draft: EventDraft, at: string, options: ChangeOptions = {}): { report: R; event: HistoryEvent } {
  const { report: next, events } = recordChanges(report, [draft], at, options);
  return { report: next, event: events[0]! };
}
