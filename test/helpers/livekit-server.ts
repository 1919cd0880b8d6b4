import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/temporal/dev-server.ts';
import { waitFor } from './wait-for.ts';

const script = fileURLToPath(new URL('../../scripts/livekit-server.sh', import.meta.url));

export interface RealLiveKit {
  /** what agents and participants dial (signalling websocket) */
  wsUrl: string;
  /** what the server SDK's clients call (Twirp over HTTP) */
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real livekit-server (scripts/livekit-server.sh: built once into .tools/, loopback only, the
 * machine's Redis) on free ports, in its own process group.
 */
export async function startRealLiveKit(): Promise<RealLiveKit> {
  await promisify(execFile)('bash', [script, 'build'], { timeout: 20 * 60_000 });
  const port = await freePort();
  const udpPort = await freePort();
  const apiKey = 'devkey';
  const apiSecret = 'devsecret-devsecret-devsecret-0000';
  const child: ChildProcess = spawn('bash', [script, 'start'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LIVEKIT_PORT: String(port), LIVEKIT_UDP_PORT: String(udpPort), LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitFor('livekit-server to answer', async () => {
    if (child.exitCode !== null) throw new Error(`livekit-server exited:\n${output}`);
    return fetch(httpUrl).then((r) => r.ok, () => false);
  }, 60_000, 200);
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    },
  };
}
