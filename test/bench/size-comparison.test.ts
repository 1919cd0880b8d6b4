import { describe, expect, it } from 'vitest';
import { bracketedMean, scaleSpread, spread } from '../../scripts/bench/size-comparison.ts';

describe('comparing campaign sizes measured one after another', () => {
  it('takes the smallest size as the mean of its runs before and after the larger ones', () => {
    // the nineteenth session's cluster run: 1,000 contacts first and again after 10,000 and 100,000
    const scale = scaleSpread(62.37, 46.76, [55.57, 54.37]);
    expect(scale.smallest).toBeCloseTo(54.565, 3);
    expect(scale.spread).toBeCloseTo(55.57 / 54.37 - 1, 6);
    expect(scale.spreadSmallestFirstOnly).toBeCloseTo(62.37 / 54.37 - 1, 6);
  });

  it('lets the mean, not either run, set the smallest figure, whichever way the order moved it', () => {
    // a store that only grows (the dev server) makes the run after dearer: the mean sits between
    const dearerAfter = scaleSpread(48.74, 60.2, [53.74, 54.0]);
    expect(dearerAfter.smallest).toBeCloseTo(54.47, 2);
    expect(dearerAfter.spread).toBeCloseTo(54.47 / 53.74 - 1, 3);
    expect(dearerAfter.spreadSmallestFirstOnly).toBeCloseTo(54.0 / 48.74 - 1, 6);
  });

  it('measures the spread against the smallest figure and refuses an empty list', () => {
    expect(spread([50, 55, 52])).toBeCloseTo(0.1, 9);
    expect(spread([42])).toBe(0);
    expect(() => spread([])).toThrow(/no figures/);
    expect(bracketedMean(30, 40)).toBe(35);
  });
});
