import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { agentEnvSchema } from '../../agent/config.ts';
import { envSchema, loadConfig } from '../../src/config.ts';
import { roleFrom } from '../../src/roles/role.ts';
import { deployedNice, deployedService, niceForShares } from '../../scripts/bench/deployed-service.ts';

// There is no Docker engine here: what can be checked without one is checked against the code.
const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { image?: string; build?: string; command?: string[]; environment?: Record<string, unknown>; ports?: string[] }> };
const example = Object.fromEntries(
  read('compose.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
/** A service's environment as the container sees it: the .env file, then its own settings (compose's ${…:-default} resolved). */
const envOf = (name: string): Record<string, string> => ({
  ...example,
  // the example asks for a key the owner generates; a generated one stands in
  TEMPORAL_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  ...Object.fromEntries(Object.entries(compose.services[name]!.environment ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')])),
});
const known = new Set([...Object.keys(envSchema.shape), ...Object.keys(agentEnvSchema.shape), 'ROLE', 'HEALTH_PORT', 'LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET',
  // read by node itself and by the C library (the worker's memory bounds)
  'NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_']);
const roleServices = ['api', 'worker', 'agent'];

describe('docker-compose.yml', () => {
  it('pins every image and runs the service in its three roles from one build', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.image && !roleServices.includes(name)) expect({ name, pinned: /:[0-9][\w.-]*$/.test(service.image) }).toEqual({ name, pinned: true });
    }
    expect(roleServices.map((name) => compose.services[name]!.environment!.ROLE)).toEqual(['api', 'worker', 'agent']);
    expect(new Set(roleServices.map((name) => compose.services[name]!.build))).toEqual(new Set(['.']));
    expect(compose.services.temporal!.image).toBe('temporalio/server:1.29.1');
  });

  it('sets only variables the service reads, and each role starts with the example .env', () => {
    for (const name of roleServices) {
      for (const key of Object.keys(envOf(name))) expect({ name, key, known: known.has(key) }).toEqual({ name, key, known: true });
    }
    for (const key of Object.keys(example)) expect({ key, known: known.has(key) }).toEqual({ key, known: true });
    // the api and the worker load the full configuration in production: a session secret and a real sign-in
    for (const name of ['api', 'worker']) {
      const env = envOf(name);
      expect(roleFrom(env)).toBe(name);
      const config = loadConfig(env);
      expect(config.auth).toMatchObject({ devLogin: false, sessionSecretConfigured: true });
      expect(config.auth.google ?? config.auth.microsoft).not.toBeNull();
    }
    expect(agentEnvSchema.safeParse(envOf('agent')).success).toBe(true);
  });

  it('builds an image that holds every folder the roles import', () => {
    const dockerfile = read('Dockerfile');
    for (const folder of ['src', 'workflows', 'activities', 'agent', 'sql']) expect(dockerfile).toMatch(new RegExp(`^COPY ${folder} \\./${folder}$`, 'm'));
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    // the API and the worker run the compiled service with its pre-built workflow bundle; the agent its sources
    expect(dockerfile).toMatch(/^RUN npx tsx scripts\/build-service\.ts$/m);
    expect(dockerfile).toMatch(/^ENV WORKFLOW_BUNDLE=\/app\/dist\/service\/workflows\.js$/m);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/service\/main\.mjs"\]/);
    expect(compose.services.agent!.command).toEqual(['node', '--import', 'tsx', 'src/main.ts']);
  });

  it('gives the bench the worker and the API as they ship: node flags, C library settings, and the CPU weight of their shares as a nice level', () => {
    const worker = deployedService('worker');
    expect(worker.nodeOptions).toEqual(['--max-old-space-size=128', '--max-semi-space-size=2']);
    expect(worker.env).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '1048576' });
    // compose's 110 shares are Linux's weight of nice 10; the default 1024 is nice 0, half of it about nice 3
    expect(worker.nice).toBe(10);
    // the API's 9548 shares are the weight of nice -10: status reads come first
    expect(deployedNice('api')).toBe(-10);
    expect([1024, 512, 110, 2].map(niceForShares)).toEqual([0, 3, 10, 19]);
  });
});
