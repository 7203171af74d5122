// @ts-check
/** The median of a list of numbers (NaN for an empty one). */
export function median(/** @type {readonly number[]} */ values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  const lower = sorted[middle - 1] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2;
}

/**
 * The median over rounds of `a[i] / b[i]`: two cases measured in the same round share that
 * round's machine state, so the ratio cancels the drift a shared machine shows between
 * rounds (a ratio of medians would keep it).
 */
export function pairedRatio(
  /** @type {readonly number[]} */ a,
  /** @type {readonly number[]} */ b,
) {
  return median(a.map((value, i) => value / (b[i] ?? Number.NaN)));
}

/** Half the interquartile range of the per-round ratios, as a percentage of their median. */
export function pairedSpreadPct(
  /** @type {readonly number[]} */ a,
  /** @type {readonly number[]} */ b,
) {
  const ratios = a.map((value, i) => value / (b[i] ?? Number.NaN)).sort((x, y) => x - y);
  if (ratios.length < 2) return 0;
  const at = (/** @type {number} */ q) => ratios[Math.round(q * (ratios.length - 1))] ?? Number.NaN;
  return ((at(0.75) - at(0.25)) / 2 / median(ratios)) * 100;
}
