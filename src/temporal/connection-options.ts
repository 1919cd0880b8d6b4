import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';

/**
 * How the service and the voice agent authenticate to Temporal: Temporal Cloud's API key, or mutual
 * TLS with a client certificate (Cloud or a self-hosted cluster), or plain TLS. Spread into both
 * processes' environment schemas so the rule is written once.
 */
export const temporalAuthEnvShape = {
  /** Temporal Cloud API key; implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** PEM files of the client certificate and its private key (mTLS); set both or neither. */
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  /** PEM file of the CA that signed the server's certificate, when the system's roots do not (self-hosted). */
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  /** Name to check the server's certificate against (SNI), when it differs from the address' host. */
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** TLS without a client certificate or API key (a cluster behind a TLS proxy). */
  TEMPORAL_TLS: z.stringbool().optional(),
};

type AuthEnv = { [K in keyof typeof temporalAuthEnvShape]?: z.infer<(typeof temporalAuthEnvShape)[K]> } & { TEMPORAL_ADDRESS?: string };

/** What the connection is built from: file paths are read when connecting, not when parsing. */
export interface TemporalAuth {
  apiKey: string | null;
  /** null: plaintext (the local dev server, or a cluster on a private network) */
  tls: { certPath: string | null; keyPath: string | null; caPath: string | null; serverName: string | null } | null;
}

export const noTemporalAuth: TemporalAuth = { apiKey: null, tls: null };

/** The settings and every problem with them, each naming its variables, for the caller's config error. */
export function temporalAuthFrom(env: AuthEnv): { auth: TemporalAuth; problems: string[] } {
  const problems: string[] = [];
  const { TEMPORAL_API_KEY: apiKey, TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key, TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_SERVER_NAME: serverName } = env;
  if (Boolean(cert) !== Boolean(key)) problems.push('TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY: set both (the client certificate and its private key) or neither');
  if (apiKey && (cert || key)) problems.push('TEMPORAL_API_KEY / TEMPORAL_TLS_CERT: authenticate one way, with an API key or with a client certificate, not both');
  if (env.TEMPORAL_TLS === false && (apiKey || cert || key)) problems.push('TEMPORAL_TLS: cannot be false with TEMPORAL_API_KEY or a client certificate, which need TLS');
  const tlsOn = Boolean(apiKey || cert || key || env.TEMPORAL_TLS);
  if (!tlsOn && (ca || serverName)) problems.push('TEMPORAL_TLS_CA / TEMPORAL_TLS_SERVER_NAME: apply only with TLS (set TEMPORAL_API_KEY, TEMPORAL_TLS_CERT and _KEY, or TEMPORAL_TLS=true)');
  if (tlsOn && !env.TEMPORAL_ADDRESS) problems.push('TEMPORAL_ADDRESS: required with TEMPORAL_API_KEY or TLS settings (the local dev server speaks plaintext)');
  return {
    auth: {
      apiKey: apiKey ?? null,
      tls: tlsOn ? { certPath: cert ?? null, keyPath: key ?? null, caPath: ca ?? null, serverName: serverName ?? null } : null,
    },
    problems,
  };
}

/** Options both `Connection.connect` (client) and `NativeConnection.connect` (workers) take. */
export interface TemporalConnectOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

/** The connection options, reading the PEM files; a file that cannot be read is named with its variable. */
export function connectionOptions(address: string, auth: TemporalAuth, readFile: (path: string) => Buffer = readFileSync): TemporalConnectOptions {
  if (!auth.tls) return { address };
  const read = (variable: string, path: string | null): Uint8Array | undefined => {
    if (path === null) return undefined;
    try {
      return new Uint8Array(readFile(path));
    } catch (error) {
      throw new Error(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  };
  const crt = read('TEMPORAL_TLS_CERT', auth.tls.certPath);
  const key = read('TEMPORAL_TLS_KEY', auth.tls.keyPath);
  const tls: TLSConfig = {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(auth.tls.caPath ? { serverRootCACertificate: read('TEMPORAL_TLS_CA', auth.tls.caPath) } : {}),
    ...(auth.tls.serverName ? { serverNameOverride: auth.tls.serverName } : {}),
  };
  return { address, tls, ...(auth.apiKey ? { apiKey: auth.apiKey } : {}) };
}
