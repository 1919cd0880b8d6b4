import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../agent/config.ts';

const base = { DATABASE_URL: 'postgres://x@db/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

describe('the agent configuration', () => {
  it('needs the speech services for phone calls (the default), and none in text mode', () => {
    expect(() => loadAgentConfig(base)).toThrow(/OPENAI_API_KEY: required when AGENT_IO=audio[\s\S]*DEEPGRAM_API_KEY: required when AGENT_IO=audio/);
    expect(loadAgentConfig({ ...base, OPENAI_API_KEY: 'sk', DEEPGRAM_API_KEY: 'dg' })).toMatchObject({ AGENT_IO: 'audio' });
    // an empty variable counts as unset
    const text = loadAgentConfig({ ...base, AGENT_IO: 'text', OPENAI_API_KEY: '', DEEPGRAM_API_KEY: '' });
    expect([text.AGENT_IO, text.OPENAI_API_KEY, text.DEEPGRAM_API_KEY]).toEqual(['text', undefined, undefined]);
    expect(() => loadAgentConfig({ ...base, AGENT_IO: 'video' })).toThrow(/AGENT_IO/);
  });

  it('leaves the worker options to the framework unless set', () => {
    const defaults = loadAgentConfig({ ...base, AGENT_IO: 'text' });
    expect([defaults.AGENT_HTTP_HOST, defaults.AGENT_HTTP_PORT, defaults.AGENT_MAX_CALLS, defaults.AGENT_IDLE_PROCESSES, defaults.AGENT_INIT_TIMEOUT_SECONDS]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const set = loadAgentConfig({ ...base, AGENT_IO: 'text', AGENT_HTTP_HOST: '127.0.0.1', AGENT_HTTP_PORT: '9100', AGENT_MAX_CALLS: '4', AGENT_IDLE_PROCESSES: '1', AGENT_INIT_TIMEOUT_SECONDS: '120' });
    expect(set).toMatchObject({ AGENT_HTTP_HOST: '127.0.0.1', AGENT_HTTP_PORT: 9100, AGENT_MAX_CALLS: 4, AGENT_IDLE_PROCESSES: 1, AGENT_INIT_TIMEOUT_SECONDS: 120 });
    expect(() => loadAgentConfig({ ...base, AGENT_IO: 'text', AGENT_IDLE_PROCESSES: '0' })).toThrow(/AGENT_IDLE_PROCESSES/);
  });

  it('serves its metrics on loopback port 8082 unless told otherwise', () => {
    expect(loadAgentConfig({ ...base, AGENT_IO: 'text' })).toMatchObject({ AGENT_METRICS_HOST: '127.0.0.1', AGENT_METRICS_PORT: 8082 });
    expect(loadAgentConfig({ ...base, AGENT_IO: 'text', AGENT_METRICS_HOST: '0.0.0.0', AGENT_METRICS_PORT: '0' })).toMatchObject({ AGENT_METRICS_HOST: '0.0.0.0', AGENT_METRICS_PORT: 0 });
    expect(() => loadAgentConfig({ ...base, AGENT_IO: 'text', AGENT_METRICS_PORT: '70000' })).toThrow(/AGENT_METRICS_PORT/);
  });
});
