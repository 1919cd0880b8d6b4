// The service's process settings as docker-compose.yml deploys them (node flags, glibc's arenas, CPU
// weights of the API and the worker), read from the file itself so the bench measures the bounds that
// ship, not a copy of them.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const defaultComposeFile = new URL('../../docker-compose.yml', import.meta.url);

type Compose = { services: Record<string, { environment?: Record<string, unknown>; cpu_shares?: number }> };

function readCompose(composeFile: URL): Compose {
  return parse(readFileSync(composeFile, 'utf8'), { merge: true }) as Compose;
}

/** The variables of a service read by node or the C library rather than by the service. */
const processLevel = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_'] as const;

export interface DeployedService {
  /** node's command-line flags (compose passes them as NODE_OPTIONS) */
  nodeOptions: string[];
  /** the process-level variables besides NODE_OPTIONS, as compose sets them */
  env: Record<string, string>;
  /** the nice level whose Linux CPU weight is nearest compose's `cpu_shares` against the default 1024 */
  nice: number;
}

/** Linux's CPU weight of each nice level -20 to 19 (the kernel's sched_prio_to_weight); 1024 at nice 0, as a container's default shares. */
const weightOfNice = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];

/**
 * A process on a shared host gets CPU by the same weights, whether a cgroup's shares (cgroup v1; v2
 * converts shares to its own weights, a level or so off) or a nice level set them.
 */
export function niceForShares(shares: number): number {
  const nearest = weightOfNice.reduce((best, weight, i) => (Math.abs(weight - shares) < Math.abs(weightOfNice[best]! - shares) ? i : best), 0);
  return nearest - 20;
}

/** The nice level of a compose service's CPU weight (`cpu_shares`, default 1024). */
export type ServiceRole = 'api' | 'worker';

export function deployedNice(service: ServiceRole, composeFile = defaultComposeFile): number {
  return niceForShares(readCompose(composeFile).services[service]?.cpu_shares ?? 1024);
}

/** A service's node flags, C library settings and CPU weight as compose deploys them. */
export function deployedService(service: ServiceRole, composeFile = defaultComposeFile): DeployedService {
  const compose = readCompose(composeFile);
  const environment = compose.services[service]?.environment ?? {};
  const set = Object.fromEntries(processLevel.filter((k) => environment[k] !== undefined).map((k) => [k, String(environment[k])]));
  const { NODE_OPTIONS: nodeOptions = '', ...env } = set;
  return { nodeOptions: nodeOptions.split(/\s+/).filter(Boolean), env, nice: deployedNice(service, composeFile) };
}
