import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../agent/config.ts';
import { loadConfig } from '../../src/config.ts';
import { configProblems } from '../helpers/config-problems.ts';
import { connectionOptions } from '../../src/temporal/connection-options.ts';

const CLOUD = 'ns.acct.tmprl.cloud:7233';


describe('Temporal connection options from the environment', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'temporal-tls-'));
  const files = { cert: path.join(dir, 'client.pem'), key: path.join(dir, 'client.key'), ca: path.join(dir, 'ca.pem') };
  writeFileSync(files.cert, '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n');
  writeFileSync(files.key, '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n');
  writeFileSync(files.ca, '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('connects in plaintext without settings (the dev server, a private cluster)', () => {
    expect(connectionOptions('temporal:7233', loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }).temporal.auth)).toEqual({ address: 'temporal:7233' });
  });

  it('passes a Temporal Cloud API key with TLS on', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'tcak-123' });
    expect(connectionOptions(CLOUD, config.temporal.auth)).toEqual({ address: CLOUD, tls: {}, apiKey: 'tcak-123' });
  });

  it('reads the mTLS certificate, key, CA and server name', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: CLOUD,
      TEMPORAL_TLS_CERT: files.cert,
      TEMPORAL_TLS_KEY: files.key,
      TEMPORAL_TLS_CA: files.ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const options = connectionOptions(CLOUD, config.temporal.auth);
    expect(options.apiKey).toBeUndefined();
    const tls = options.tls as { clientCertPair: { crt: Uint8Array; key: Uint8Array }; serverRootCACertificate: Uint8Array; serverNameOverride: string };
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toContain('client');
    expect(Buffer.from(tls.clientCertPair.key).toString()).toContain('PRIVATE KEY');
    expect(Buffer.from(tls.serverRootCACertificate).toString()).toContain('ca');
    expect(tls.serverNameOverride).toBe('temporal.internal');
  });

  it('turns on TLS alone with TEMPORAL_TLS=true', () => {
    expect(connectionOptions('t:7233', loadConfig({ TEMPORAL_ADDRESS: 't:7233', TEMPORAL_TLS: 'true' }).temporal.auth)).toEqual({ address: 't:7233', tls: {} });
  });

  it('names the variable of a file it cannot read', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_TLS_CERT: path.join(dir, 'missing.pem'), TEMPORAL_TLS_KEY: files.key });
    expect(() => connectionOptions(CLOUD, config.temporal.auth)).toThrow(/^TEMPORAL_TLS_CERT: cannot read .*missing\.pem \(ENOENT\)/);
  });

  it('refuses half-set or conflicting settings with one clear problem each', () => {
    expect(configProblems({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_TLS_CERT: files.cert })).toEqual([
      'TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY: set both (the client certificate and its private key) or neither',
    ]);
    expect(configProblems({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_TLS_KEY: files.key })).toHaveLength(1);
    expect(configProblems({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_API_KEY: 'k', TEMPORAL_TLS_CERT: files.cert, TEMPORAL_TLS_KEY: files.key })).toEqual([
      'TEMPORAL_API_KEY / TEMPORAL_TLS_CERT: authenticate one way, with an API key or with a client certificate, not both',
    ]);
    expect(configProblems({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' })).toEqual([
      'TEMPORAL_TLS: cannot be false with TEMPORAL_API_KEY or a client certificate, which need TLS',
    ]);
    expect(configProblems({ TEMPORAL_ADDRESS: CLOUD, TEMPORAL_TLS_CA: files.ca })).toEqual([
      'TEMPORAL_TLS_CA / TEMPORAL_TLS_SERVER_NAME: apply only with TLS (set TEMPORAL_API_KEY, TEMPORAL_TLS_CERT and _KEY, or TEMPORAL_TLS=true)',
    ]);
    expect(configProblems({ TEMPORAL_API_KEY: 'k' })).toEqual(['TEMPORAL_ADDRESS: required with TEMPORAL_API_KEY or TLS settings (the local dev server speaks plaintext)']);
  });

  it('applies the same rule to the voice agent', () => {
    const agentEnv = { DATABASE_URL: 'postgres://x@db/x', OPENAI_API_KEY: 'sk', DEEPGRAM_API_KEY: 'dg', TEMPORAL_ADDRESS: CLOUD };
    expect(loadAgentConfig({ ...agentEnv, TEMPORAL_API_KEY: 'tcak' }).temporalAuth).toEqual({ apiKey: 'tcak', tls: { certPath: null, keyPath: null, caPath: null, serverName: null } });
    expect(() => loadAgentConfig({ ...agentEnv, TEMPORAL_TLS_KEY: files.key })).toThrow(/TEMPORAL_TLS_CERT \/ TEMPORAL_TLS_KEY: set both/);
  });
});
