// How the bench compares campaigns of different sizes measured one after another on one worker and
// one server. A campaign measured first meets a cold host (JIT, caches, an empty store), one measured
// last a warm one whose store the others filled; which way that moves a figure depends on the server
// (the dev server's store only grows, a vacuumed cluster's does not). So a baseline is measured before
// and after what it is compared with, and its figure is the mean of the two: the same rule for the
// waiting contacts' baseline and for the scale's smallest size.

/** A baseline measured before and after the runs it is compared with: neither order favours it. */
export function bracketedMean(before: number, after: number): number {
  return (before + after) / 2;
}

/** How far the largest of the figures is above the smallest, as a share of the smallest. */
export function spread(figures: readonly number[]): number {
  if (figures.length === 0) throw new Error('spread: no figures');
  return Math.max(...figures) / Math.min(...figures) - 1;
}

export interface ScaleSpread {
  /** the smallest size's figure: the mean of its run before the larger sizes and its run after them */
  smallest: number;
  /** the spread with the smallest size as that mean, beside each larger size (`timePerContactSpread` in the JSON line) */
  spread: number;
  /** the same with the smallest size's first run alone (what `timePerContactSpread` meant before 2026-12-06) */
  spreadSmallestFirstOnly: number;
}

/**
 * The spread of a figure across sizes, the smallest measured twice (first and after the largest).
 * `larger` holds every other size, the largest included.
 */
export function scaleSpread(smallestFirst: number, smallestAgain: number, larger: readonly number[]): ScaleSpread {
  const smallest = bracketedMean(smallestFirst, smallestAgain);
  return { smallest, spread: spread([smallest, ...larger]), spreadSmallestFirstOnly: spread([smallestFirst, ...larger]) };
}
