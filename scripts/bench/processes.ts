// The bench's own processes: workers and the API apart from the bench (the client, the pollers and the
// Temporal dev server), as a deployment runs them, so each one's memory and latency are its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface BenchProcess {
  pid: number;
  /** resident memory now and at its peak (VmRSS, VmHWM), in bytes */
  memory(): Promise<{ rss: number; peak: number }>;
  stop(): Promise<void>;
}

/** Starts `script` under tsx with `env`; resolves once `ready()` says so (bounded by `timeoutMs`). */
async function start(script: string, env: Record<string, string | undefined>, ready: (child: ChildProcess) => Promise<void>, nodeOptions: string[] = [], timeoutMs = 120_000): Promise<BenchProcess> {
  // node itself with tsx's loader (the tsx command would put a process of its own in between)
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', script], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`bench: ${script} exited with ${code} before it was ready`))));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`bench: ${script} not ready within ${timeoutMs} ms`)), timeoutMs)));
  try {
    await Promise.race([ready(child), exited, timedOut]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  exited.catch(() => undefined);
  const pid = child.pid!;
  return {
    pid,
    memory: () => processMemory(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await gone;
      clearTimeout(killer);
    },
  };
}

/** A worker process (scripts/bench/worker-process.ts) with `nodeOptions`: ready once it prints `ready`. */
export function startWorkerProcess(env: Record<string, string | undefined>, nodeOptions: string[] = []): Promise<BenchProcess> {
  return start('scripts/bench/worker-process.ts', env, (child) =>
    new Promise<void>((resolve) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready\n')) resolve();
      });
    }),
    nodeOptions,
  );
}

/** The service's API role on `baseUrl`: ready once `/healthz` answers. */
export function startApiProcess(env: Record<string, string | undefined>, baseUrl: string): Promise<BenchProcess> {
  return start('src/main.ts', { ...env, ROLE: 'api' }, async (child) => {
    child.stdout!.resume();
    // until it answers or exits (start's own timer bounds the wait)
    while (child.exitCode === null) {
      const ok = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
}

/** Sets the CPU priority (nice) of every thread of a process: Linux's setpriority names one thread, and the worker's workflow and core threads are its own. */
export async function renice(proc: BenchProcess, nice: number): Promise<void> {
  for (const tid of await readdir(`/proc/${proc.pid}/task`)) {
    try {
      os.setPriority(Number(tid), nice);
    } catch {
      // a thread that ended meanwhile
    }
  }
}

/** Linux's own accounting of a process's resident memory. */
export async function processMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Samples a process's resident memory every `everyMs` until `stop()`, which gives the largest seen. */
export function sampleMemory(proc: BenchProcess, everyMs = 500): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    proc.memory().then(
      (m) => (peak = Math.max(peak, m.rss)),
      () => undefined, // the process is stopping
    );
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
