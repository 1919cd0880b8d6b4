import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { configProblems } from '../helpers/config-problems.ts';

describe('observability settings', () => {
  it('defaults: /metrics closed on the API, SDK metrics on loopback, info logs, health on loopback', () => {
    const config = loadConfig({});
    expect(config.metrics).toEqual({ token: null, temporalBindAddress: '127.0.0.1:9464' });
    expect(config.serviceLogLevel).toBe('info');
    expect(config.health).toEqual({ host: '127.0.0.1', port: 8081 });
  });

  it('takes valid values and names each bad one', () => {
    const config = loadConfig({ METRICS_TOKEN: 'm'.repeat(32), TEMPORAL_METRICS_BIND_ADDRESS: '0.0.0.0:9000', SERVICE_LOG_LEVEL: 'debug', HEALTH_HOST: '0.0.0.0', HEALTH_PORT: '9100' });
    expect(config.metrics).toEqual({ token: 'm'.repeat(32), temporalBindAddress: '0.0.0.0:9000' });
    expect(config.serviceLogLevel).toBe('debug');
    expect(config.health).toEqual({ host: '0.0.0.0', port: 9100 });
    const problems = configProblems({ METRICS_TOKEN: 'short', TEMPORAL_METRICS_BIND_ADDRESS: '9464', SERVICE_LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['METRICS_TOKEN', 'SERVICE_LOG_LEVEL', 'TEMPORAL_METRICS_BIND_ADDRESS']);
    expect(problems.find((p) => p.startsWith('METRICS_TOKEN'))).toBe('METRICS_TOKEN: must be at least 32 characters');
  });
});

describe('tracing settings', () => {
  it('is off without an OTLP endpoint', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_SERVICE_NAME: 'dialer' }).tracing).toBeNull();
  });

  it('sends to <base>/v1/traces, or to the traces endpoint as given, which wins', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({ tracesUrl: 'http://collector:4318/v1/traces', serviceName: null });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otlp/', OTEL_SERVICE_NAME: 'dialer-eu' }).tracing).toEqual({ tracesUrl: 'http://collector:4318/otlp/v1/traces', serviceName: 'dialer-eu' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/in' }).tracing?.tracesUrl).toBe('https://traces.example.com/in');
    expect(configProblems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://traces.example.com' }).map((p) => p.split(':')[0]).sort()).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
  });

  it('loads no OpenTelemetry code until tracing starts', () => {
    // a fresh process importing what the api and worker roles run; OpenTelemetry's packages are CommonJS,
    // so require.cache shows them. @opentelemetry/api is the no-op facade prom-client loads for exemplars.
    const script = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('opentelemetry') && !f.includes('@opentelemetry/api/')).length;
      await import('./src/runtime.ts');
      await import('./src/api/app.ts');
      const before = loaded();
      await import('./src/observability/otel-tracing.ts');
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' });
    const { before, after } = JSON.parse(out.trim().split('\n').at(-1)!) as { before: number; after: number };
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0);
  }, 30_000);
});
