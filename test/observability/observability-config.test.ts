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
