// The few statistics the benchmarks report.
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Rotates the order each round, so no candidate always runs first (or last, on a warm JIT). */
export const rotated = (items, roundIndex) => items.map((_, i) => items[(i + roundIndex) % items.length]);
