/**
 * Where aggregates live in the single table (see shared/table/access-patterns.md):
 *
 * | item | pk | sk |
 * | --- | --- | --- |
 * | month rollup, whole jurisdiction | `STATS#<yyyy-mm>` | `A` |
 * | month rollup by kecamatan / category / unit | `STATS#<yyyy-mm>` | `A#D#<district>` / `A#C#<category>` / `A#U#<unit>` |
 * | month cell of one combination | `STATS#<yyyy-mm>` | `B#<district>#<category>#<unit or ->` |
 * | gauges (open now, overdue now) | `STATS#NOW` | the same sort keys |
 * | counted-once marker of a change / an event | `STATSEV#<code>` | `C#<seq>` / `A#<seq>` (TTL) |
 *
 * An unfiltered answer reads the rollups of each month (sort keys beginning with `A`: a fixed set of at most
 * 1 + kecamatan + categories + units items); a filtered one reads the combination cells (`B#`, narrowed to a
 * kecamatan by the key). Neither ever reads a report.
 */

export interface Dims {
  district: string;
  category: string;
  unit?: string;
}

export const STATS_NOW = 'STATS#NOW';
export const monthPk = (month: string) => `STATS#${month}`;
export const ROLLUP_PREFIX = 'A';
export const CELL_PREFIX = 'B#';
export const NO_UNIT = '-';

export const rollupSk = {
  all: 'A',
  district: (d: string) => `A#D#${d}`,
  category: (c: string) => `A#C#${c}`,
  unit: (u: string) => `A#U#${u}`,
};
export const cellSk = (dims: Dims) => `B#${dims.district}#${dims.category}#${dims.unit ?? NO_UNIT}`;
export const districtCellPrefix = (district: string) => `B#${district}#`;

/** Every aggregate item a change in `dims` adds to. */
export function sortKeysOf(dims: Dims): string[] {
  return [
    rollupSk.all,
    rollupSk.district(dims.district),
    rollupSk.category(dims.category),
    ...(dims.unit !== undefined ? [rollupSk.unit(dims.unit)] : []),
    cellSk(dims),
  ];
}

/** The dimensions of a combination cell, from its sort key. */
export function dimsOfCell(sk: string): Dims | undefined {
  const m = /^B#([^#]+)#([^#]+)#([^#]+)$/.exec(sk);
  if (!m) return undefined;
  return { district: m[1]!, category: m[2]!, ...(m[3] !== NO_UNIT && { unit: m[3]! }) };
}

export const markerPk = (code: string) => `STATSEV#${code}`;
export const changeMarkerSk = (seq: number) => `C#${String(seq).padStart(6, '0')}`;
export const answerMarkerSk = (seq: number) => `A#${String(seq).padStart(6, '0')}`;
/** markers outlive every possible replay: the stream keeps records 24 hours, retries end within 6 */
export const MARKER_TTL_DAYS = 7;
