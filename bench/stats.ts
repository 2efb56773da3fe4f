// Statistics for latency samples and the ratios the report prints. Pure functions, tested on tiny inputs.

export interface Summary {
  /** Number of samples. */
  n: number;
  /** Milliseconds. */
  median: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between closest ranks (the "R-7" rule that
 * spreadsheets and NumPy use): for [1, 2, 3, 4] the median is 2.5. NaN for no samples.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (q < 0 || q > 1 || Number.isNaN(q)) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(samples: readonly number[]): number {
  return quantile(
    [...samples].sort((a, b) => a - b),
    0.5,
  );
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    median: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: n ? sorted.reduce((s, x) => s + x, 0) / n : Number.NaN,
    min: n ? sorted[0]! : Number.NaN,
    max: n ? sorted[n - 1]! : Number.NaN,
  };
}

/**
 * How many times slower `value` is than `baseline` (latencies: >1 means slower than the baseline).
 * Undefined when either is missing or the baseline is zero.
 */
export function ratio(value: number | undefined, baseline: number | undefined): number | undefined {
  if (
    value === undefined ||
    baseline === undefined ||
    !Number.isFinite(value) ||
    !Number.isFinite(baseline) ||
    baseline === 0
  )
    return undefined;
  return value / baseline;
}

/**
 * Growth exponent of cost with size: the least-squares slope of log(cost) over log(size). 1 is linear,
 * 2 quadratic. Needs two or more points with positive values.
 */
export function growthExponent(points: readonly { size: number; cost: number }[]): number | undefined {
  const usable = points.filter((p) => p.size > 0 && p.cost > 0);
  if (usable.length < 2) return undefined;
  const xs = usable.map((p) => Math.log(p.size));
  const ys = usable.map((p) => Math.log(p.cost));
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? undefined : num / den;
}

/** Requests per second over a measured wall-clock span. */
export function throughput(requests: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (requests * 1000) / elapsedMs : 0;
}
