// The bench's statistics, alternation order and ratio maths on tiny inputs.
import { describe, expect, it } from 'vitest';
import { alternate, sliceDuration } from '../../bench/schedule.ts';
import { growthExponent, median, quantile, ratio, summarize, throughput } from '../../bench/stats.ts';
import { mergeSlices } from '../../bench/load.ts';
import { parseSize, sizeName } from '../../bench/run.ts';

describe('statistics', () => {
  it('takes the median of odd and even counts, unsorted input', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('interpolates p99 between closest ranks', () => {
    const xs = Array.from({ length: 101 }, (_, i) => i); // 0..100
    expect(quantile(xs, 0.99)).toBe(99);
    expect(quantile([10, 20], 0.99)).toBeCloseTo(19.9, 10);
    expect(quantile([5], 0.99)).toBe(5);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('summarizes without changing the input order', () => {
    const xs = [5, 1, 4, 2, 3];
    expect(summarize(xs)).toEqual({ n: 5, median: 3, p99: quantile([1, 2, 3, 4, 5], 0.99), mean: 3, min: 1, max: 5 });
    expect(xs).toEqual([5, 1, 4, 2, 3]);
  });

  it('gives ratios only when both sides are measured and the baseline is not zero', () => {
    expect(ratio(30, 10)).toBe(3);
    expect(ratio(5, 10)).toBe(0.5);
    expect(ratio(undefined, 10)).toBeUndefined();
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(Number.NaN, 1)).toBeUndefined();
  });

  it('estimates the growth exponent: 1 for linear, 2 for quadratic', () => {
    expect(
      growthExponent([
        { size: 10, cost: 5 },
        { size: 100, cost: 50 },
        { size: 1000, cost: 500 },
      ]),
    ).toBeCloseTo(1, 10);
    expect(
      growthExponent([
        { size: 10, cost: 100 },
        { size: 100, cost: 10_000 },
      ]),
    ).toBeCloseTo(2, 10);
    expect(growthExponent([{ size: 10, cost: 1 }])).toBeUndefined();
  });

  it('computes throughput per second', () => {
    expect(throughput(50, 2_000)).toBe(25);
    expect(throughput(5, 0)).toBe(0);
  });

  it('merges slices keeping every latency', () => {
    const merged = mergeSlices([
      { latencies: [1, 2], failures: 0, bytes: 10, elapsedMs: 100 },
      { latencies: [3], failures: 2, failureStatus: 503, bytes: 5, elapsedMs: 50 },
    ]);
    expect(merged).toEqual({ latencies: [1, 2, 3], failures: 2, failureStatus: 503, bytes: 15, elapsedMs: 150 });
  });
});

describe('alternation', () => {
  it('rotates the order each round so every side runs first equally often', () => {
    expect(alternate(['A', 'B', 'C'], 4)).toEqual([
      ['A', 'B', 'C'],
      ['B', 'C', 'A'],
      ['C', 'A', 'B'],
      ['A', 'B', 'C'],
    ]);
    const rounds = alternate(['A', 'B'], 6);
    expect(rounds.filter((r) => r[0] === 'A')).toHaveLength(3);
    expect(rounds.every((r) => [...r].sort().join() === 'A,B')).toBe(true);
  });

  it('refuses zero rounds and splits time into slices with a floor', () => {
    expect(() => alternate(['A'], 0)).toThrow(RangeError);
    expect(sliceDuration(4_000, 4)).toBe(1_000);
    expect(sliceDuration(400, 4)).toBe(250);
  });
});

describe('sizes', () => {
  it('reads and names 10k, 100k, 1M', () => {
    expect(['10k', '100k', '1M', '2.5M'].map(parseSize)).toEqual([10_000, 100_000, 1_000_000, 2_500_000]);
    expect([10_000, 100_000, 1_000_000, 12_345].map(sizeName)).toEqual(['10k', '100k', '1M', '12345']);
    expect(() => parseSize('ten')).toThrow(/10k/);
    expect(() => parseSize('1k')).toThrow(/at least/);
  });
});
