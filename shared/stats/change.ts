/**
 * From one change of a report to what it adds to the aggregates. Pure.
 *
 * A change is the report before and after one write (the table stream's old and new image; the rebuild replays the
 * same states from the history events, see replay.ts). Everything a figure needs is in the two states, so the
 * aggregator reads nothing. A change counts in the month (jurisdiction time zone) it happened, under the report's
 * kecamatan, category and unit after the change:
 *
 * - a new report: received; into received → verified | rejected | duplicate | referred; verified → in_progress the
 *   first time: started; resolved → in_progress: reopened; → resolved, → closed;
 * - a stage left (received, verified, in progress): done, and on time when the escalation run had not found it past
 *   its deadline (so "on time" has the run's interval as its resolution);
 * - durations: received → verified from creation, verified → work started and verified → resolved from verification,
 *   in working minutes on the jurisdiction's calendar and in calendar minutes;
 * - a stage reaching the first rung of escalation: escalated;
 * - gauges: open now (received, verified, in progress) and overdue now (open and escalated) move from the cell of
 *   the old state to the cell of the new one, so edits of category or unit move them too.
 */
import { isOpen, type Status } from '../domain/status-machine';
import { workingTimeBetween, type WorkingCalendar } from '../domain/working-calendar';
import { dayIn } from '../domain/status-machine';
import { STAGE_COUNTERS, type Counter, type DurationMetric, type Gauges } from './figures';
import { cellSk, type Dims } from './keys';

/** The part of a report the figures depend on. */
export interface StatsState {
  status: Status;
  district: string;
  category: string;
  unit?: string;
  createdAt: string;
  verifiedAt?: string;
  escalationLevel: number;
}

export interface DurationSample {
  metric: DurationMetric;
  workingMinutes: number;
  calendarMinutes: number;
}

export interface Contribution {
  /** yyyy-mm of the change */
  month: string;
  dims: Dims;
  counters: Partial<Record<Counter, number>>;
  durations: DurationSample[];
  /** gauge moves by combination cell (sort key), zero moves left out */
  gauges: Map<string, { dims: Dims; delta: Gauges }>;
}

export interface StatsSettings {
  calendar: WorkingCalendar;
  timeZone: string;
}

export function stateOf(report: {
  status: Status;
  district: string;
  category: string;
  unit?: string;
  createdAt: string;
  verifiedAt?: string;
  escalationLevel?: number;
}): StatsState {
  return {
    status: report.status,
    district: report.district,
    category: report.category,
    ...(report.unit !== undefined && { unit: report.unit }),
    createdAt: report.createdAt,
    ...(report.verifiedAt !== undefined && { verifiedAt: report.verifiedAt }),
    escalationLevel: Number.isInteger(report.escalationLevel) ? (report.escalationLevel as number) : 0,
  };
}

export const dimsOf = (s: StatsState): Dims => ({ district: s.district, category: s.category, ...(s.unit !== undefined && { unit: s.unit }) });
export const monthOf = (at: string, timeZone: string) => dayIn(new Date(at), timeZone).slice(0, 7);

const overdue = (s: StatsState) => isOpen(s.status) && s.escalationLevel > 0;

const STATUS_COUNTER: Partial<Record<Status, Counter>> = {
  verified: 'verified',
  rejected: 'rejected',
  duplicate: 'duplicate',
  referred: 'referred',
  resolved: 'resolved',
  closed: 'closed',
};

function duration(metric: DurationMetric, from: string | undefined, to: string, cal: WorkingCalendar): DurationSample[] {
  if (from === undefined) return [];
  const a = new Date(from);
  const b = new Date(to);
  return [
    {
      metric,
      workingMinutes: workingTimeBetween(a, b, cal) / 60_000,
      calendarMinutes: Math.max(0, b.getTime() - a.getTime()) / 60_000,
    },
  ];
}

/** What the change `before` → `after` at instant `at` adds; undefined when it adds nothing. */
export function contributionOf(before: StatsState | undefined, after: StatsState, at: string, settings: StatsSettings): Contribution | undefined {
  const counters: Partial<Record<Counter, number>> = {};
  const durations: DurationSample[] = [];
  const bump = (c: Counter) => (counters[c] = (counters[c] ?? 0) + 1);

  if (before === undefined) {
    bump('received');
  } else if (before.status !== after.status) {
    const from = before.status;
    const to = after.status;
    const counter = STATUS_COUNTER[to];
    if (counter) bump(counter);
    if (to === 'in_progress' && from === 'verified') bump('started');
    if (to === 'in_progress' && from === 'resolved') bump('reopened');
    if (isOpen(from)) {
      const stage = STAGE_COUNTERS[from as keyof typeof STAGE_COUNTERS];
      bump(stage.done);
      if (before.escalationLevel === 0) bump(stage.onTime);
    }
    if (to === 'verified') durations.push(...duration('toVerify', before.createdAt, at, settings.calendar));
    if (to === 'in_progress' && from === 'verified') durations.push(...duration('toStart', before.verifiedAt, at, settings.calendar));
    if (to === 'resolved') durations.push(...duration('toResolve', before.verifiedAt, at, settings.calendar));
  } else if (isOpen(after.status) && before.escalationLevel === 0 && after.escalationLevel > 0) {
    bump('escalated');
  }

  const gauges = new Map<string, { dims: Dims; delta: Gauges }>();
  const move = (s: StatsState, sign: 1 | -1) => {
    const dims = dimsOf(s);
    const key = cellSk(dims);
    const entry = gauges.get(key) ?? { dims, delta: { open: 0, overdue: 0 } };
    entry.delta.open += isOpen(s.status) ? sign : 0;
    entry.delta.overdue += overdue(s) ? sign : 0;
    gauges.set(key, entry);
  };
  if (before) move(before, -1);
  move(after, 1);
  for (const [key, entry] of gauges) if (entry.delta.open === 0 && entry.delta.overdue === 0) gauges.delete(key);

  if (Object.keys(counters).length === 0 && durations.length === 0 && gauges.size === 0) return undefined;
  return { month: monthOf(at, settings.timeZone), dims: dimsOf(after), counters, durations, gauges };
}

/** A citizen's answer to a resolution, counted where the report is now. */
export function answerContribution(report: StatsState, answer: 'confirmed' | 'rejected', at: string, settings: StatsSettings): Contribution {
  return {
    month: monthOf(at, settings.timeZone),
    dims: dimsOf(report),
    counters: { [answer === 'confirmed' ? 'citizenConfirmed' : 'citizenRejected']: 1 },
    durations: [],
    gauges: new Map(),
  };
}
