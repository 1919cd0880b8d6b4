// The host's pace while a campaign runs: the processor time one fixed piece of work takes, measured
// once a second in a process of its own. On this build machine a size's time per contact moves by a
// tenth to a fifth from one run to the next, and every process's processor time a contact moves with
// it (the API's too, whose work does not depend on the campaign's size); the hypervisor reports no
// stolen time, so a vCPU held back would count as the running process's own. A fixed piece of work
// tells the two causes apart: the host itself slower, or the service's processes doing more. (Its
// first runs, 2026-12-06: in one the probe moved by 6 % where the time per contact moved by a third,
// and not with it; in the next it moved by 9 % with a rise of 27 %: the host's clock explains a
// part of the swings, not most of them.)
//
// The work is an integer loop (the processor's clock) and a walk through 8 MiB in a random cycle
// (its caches and memory, which neighbours on the host share): 8.6 ms on this machine idle, 11 to 12
// during campaigns, about a hundredth of one of its two processors at one a second.
// Forked by `startHostPaceProbe`; the same file is the child's entry.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './size-comparison.ts';

const LOOP_ITERATIONS = 1_000_000;
const WALK_STEPS = 60_000;
const WALK_BYTES = 8 * 2 ** 20;

type FromChild = { ready: true } | { sampleMs: number };

export interface HostPace {
  /** samples taken since the last read */
  samples: number;
  /** the median processor time of the fixed work, in ms (NaN without samples) */
  medianMs: number;
}

export interface HostPaceProbe {
  /** the pace since the last call (or the start), and starts counting anew */
  since(): HostPace;
  stop(): void;
}

const entry = fileURLToPath(import.meta.url);

/** Starts the probe's process (bounded by `timeoutMs` to be ready); it samples every `intervalMs` until stopped. */
export async function startHostPaceProbe(intervalMs = 1000, timeoutMs = 60_000): Promise<HostPaceProbe> {
  const child = fork(entry, [String(intervalMs)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let samples: number[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench: the host pace probe was not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench: the host pace probe exited with ${code} before it was ready`));
    });
    child.on('message', (message: FromChild) => {
      if ('ready' in message) {
        clearTimeout(timer);
        resolve();
      } else samples.push(message.sampleMs);
    });
  });
  return {
    since() {
      const taken = samples;
      samples = [];
      return { samples: taken.length, medianMs: taken.length > 0 ? median(taken) : Number.NaN };
    },
    stop() {
      child.kill();
    },
  };
}

/** A random cycle through `length` slots (Sattolo's algorithm, a fixed seed): each step lands on an unpredictable line. */
function randomCycle(length: number): Int32Array {
  const next = new Int32Array(length);
  for (let i = 0; i < length; i++) next[i] = i;
  let seed = 0x9e3779b9 | 0;
  for (let i = length - 1; i > 0; i--) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const j = (seed >>> 0) % i;
    const swap = next[i]!;
    next[i] = next[j]!;
    next[j] = swap;
  }
  return next;
}

/** The fixed work; its result is returned so the compiler cannot drop it. */
function fixedWork(cycle: Int32Array): number {
  let x = 0x2545f491;
  for (let i = 0; i < LOOP_ITERATIONS; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  let at = 0;
  for (let i = 0; i < WALK_STEPS; i++) at = cycle[at]!;
  return x ^ at;
}

// the child: a sample a second until the parent goes
if (process.argv[1] === entry && process.send) {
  const cycle = randomCycle(WALK_BYTES / Int32Array.BYTES_PER_ELEMENT);
  // warmed, so the first samples are not the compiler's
  let sink = 0;
  for (let i = 0; i < 20; i++) sink ^= fixedWork(cycle);
  const timer = setInterval(() => {
    const before = process.cpuUsage();
    sink ^= fixedWork(cycle);
    const used = process.cpuUsage(before);
    process.send!({ sampleMs: (used.user + used.system) / 1000 } satisfies FromChild);
  }, Number(process.argv[2]));
  process.on('disconnect', () => {
    clearInterval(timer);
    process.exit(sink === 0.5 ? 1 : 0);
  });
  process.send({ ready: true } satisfies FromChild);
}
