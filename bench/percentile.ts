/** Nearest-rank percentile of an ascending list; NaN when it is empty. */
export function percentile(sorted: readonly number[], fraction: number) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(fraction * sorted.length) - 1;

  return sorted[Math.min(Math.max(rank, 0), sorted.length - 1)]!;
}
