import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { sessionSettings } from './client.ts';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs PGlite (Postgres compiled to WASM) behind its wire-protocol socket server, so the service talks to
 * it through postgres.js exactly as it talks to a real server. `dataDir` undefined keeps it in memory.
 * PGlite executes one query at a time; the socket server queues them and keeps transactions together.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  // the one session every socket connection shares: startup parameters do not reach it
  for (const [name, value] of Object.entries(sessionSettings)) await db.query('select set_config($1, $2, false)', [name, value]);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: 32 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
