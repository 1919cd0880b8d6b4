// How the bench compares campaigns of different sizes measured one after another on one worker and
// one server. A campaign measured first meets a cold host (JIT, caches, an empty store), one measured
// last a warm one whose store the others filled; which way that moves a figure depends on the server
// (the dev server's store only grows, a vacuumed cluster's does not). So a baseline is measured before
// and after what it is compared with: the waiting contacts' baseline is the mean of its two runs.
// The scale's smallest size lasts about a minute, and a minute's pace moves by about a tenth from one
// run to the next on this host, both ways (three cluster runs on 2026-12-06: the 10,000 came out 1.8 %
// cheaper, 10.9 % dearer and 1.3 % cheaper than the 1,000 before it, with the same store operations a
// contact): so it is measured before and after each larger size, and its figure is the median of
// those runs, which one slow or fast minute does not move.

/** A baseline measured before and after the runs it is compared with: neither order favours it. */
export function bracketedMean(before: number, after: number): number {
  return (before + after) / 2;
}

/** The middle figure (the mean of the middle two for an even count): one outlier does not move it. */
export function median(figures: readonly number[]): number {
  if (figures.length === 0) throw new Error('median: no figures');
  const sorted = [...figures].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : bracketedMean(sorted[middle - 1]!, sorted[middle]!);
}

/** How far the largest of the figures is above the smallest, as a share of the smallest. */
export function spread(figures: readonly number[]): number {
  if (figures.length === 0) throw new Error('spread: no figures');
  return Math.max(...figures) / Math.min(...figures) - 1;
}

export interface ScaleSpread {
  /** the smallest size's figure: the median of its runs (before, between and after the larger sizes) */
  smallest: number;
  /** the spread with the smallest size as that median, beside each larger size (`timePerContactSpread` in the JSON line) */
  spread: number;
  /** the same with the smallest size's first run alone (what `timePerContactSpread` meant before 2026-12-06) */
  spreadSmallestFirstOnly: number;
}

/**
 * The spread of a figure across sizes, the smallest measured several times in order: first, then
 * after each larger size. `larger` holds every other size, the largest included. With two runs of
 * the smallest the median is their mean (what `timePerContactSpread` meant on 2026-12-06).
 */
export function scaleSpread(smallestRuns: readonly number[], larger: readonly number[]): ScaleSpread {
  if (smallestRuns.length === 0) throw new Error('scaleSpread: the smallest size has no runs');
  const smallest = median(smallestRuns);
  return { smallest, spread: spread([smallest, ...larger]), spreadSmallestFirstOnly: spread([smallestRuns[0]!, ...larger]) };
}
