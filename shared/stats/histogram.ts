/**
 * Durations as mergeable, fixed-size histograms with log-scale buckets (the DDSketch bucket rule).
 *
 * Why this shape:
 * - mergeable: a histogram is a vector of counts over buckets every histogram shares, so months, kecamatan,
 *   categories and units combine by adding counts, and a percentile of the combination is as exact as one of a part;
 * - fixed size: every histogram has the same number of buckets, so an aggregate item is as large with 10 reports as
 *   with 100,000, and the statistics answer reads the same bytes whatever the table holds;
 * - stated error: bucket k holds (MIN·γ^(k−1), MIN·γ^k] with γ = (1+α)/(1−α), and reports the value
 *   2·MIN·γ^k/(γ+1), which lies within a relative error α of every value in the bucket. Durations up to one minute
 *   fall in bucket 0 and read as 0 (an absolute error under a minute); durations above MAX read as MAX.
 *
 * Durations are kept in minutes (working minutes or calendar minutes), so one bucket layout serves both.
 */

/** relative error of every percentile read from a histogram (5 %) */
export const RELATIVE_ERROR = 0.05;
const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LN_GAMMA = Math.log(GAMMA);
/** the smallest duration told apart from zero, in minutes */
export const MIN_MINUTES = 1;
/** the largest duration told apart, in minutes (one year); longer ones are clamped */
export const MAX_MINUTES = 365 * 24 * 60;
/** buckets per histogram: bucket 0 for (0, MIN], then log-scale buckets up to MAX */
export const BUCKETS = Math.ceil(Math.log(MAX_MINUTES / MIN_MINUTES) / LN_GAMMA) + 1;
/** bytes of one histogram in its stored form (unsigned 32-bit counts, little-endian) */
export const HISTOGRAM_BYTES = BUCKETS * 4;

export type Histogram = number[];

export const emptyHistogram = (): Histogram => new Array<number>(BUCKETS).fill(0);

/** The bucket of a duration in minutes. */
export function bucketOf(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= MIN_MINUTES) return 0;
  const k = Math.ceil(Math.log(minutes / MIN_MINUTES) / LN_GAMMA - 1e-12);
  return Math.min(Math.max(k, 1), BUCKETS - 1);
}

/** The value a bucket stands for, in minutes. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return (2 * MIN_MINUTES * GAMMA ** bucket) / (GAMMA + 1);
}

export function addTo(target: Histogram, source: readonly number[]): void {
  for (let i = 0; i < BUCKETS; i++) target[i] = (target[i] ?? 0) + (source[i] ?? 0);
}

export function total(h: readonly number[]): number {
  let n = 0;
  for (const c of h) n += c;
  return n;
}

/**
 * The q-quantile (0 < q ≤ 1) in minutes, by the nearest-rank rule (the value of rank ⌈q·n⌉), or undefined for an
 * empty histogram.
 */
export function quantile(h: readonly number[], q: number): number | undefined {
  const n = total(h);
  if (n === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i] ?? 0;
    if (seen >= rank) return bucketValue(i);
  }
  return bucketValue(h.length - 1);
}

/** The stored form: BUCKETS unsigned 32-bit little-endian counts. */
export function encode(h: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(HISTOGRAM_BYTES);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < BUCKETS; i++) view.setUint32(i * 4, h[i] ?? 0, true);
  return bytes;
}

export function decode(bytes: Uint8Array | undefined): Histogram {
  const h = emptyHistogram();
  if (!bytes) return h;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Math.min(BUCKETS, Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < n; i++) h[i] = view.getUint32(i * 4, true);
  return h;
}
