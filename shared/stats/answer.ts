/**
 * The statistics answer, built from aggregate cells only (pure). See the OpenAPI document for its shape.
 */
import type { Jurisdiction, Language } from '../config/jurisdiction';
import { emptyCell, emptyGauges, addCell, type Cell, type Gauges, type DurationMetric } from './figures';
import { quantile } from './histogram';
import { dimsOfCell, ROLLUP_PREFIX } from './keys';

/** A cell read back, already placed: the whole filter, or one kecamatan, category or unit inside it. */
export type Placement = { kind: 'all' } | { kind: 'district' | 'category' | 'unit'; code: string };

/** Where a stored item counts: a rollup by its key; a combination cell (filtered answers) in each of its groups. */
export function placementsOf(sk: string, filter: { district?: string; category?: string }): Placement[] {
  if (sk.startsWith(ROLLUP_PREFIX)) {
    if (sk === 'A') return [{ kind: 'all' }];
    const m = /^A#([DCU])#(.+)$/.exec(sk);
    if (!m) return [];
    const kind = m[1] === 'D' ? 'district' : m[1] === 'C' ? 'category' : 'unit';
    return [{ kind, code: m[2]! }];
  }
  const dims = dimsOfCell(sk);
  if (!dims) return [];
  if (filter.district !== undefined && dims.district !== filter.district) return [];
  if (filter.category !== undefined && dims.category !== filter.category) return [];
  return [
    { kind: 'all' },
    { kind: 'district', code: dims.district },
    { kind: 'category', code: dims.category },
    ...(dims.unit !== undefined ? [{ kind: 'unit' as const, code: dims.unit }] : []),
  ];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : null);

function durationView(cell: Cell, metric: DurationMetric) {
  const working = cell.histograms[`${metric}.working`];
  const calendar = cell.histograms[`${metric}.calendar`];
  const q = (h: number[], p: number, per: number) => {
    const v = quantile(h, p);
    return v === undefined ? null : round(v / per, 2);
  };
  return {
    count: working.reduce((a, b) => a + b, 0),
    medianHours: q(working, 0.5, 60),
    p90Hours: q(working, 0.9, 60),
    medianDays: q(calendar, 0.5, 1440),
    p90Days: q(calendar, 0.9, 1440),
  };
}

function figures(cell: Cell, gauges?: Gauges) {
  const c = cell.counters;
  const done = c.doneReceived + c.doneVerified + c.doneInProgress;
  const onTime = c.onTimeReceived + c.onTimeVerified + c.onTimeInProgress;
  return {
    totals: {
      received: c.received,
      verified: c.verified,
      started: c.started,
      resolved: c.resolved,
      closed: c.closed,
      rejected: c.rejected,
      duplicate: c.duplicate,
      referred: c.referred,
      reopened: c.reopened,
      escalated: c.escalated,
      citizenConfirmed: c.citizenConfirmed,
      citizenRejected: c.citizenRejected,
      ...(gauges && { openNow: gauges.open, overdueNow: gauges.overdue }),
    },
    durations: { toVerify: durationView(cell, 'toVerify'), toStart: durationView(cell, 'toStart'), toResolve: durationView(cell, 'toResolve') },
    onTime: {
      received: { done: c.doneReceived, onTime: c.onTimeReceived, share: share(c.onTimeReceived, c.doneReceived) },
      verified: { done: c.doneVerified, onTime: c.onTimeVerified, share: share(c.onTimeVerified, c.doneVerified) },
      inProgress: { done: c.doneInProgress, onTime: c.onTimeInProgress, share: share(c.onTimeInProgress, c.doneInProgress) },
      all: { done, onTime, share: share(onTime, done) },
    },
    shares: {
      /** of the stages finished, those the escalation run had found past their deadline */
      escalated: share(done - onTime, done),
      reopened: share(c.reopened, c.resolved),
      citizenConfirmed: share(c.citizenConfirmed, c.resolved),
      citizenRejected: share(c.citizenRejected, c.resolved),
    },
  };
}

export interface MonthCells {
  month: string;
  items: { sk: string; cell: Cell }[];
}

export interface AnswerInput {
  from: string;
  to: string;
  filter: { district?: string; category?: string };
  months: MonthCells[];
  gauges: { sk: string; gauges: Gauges }[];
  jurisdiction: Pick<Jurisdiction, 'districts' | 'categories' | 'units'>;
  lang: Language;
}

type Groups = { all: Cell; district: Map<string, Cell>; category: Map<string, Cell>; unit: Map<string, Cell> };
const newGroups = (): Groups => ({ all: emptyCell(), district: new Map(), category: new Map(), unit: new Map() });

function place(groups: Groups, placement: Placement, cell: Cell) {
  if (placement.kind === 'all') return addCell(groups.all, cell);
  const map = groups[placement.kind];
  const target = map.get(placement.code) ?? emptyCell();
  addCell(target, cell);
  map.set(placement.code, target);
}

export function buildStatsAnswer(input: AnswerInput) {
  const { filter, jurisdiction: j, lang } = input;
  const total = newGroups();
  const monthly = input.months.map(({ month, items }) => {
    const groups = newGroups();
    for (const { sk, cell } of items)
      for (const p of placementsOf(sk, filter)) {
        place(groups, p, cell);
        place(total, p, cell);
      }
    const f = figures(groups.all);
    return { month, totals: f.totals, durations: f.durations, onTime: f.onTime, shares: f.shares };
  });
  const gauges = { all: emptyGauges(), district: new Map<string, Gauges>(), category: new Map<string, Gauges>(), unit: new Map<string, Gauges>() };
  for (const { sk, gauges: g } of input.gauges)
    for (const p of placementsOf(sk, filter)) {
      const target = p.kind === 'all' ? gauges.all : (gauges[p.kind].get(p.code) ?? gauges[p.kind].set(p.code, emptyGauges()).get(p.code)!);
      target.open += g.open;
      target.overdue += g.overdue;
    }

  const breakdown = <K extends 'district' | 'category' | 'unit'>(kind: K, items: { code: string; name: Record<Language, string> }[]) =>
    items
      .filter((item) => total[kind].has(item.code) || gauges[kind].has(item.code))
      .map((item) => ({
        ...({ [kind]: { code: item.code, name: item.name[lang] } } as Record<K, { code: string; name: string }>),
        ...figures(total[kind].get(item.code) ?? emptyCell(), gauges[kind].get(item.code) ?? emptyGauges()),
      }));

  const overall = figures(total.all, gauges.all);
  return {
    from: input.from,
    to: input.to,
    ...(filter.district !== undefined && { district: filter.district }),
    ...(filter.category !== undefined && { category: filter.category }),
    ...overall,
    byDistrict: breakdown('district', j.districts),
    byCategory: breakdown('category', j.categories),
    byUnit: breakdown('unit', j.units),
    monthly,
  };
}
