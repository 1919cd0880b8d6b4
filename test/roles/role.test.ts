import { describe, expect, it } from 'vitest';
import { roleFrom } from '../../src/roles/role.ts';

describe('the process role', () => {
  it('defaults to all, and refuses a split role without a cluster to share or an unknown one', () => {
    expect(roleFrom({})).toBe('all');
    expect(roleFrom({ ROLE: 'agent' })).toBe('agent');
    expect(roleFrom({ ROLE: 'worker', TEMPORAL_ADDRESS: 'temporal:7233' })).toBe('worker');
    expect(() => roleFrom({ ROLE: 'api' })).toThrow(/ROLE=api needs TEMPORAL_ADDRESS/);
    expect(() => roleFrom({ ROLE: 'workers' })).toThrow(/ROLE must be one of all, api, worker, agent/);
  });
});
