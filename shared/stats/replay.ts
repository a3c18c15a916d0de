/**
 * The rebuild's side of change.ts: the states a report went through, replayed from its history events, so the
 * aggregates can be recounted from the reports alone (a repair, or a figure added later).
 *
 * Each history event is one step. A write that carried several events (an edit of two fields) is several steps
 * here and one change on the stream; the figures add up the same, because only status changes and escalations
 * count and the gauge moves of the steps telescope into the move of the whole write.
 *
 * The dimensions a report started with are its current ones with its edits undone: an `edit` event records the
 * field, its old value (`from`) and its new one (`to`).
 */
import type { HistoryEvent, Report } from '../domain/report';
import { isOpen, isStatus } from '../domain/status-machine';
import { citizenAnswerOf, type CitizenAnswer } from './citizen-answers';
import type { StatsState } from './change';

export interface ReplayedChange {
  /** the sequence number of the event that made the change (the stream's marker key for that write) */
  seq: number;
  before: StatsState | undefined;
  after: StatsState;
  at: string;
}

export interface ReplayedAnswer {
  seq: number;
  answer: CitizenAnswer;
  at: string;
}

const DIM_FIELDS = ['category', 'unit', 'district'] as const;
type DimField = (typeof DIM_FIELDS)[number];
const isDimField = (v: unknown): v is DimField => typeof v === 'string' && (DIM_FIELDS as readonly string[]).includes(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The dimensions before any edit: for each field, the value its first setting event found. */
function initialDims(report: Report, events: HistoryEvent[]): Pick<StatsState, 'district' | 'category' | 'unit'> {
  const dims: Record<DimField, string | undefined> = { category: report.category, district: report.district, unit: report.unit };
  const settled = new Set<DimField>();
  for (const e of events) {
    if (e.type === 'edit' && isDimField(e.data?.field) && !settled.has(e.data.field)) {
      dims[e.data.field] = str(e.data.from);
      settled.add(e.data.field);
    }
    // verification sets the unit; before it the report had none unless an earlier edit said otherwise
    if (e.type === 'status' && e.to === 'verified' && !settled.has('unit')) {
      dims.unit = undefined;
      settled.add('unit');
    }
  }
  return { district: dims.district ?? report.district, category: dims.category ?? report.category, ...(dims.unit !== undefined && { unit: dims.unit }) };
}

export function replay(report: Report, events: HistoryEvent[]): { changes: ReplayedChange[]; answers: ReplayedAnswer[] } {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const changes: ReplayedChange[] = [];
  const answers: ReplayedAnswer[] = [];
  let state: StatsState | undefined;
  for (const e of ordered) {
    const answer = citizenAnswerOf(e);
    if (answer) answers.push({ seq: e.seq, answer, at: e.at });
    let next: StatsState | undefined;
    if (e.type === 'created') {
      if (state !== undefined) continue;
      next = { status: 'received', ...initialDims(report, ordered), createdAt: report.createdAt, escalationLevel: 0 };
    } else if (state === undefined) {
      continue;
    } else if (e.type === 'status' && isStatus(e.to) && e.to !== state.status) {
      next = { ...state, status: e.to };
      if (e.to === 'verified') {
        next.verifiedAt = e.at;
        const unit = str(e.data?.unit);
        if (unit !== undefined) next.unit = unit;
      }
      if (isOpen(e.to)) next.escalationLevel = 0;
    } else if (e.type === 'escalated') {
      const level = Number(e.data?.level);
      if (Number.isInteger(level) && level > 0) next = { ...state, escalationLevel: level };
    } else if (e.type === 'edit' && isDimField(e.data?.field)) {
      const value = str(e.data.to);
      next = { ...state };
      if (e.data.field === 'unit') {
        if (value === undefined) delete next.unit;
        else next.unit = value;
      } else if (value !== undefined) next[e.data.field] = value;
    }
    if (next === undefined) continue;
    changes.push({ seq: e.seq, before: state, after: next, at: e.at });
    state = next;
  }
  return { changes, answers };
}
