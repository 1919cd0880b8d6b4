// The status pollers in a process of their own. They stand for dashboards in browsers on other
// machines: in the bench's process they would wait for the CPU behind the bench's client and share
// its event loop, and their wait would count as the API's latency. Here they run at the CPU weight
// the bench gives them (the API's, by default), so what they time is the API's answer over loopback.
// Forked by `startPollerProcess`; the same file is the child's entry.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { renice } from './processes.ts';
import { pollStatusOverHttp, type StatusPollFigures } from './status-pollers.ts';

export interface PollerOptions {
  baseUrl: string;
  token: string;
  campaignId: string;
  pollers: number;
  intervalMs: number;
}

type ToChild = { start: PollerOptions } | { stop: true };
type FromChild = { ready: true } | { figures: StatusPollFigures };

const entry = fileURLToPath(import.meta.url);

/** Starts polling in a child process at CPU priority `nice`; `stop()` ends the polling and gives the figures (each wait bounded by `timeoutMs`). */
export async function startPollerProcess(options: PollerOptions, nice: number, timeoutMs = 60_000): Promise<{ stop(): Promise<StatusPollFigures>; kill(): void }> {
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (what: string) =>
    new Promise<FromChild>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench: the poller process sent no ${what} within ${timeoutMs} ms`)), timeoutMs);
      const exited = (code: number | null) => reject(new Error(`bench: the poller process exited with ${code} before its ${what}`));
      child.once('exit', exited);
      child.once('message', (message: FromChild) => {
        clearTimeout(timer);
        child.off('exit', exited);
        resolve(message);
      });
    });
  try {
    await next('ready message');
    // every thread of it, now that node has started them all
    await renice({ pid: child.pid! }, nice);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  child.send({ start: options } satisfies ToChild);
  return {
    /** ends the polling without figures (a bench stopped by a signal) */
    kill() {
      child.kill('SIGKILL');
    },
    async stop() {
      const answer = next('figures');
      child.send({ stop: true } satisfies ToChild);
      try {
        const message = await answer;
        if (!('figures' in message)) throw new Error('bench: the poller process answered its stop without figures');
        return message.figures;
      } finally {
        child.kill();
      }
    },
  };
}

// the child: polls from the start message until the stop message, then sends its figures
if (process.argv[1] === entry && process.send) {
  let stopped = false;
  process.on('message', (message: ToChild) => {
    if ('stop' in message) {
      stopped = true;
      return;
    }
    void pollStatusOverHttp(message.start, () => stopped).then((figures) => process.send!({ figures } satisfies FromChild));
  });
  // a bench that dies leaves no poller behind
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true } satisfies FromChild);
}
