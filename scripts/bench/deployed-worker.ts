// The worker's process settings as docker-compose.yml deploys it (node's flags, glibc's arenas), read
// from the file itself so the bench measures the memory bound that ships, not a copy of it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The variables of the worker service read by node or the C library rather than by the service. */
const processLevel = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_'] as const;

export interface DeployedWorker {
  /** node's command-line flags (compose passes them as NODE_OPTIONS) */
  nodeOptions: string[];
  /** the process-level variables besides NODE_OPTIONS, as compose sets them */
  env: Record<string, string>;
}

export function deployedWorker(composeFile = new URL('../../docker-compose.yml', import.meta.url)): DeployedWorker {
  const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, unknown> }> };
  const environment = compose.services.worker?.environment ?? {};
  const set = Object.fromEntries(processLevel.filter((k) => environment[k] !== undefined).map((k) => [k, String(environment[k])]));
  const { NODE_OPTIONS: nodeOptions = '', ...env } = set;
  return { nodeOptions: nodeOptions.split(/\s+/).filter(Boolean), env };
}
