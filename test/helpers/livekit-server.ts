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
 * A Redis of the test's own on a free loopback port, nothing saved: two LiveKit servers sharing one
 * Redis join into one cluster (its pub/sub ignores the db number), so a run never uses the machine's.
 */
async function startPrivateRedis(): Promise<{ address: string; stop(): void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => child.once('error', (error) => reject(new Error(`redis-server could not start (install Debian's redis-server): ${error.message}`))));
  const { createConnection } = await import('node:net');
  const answers = () =>
    new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
      socket.once('data', (d) => (socket.destroy(), resolve(d.toString().startsWith('+PONG'))));
      socket.once('error', () => resolve(false));
    });
  await Promise.race([waitFor('the private redis-server to answer', answers, 20_000, 100), failed]);
  return { address: `127.0.0.1:${port}`, stop: () => void child.kill('SIGKILL') };
}

/**
 * A real livekit-server (scripts/livekit-server.sh: built once into .tools/, loopback only) on free
 * ports with a Redis of its own, in its own process group.
 */
export async function startRealLiveKit(): Promise<RealLiveKit> {
  await promisify(execFile)('bash', [script, 'build'], { timeout: 20 * 60_000 });
  const redis = await startPrivateRedis();
  const port = await freePort();
  const udpPort = await freePort();
  const apiKey = 'devkey';
  const apiSecret = 'devsecret-devsecret-devsecret-0000';
  const child: ChildProcess = spawn('bash', [script, 'start'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LIVEKIT_PORT: String(port), LIVEKIT_UDP_PORT: String(udpPort), LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret, LIVEKIT_REDIS: redis.address, LIVEKIT_REDIS_DB: '0' },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitFor('livekit-server to answer', async () => {
    if (child.exitCode !== null) {
      redis.stop();
      throw new Error(`livekit-server exited:\n${output}`);
    }
    return fetch(httpUrl).then((r) => r.ok, () => false);
  }, 60_000, 200);
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey,
    apiSecret,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      }
      redis.stop();
    },
  };
}
