/**
 * What an aggregate cell holds: counters of what happened, duration histograms, and (for the "now" cells) gauges.
 * A cell is keyed by month and dimension (see keys.ts); cells add up, so any set of months, kecamatan, categories
 * and units combines by summing.
 */
import type { Stage } from '../domain/status-machine';
import { addTo, emptyHistogram, type Histogram } from './histogram';


export const COUNTERS = [
  'received',
  'verified',
  'rejected',
  'duplicate',
  'referred',
  /** verified → in_progress: work started (the first time) */
  'started',
  /** resolutions, a report reopened and resolved again counting twice */
  'resolved',
  'closed',
  /** resolved → in_progress */
  'reopened',
  /** stages the escalation run found past their deadline (the first rung) */
  'escalated',
  'doneReceived',
  'onTimeReceived',
  'doneVerified',
  'onTimeVerified',
  'doneInProgress',
  'onTimeInProgress',
  'citizenConfirmed',
  'citizenRejected',
] as const;
export type Counter = (typeof COUNTERS)[number];

export const STAGE_COUNTERS: Record<Stage, { done: Counter; onTime: Counter }> = {
  received: { done: 'doneReceived', onTime: 'onTimeReceived' },
  verified: { done: 'doneVerified', onTime: 'onTimeVerified' },
  in_progress: { done: 'doneInProgress', onTime: 'onTimeInProgress' },
};

/** received → verified; verified → work started; verified → resolved */
export const DURATIONS = ['toVerify', 'toStart', 'toResolve'] as const;
export type DurationMetric = (typeof DURATIONS)[number];
/** each duration twice: in working minutes on the jurisdiction's calendar, and in calendar minutes */
export const CLOCKS = ['working', 'calendar'] as const;
export type Clock = (typeof CLOCKS)[number];
export const HISTOGRAMS = DURATIONS.flatMap((d) => CLOCKS.map((c) => `${d}.${c}` as const));
export type HistogramName = (typeof HISTOGRAMS)[number];

export const GAUGES = ['open', 'overdue'] as const;
export type Gauge = (typeof GAUGES)[number];

export interface Cell {
  counters: Record<Counter, number>;
  histograms: Record<HistogramName, Histogram>;
}

export function emptyCell(): Cell {
  return {
    counters: Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>,
    histograms: Object.fromEntries(HISTOGRAMS.map((h) => [h, emptyHistogram()])) as Record<HistogramName, Histogram>,
  };
}

export function addCell(target: Cell, source: Cell): void {
  for (const c of COUNTERS) target.counters[c] += source.counters[c];
  for (const h of HISTOGRAMS) addTo(target.histograms[h], source.histograms[h]);
}

export function sumCells(cells: Iterable<Cell>): Cell {
  const sum = emptyCell();
  for (const cell of cells) addCell(sum, cell);
  return sum;
}

export type Gauges = Record<Gauge, number>;
export const emptyGauges = (): Gauges => ({ open: 0, overdue: 0 });
