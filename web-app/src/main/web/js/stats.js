// Statistics the KPI charts show, as NHS practice-variation reports compute them. Pure functions.

/** The normal quantile for the two-sided limits the charts draw (95% and 99.8%). */
export const Z95 = 1.959964;
export const Z998 = 3.090232;

/** Wilson score interval for a proportion numerator/denominator at z (95% by default). */
export function wilson(numerator, denominator, z = Z95) {
  if (!denominator) return undefined;
  const p = numerator / denominator;
  const z2 = z * z;
  const centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator);
  const half =
    (z * Math.sqrt((p * (1 - p)) / denominator + z2 / (4 * denominator * denominator))) /
    (1 + z2 / denominator);
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Funnel plot control limits around the system mean for a practice with `denominator` people:
 * mean ± z·√(mean(1−mean)/n), clipped to [0, 1] (normal approximation to the binomial).
 */
export function funnelLimits(mean, denominator, z) {
  if (!denominator) return undefined;
  const spread = z * Math.sqrt((mean * (1 - mean)) / denominator);
  return { lower: Math.max(0, mean - spread), upper: Math.min(1, mean + spread) };
}

/** Where a practice lies on the funnel: inside, or beyond the 95% or 99.8% limits. */
export function funnelPosition(numerator, denominator, mean) {
  if (!denominator) return 'no-data';
  const p = numerator / denominator;
  const outer = funnelLimits(mean, denominator, Z998);
  const inner = funnelLimits(mean, denominator, Z95);
  if (p < outer.lower || p > outer.upper) return p < mean ? 'below-99.8' : 'above-99.8';
  if (p < inner.lower || p > inner.upper) return p < mean ? 'below-95' : 'above-95';
  return 'within';
}

/** A proportion as a percentage with one decimal: 0.4567 → "45.7%". */
export function percent(value) {
  return value === undefined || value === null || Number.isNaN(value)
    ? ''
    : `${(value * 100).toFixed(1)}%`;
}
