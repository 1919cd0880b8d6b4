// The worker's process settings as docker-compose.yml deploys it (node's flags, glibc's arenas, its CPU
// weight), read from the file itself so the bench measures the bounds that ship, not a copy of them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The variables of the worker service read by node or the C library rather than by the service. */
const processLevel = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_'] as const;

export interface DeployedWorker {
  /** node's command-line flags (compose passes them as NODE_OPTIONS) */
  nodeOptions: string[];
  /** the process-level variables besides NODE_OPTIONS, as compose sets them */
  env: Record<string, string>;
  /** the nice level whose Linux CPU weight is nearest compose's `cpu_shares` against the default 1024 */
  nice: number;
}

/** Linux's CPU weight of each nice level 0 to 19 (the kernel's sched_prio_to_weight); 1024 at nice 0, as a container's default shares. */
const weightOfNice = [1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15];

/** A process on a shared host gets CPU by the same weights, whether a cgroup's shares or a nice level set them. */
export function niceForShares(shares: number): number {
  return weightOfNice.reduce((best, weight, nice) => (Math.abs(weight - shares) < Math.abs(weightOfNice[best]! - shares) ? nice : best), 0);
}

export function deployedWorker(composeFile = new URL('../../docker-compose.yml', import.meta.url)): DeployedWorker {
  const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, unknown>; cpu_shares?: number }> };
  const environment = compose.services.worker?.environment ?? {};
  const set = Object.fromEntries(processLevel.filter((k) => environment[k] !== undefined).map((k) => [k, String(environment[k])]));
  const { NODE_OPTIONS: nodeOptions = '', ...env } = set;
  return { nodeOptions: nodeOptions.split(/\s+/).filter(Boolean), env, nice: niceForShares(compose.services.worker?.cpu_shares ?? 1024) };
}
