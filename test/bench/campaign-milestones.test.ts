import { describe, expect, it } from 'vitest';
import { watchMilestones, type Milestone } from '../../scripts/bench/campaign-milestones.ts';
import { waitFor } from '../helpers/wait-for.ts';

describe("a long campaign's milestones", () => {
  it('reports each tenth once, with the time per contact over it and so far, skipping failed reads', async () => {
    // the campaign's progress as the looks see it, and the clock at each look (ms)
    const looks: (number | Error)[] = [50, 120, new Error('query timed out'), 190, 260, 400, 1_000];
    const clock = [0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000];
    let look = 0;
    let time = 0;
    const seen: Milestone[] = [];
    const watch = watchMilestones({
      label: 'campaign',
      of: 1_000,
      every: 100,
      done: async () => {
        const next = looks[Math.min(look, looks.length - 1)]!;
        time = clock[Math.min(look, clock.length - 1)]!;
        look++;
        if (next instanceof Error) throw next;
        return next;
      },
      workerRss: async () => 220 * 2 ** 20,
      onMilestone: (m) => seen.push(m),
      pollMs: 1,
      now: () => time,
    });
    await waitFor('every look made', async () => look >= looks.length, 5_000, 5);
    await watch.stop();

    // 120 passes 100; 190 passes nothing new; 260 passes 200; 400 passes 300 and 400 (one report); 1,000 the rest
    expect(seen.map((m) => m.done)).toEqual([120, 260, 400, 1_000]);
    expect(seen.map((m) => m.msPerContactWindow)).toEqual([1_000 / 120, (4_000 - 1_000) / (260 - 120), 1_000 / 140, 1_000 / 600]);
    expect(seen[3]!.msPerContactSoFar).toBe(6);
    expect(seen.every((m) => m.workerRssMiB === 220 && m.of === 1_000 && m.label === 'campaign')).toBe(true);
  });
});
