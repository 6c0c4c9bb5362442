// The benchmark statistics (scripts/bench/stats.ts): percentiles and summaries the results tables print.
import { percentile, summarise, throughput } from '../../../scripts/bench/stats';

describe('bench statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarises unsorted latencies without changing them', () => {
    const lat = [30, 10, 20, 40];
    const s = summarise(lat);
    expect(s).toMatchObject({ n: 4, mean: 25, p50: 20, p95: 40, max: 40 });
    expect(lat).toEqual([30, 10, 20, 40]);
  });

  it('computes the rate over the wall time', () => {
    expect(throughput([1, 2, 3, 4], 2_000).perSecond).toBe(2);
  });
});
