import type { Percentiles } from '@lifeline/shared';

/** Nearest-rank percentiles and the mean of a sample; nulls when the sample is empty. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { mean: null, p50: null, p90: null, p99: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { mean: Math.round(mean), p50: rank(50), p90: rank(90), p99: rank(99) };
}
