/** The duration histograms: stated relative error, merging, fixed stored size. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUCKETS,
  HISTOGRAM_BYTES,
  MAX_MINUTES,
  MIN_MINUTES,
  RELATIVE_ERROR,
  addTo,
  bucketOf,
  decode,
  emptyHistogram,
  encode,
  quantile,
} from '../../shared/stats/histogram';

const histogramOf = (values: number[]) => {
  const h = emptyHistogram();
  for (const v of values) h[bucketOf(v)]! += 1;
  return h;
};
const nearestRank = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1]!;

describe('duration histogram', () => {
  it('reads every quantile within the stated relative error of the exact nearest-rank value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: MIN_MINUTES * 1.0001, max: MAX_MINUTES, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9, 0.99),
        (values, q) => {
          const exact = nearestRank(values, q);
          const read = quantile(histogramOf(values), q)!;
          expect(Math.abs(read - exact) / exact).toBeLessThanOrEqual(RELATIVE_ERROR + 1e-9);
        },
      ),
    );
  });

  it('reads durations up to a minute as 0 and clamps those beyond a year', () => {
    expect(quantile(histogramOf([0, 0.5, 1]), 0.5)).toBe(0);
    expect(quantile(histogramOf([MAX_MINUTES * 10]), 0.5)! / MAX_MINUTES).toBeCloseTo(1, 1);
  });

  it('merges: the histogram of two sets is the sum of their histograms', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true })), fc.array(fc.double({ min: 0, max: 1e6, noNaN: true })), (a, b) => {
        const merged = histogramOf(a);
        addTo(merged, histogramOf(b));
        expect(merged).toEqual(histogramOf([...a, ...b]));
      }),
    );
  });

  it('stores every histogram in the same number of bytes, however full', () => {
    expect(encode(emptyHistogram()).byteLength).toBe(HISTOGRAM_BYTES);
    const full = histogramOf(Array.from({ length: 5000 }, (_, i) => i * 37.5));
    expect(encode(full).byteLength).toBe(HISTOGRAM_BYTES);
    expect(decode(encode(full))).toEqual(full);
    expect(full).toHaveLength(BUCKETS);
  });

  it('reads nothing from an empty histogram', () => {
    expect(quantile(emptyHistogram(), 0.5)).toBeUndefined();
  });
});
