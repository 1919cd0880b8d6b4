import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributes } from './search-attributes.ts';
import { resolveTemporalExecutable } from './temporal-cli.ts';

export interface DevServer {
  /** host:port of the frontend */
  address: string;
  uiUrl: string | null;
  /** the server's Prometheus endpoint (its store operations, among others; read by the benchmark) */
  metricsUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with the campaign's search attributes registered.
 * `dbFilename` keeps workflows across restarts; without it the server forgets everything on exit.
 */
export async function startDevServer(options: {
  port?: number;
  uiPort?: number;
  dbFilename?: string;
  namespace?: string;
}): Promise<DevServer> {
  const executable = await resolveTemporalExecutable();
  const port = options.port ?? (await freePort());
  // chosen here rather than left to the server, so the endpoint is known
  const metricsPort = await freePort();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: '127.0.0.1',
      port,
      ...(options.uiPort ? { ui: true, uiPort: options.uiPort } : {}),
      dbFilename: options.dbFilename,
      namespace: options.namespace,
      searchAttributes: allSearchAttributes,
      log: { format: 'pretty', level: 'error' },
      extraArgs: ['--metrics-port', String(metricsPort)],
    },
  });
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : null,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    stop: () => env.teardown(),
  };
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The preferred port when nothing listens on it, otherwise any free one. */
export async function portOrFree(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}
