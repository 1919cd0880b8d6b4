// Milestones of a long measured campaign while it runs. A 100,000-contact campaign takes about two
// hours on this machine, and runs have been stopped part-way (to leave a session time for its checks);
// with a line at every tenth of the campaign, a stopped run still leaves figures comparable with the
// finished sizes: time per contact over each tenth, the worker's memory, and whether either grows.

export interface Milestone {
  label: string;
  /** contacts finished when the milestone was seen */
  done: number;
  of: number;
  at: string;
  /** time per contact since the previous milestone (or the start) */
  msPerContactWindow: number;
  /** time per contact since the start */
  msPerContactSoFar: number;
  workerRssMiB: number;
}

export interface MilestoneWatch {
  label: string;
  of: number;
  /** a milestone every this many finished contacts */
  every: number;
  /** finished contacts now (a failed read: skip this look) */
  done: () => Promise<number>;
  /** the worker's resident memory now, in bytes */
  workerRss: () => Promise<number>;
  onMilestone: (milestone: Milestone) => void;
  /** how often to look (bounded: a milestone is seen at most this late) */
  pollMs?: number;
  now?: () => number;
}

/** Looks every `pollMs` until stopped; each look that passed one or more milestones reports one. */
export function watchMilestones(watch: MilestoneWatch): { stop(): Promise<void> } {
  const now = watch.now ?? (() => performance.now());
  const started = now();
  let last = { time: started, done: 0 };
  let next = watch.every;
  let stopped = false;
  let looking: Promise<void> = Promise.resolve();

  const look = async () => {
    const done = await watch.done().catch(() => null);
    if (done === null || done < next || stopped) return;
    const time = now();
    const workerRss = await watch.workerRss().catch(() => 0);
    watch.onMilestone({
      label: watch.label,
      done,
      of: watch.of,
      at: new Date().toISOString(),
      msPerContactWindow: (time - last.time) / (done - last.done),
      msPerContactSoFar: (time - started) / done,
      workerRssMiB: workerRss / 2 ** 20,
    });
    last = { time, done };
    while (next <= done) next += watch.every;
  };
  const timer = setInterval(() => {
    // one look at a time: a slow read must not overlap the next
    looking = looking.then(look);
  }, watch.pollMs ?? 5_000);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await looking;
    },
  };
}
