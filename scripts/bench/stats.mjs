// Summary statistics for the benchmark. Percentiles use the nearest-rank method: the p-th
// percentile of n sorted samples is the sample at rank ceil(p / 100 * n), so it is always a value
// that was measured.

/** Returns the nearest-rank percentile `p` (0 < p <= 100) of `values`. */
export function percentile(values, p) {
  if (values.length === 0) throw new Error("percentile of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * Returns the median of `values`. For an even count it is the mean of the two middle samples,
 * the usual definition, unlike `percentile(values, 50)`.
 */
export function median(values) {
  if (values.length === 0) throw new Error("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Returns the median run: the element of `runs` whose `value(run)` is the median (lower middle). */
export function medianRun(runs, value) {
  if (runs.length === 0) throw new Error("median run of an empty list");
  const sorted = [...runs].sort((a, b) => value(a) - value(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
