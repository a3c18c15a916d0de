/** Summaries of repeated measurements: the median is the figure, min and max show the spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted.at(-1)!), n: values.length };
}

/** Ratio of two summaries' medians, with the widest and narrowest ratios their ranges allow. */
export function ratioOf(value: Summary, baseline: Summary): Summary {
  return {
    median: round(value.median / baseline.median, 3),
    min: round(value.min / baseline.max, 3),
    max: round(value.max / baseline.min, 3),
    n: Math.min(value.n, baseline.n),
  };
}

/** Ratio per paired round (value[i] / baseline[i]), summarized: pairs measured side by side share the machine's mood. */
export function pairedRatio(values: number[], baselines: number[]): Summary {
  const ratios = values.map((v, i) => v / baselines[i]!);
  const s = summarize(ratios);
  return { median: round(s.median, 3), min: round(s.min, 3), max: round(s.max, 3), n: s.n };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const fmt = (s: Summary | undefined, digits = 1): string =>
  s === undefined || Number.isNaN(s.median) ? '—' : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
