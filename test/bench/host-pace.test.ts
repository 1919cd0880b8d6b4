import { describe, expect, it } from 'vitest';
import { startHostPaceProbe } from '../../scripts/bench/host-pace.ts';

describe("the bench's host pace probe", () => {
  it('times its fixed work in processor time until stopped, and counts anew at each read', async () => {
    const probe = await startHostPaceProbe(20);
    try {
      // bounded: five samples at one every 20 ms, with room for a busy machine
      const until = Date.now() + 10_000;
      let pace = probe.since();
      let samples = pace.samples;
      const seen: number[] = [];
      while (samples < 5 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        pace = probe.since();
        samples += pace.samples;
        if (pace.samples > 0) seen.push(pace.medianMs);
      }
      expect(samples).toBeGreaterThanOrEqual(5);
      // the fixed work costs some processor time, and not seconds of it
      expect(Math.min(...seen)).toBeGreaterThan(0);
      expect(Math.max(...seen)).toBeLessThan(1000);
      // a read takes what came since the last one: nothing has, at once
      expect(probe.since()).toEqual({ samples: 0, medianMs: Number.NaN });
    } finally {
      probe.stop();
    }
  });
});
