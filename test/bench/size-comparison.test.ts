import { describe, expect, it } from 'vitest';
import { bracketedMean, median, scaleSpread, spread } from '../../scripts/bench/size-comparison.ts';

describe('comparing campaign sizes measured one after another', () => {
  it('takes the smallest size as the median of its runs before, between and after the larger ones', () => {
    // 2026-12-06's cluster runs on one host: the 1,000's minute moved by a tenth from run to run
    const scale = scaleSpread([91.72, 113.74, 92.82], [101.69]);
    expect(scale.smallest).toBe(92.82);
    expect(scale.spread).toBeCloseTo(101.69 / 92.82 - 1, 6);
    expect(scale.spreadSmallestFirstOnly).toBeCloseTo(101.69 / 91.72 - 1, 6);
  });

  it('with two runs of the smallest size takes their mean, whichever way the order moved it', () => {
    // the nineteenth session's cluster run: 1,000 contacts first and again after 10,000 and 100,000
    const scale = scaleSpread([62.37, 46.76], [55.57, 54.37]);
    expect(scale.smallest).toBeCloseTo(54.565, 3);
    expect(scale.spread).toBeCloseTo(55.57 / 54.37 - 1, 6);
    expect(scale.spreadSmallestFirstOnly).toBeCloseTo(62.37 / 54.37 - 1, 6);
    // a store that only grows (the dev server) makes the run after dearer: the mean sits between
    const dearerAfter = scaleSpread([48.74, 60.2], [53.74, 54.0]);
    expect(dearerAfter.smallest).toBeCloseTo(54.47, 2);
    expect(dearerAfter.spread).toBeCloseTo(54.47 / 53.74 - 1, 3);
    expect(dearerAfter.spreadSmallestFirstOnly).toBeCloseTo(54.0 / 48.74 - 1, 6);
  });

  it('measures the spread against the smallest figure and refuses empty lists', () => {
    expect(spread([50, 55, 52])).toBeCloseTo(0.1, 9);
    expect(spread([42])).toBe(0);
    expect(() => spread([])).toThrow(/no figures/);
    expect(() => median([])).toThrow(/no figures/);
    expect(() => scaleSpread([], [50])).toThrow(/no runs/);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(bracketedMean(30, 40)).toBe(35);
  });
});
