// The bench's own processes: workers and the API apart from the bench (the client, the pollers and the
// Temporal dev server), run from the compiled service as the image runs them, so each one's memory and
// latency are its own.
import { spawn } from 'node:child_process';
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

/** Runs the compiled service (`main`, from buildService) with `env`; resolves once its `/healthz` at `healthUrl` answers (bounded by `timeoutMs`). */
async function start(main: string, env: Record<string, string | undefined>, healthUrl: string, nodeOptions: string[] = [], timeoutMs = 120_000): Promise<BenchProcess> {
  const child = spawn(process.execPath, [...nodeOptions, main], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`bench: ${env.ROLE} process exited with ${code} before it was ready`))));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`bench: ${env.ROLE} process not ready within ${timeoutMs} ms`)), timeoutMs)));
  // until it answers or exits (the timer above bounds the wait)
  const answered = (async () => {
    while (child.exitCode === null) {
      if (await fetch(healthUrl).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  try {
    await Promise.race([answered, exited, timedOut]);
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

/** The service's worker role with `nodeOptions`, its health server on `healthPort`: ready once that answers. */
export function startWorkerProcess(main: string, env: Record<string, string | undefined>, healthPort: number, nodeOptions: string[] = []): Promise<BenchProcess> {
  return start(main, { ...env, ROLE: 'worker', HEALTH_HOST: '127.0.0.1', HEALTH_PORT: String(healthPort) }, `http://127.0.0.1:${healthPort}/healthz`, nodeOptions);
}

/** The service's API role on `baseUrl` with `nodeOptions`: ready once `/healthz` answers. */
export function startApiProcess(main: string, env: Record<string, string | undefined>, baseUrl: string, nodeOptions: string[] = []): Promise<BenchProcess> {
  return start(main, { ...env, ROLE: 'api' }, `${baseUrl}/healthz`, nodeOptions);
}

/** Sets the CPU priority (nice) of every thread of a process: Linux's setpriority names one thread, and the worker's workflow and core threads are its own. */
export async function renice(proc: Pick<BenchProcess, 'pid'>, nice: number): Promise<void> {
  for (const tid of await readdir(`/proc/${proc.pid}/task`)) {
    try {
      os.setPriority(Number(tid), nice);
    } catch {
      // a thread that ended meanwhile, or a raise (nice below 0) without the privilege: checked below
    }
  }
  const got = os.getPriority(proc.pid);
  if (got !== nice) console.warn(`bench: process ${proc.pid} runs at nice ${got}, not ${nice} (raising a priority needs root or CAP_SYS_NICE); its figures are at ${got}`);
}

/** Linux's own accounting of a process's resident memory. */
export async function processMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** The largest resident memory a sampling saw, and how far into it (a transient peak shows against the milestones' times). */
export interface MemoryPeak {
  bytes: number;
  atSeconds: number;
}

/** Samples a process's resident memory every `everyMs` until `stop()`, which gives the largest seen and when. */
export function sampleMemory(proc: BenchProcess, everyMs = 500): { stop(): MemoryPeak } {
  const started = performance.now();
  const peak: MemoryPeak = { bytes: 0, atSeconds: 0 };
  const timer = setInterval(() => {
    proc.memory().then(
      (m) => {
        if (m.rss <= peak.bytes) return;
        peak.bytes = m.rss;
        peak.atSeconds = (performance.now() - started) / 1000;
      },
      () => undefined, // the process is stopping
    );
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { ...peak };
    },
  };
}
