// CPU time by process over a campaign, from Linux's own accounting (/proc): which process a
// contact's cost grows in when the time per contact grows (the dev server, the worker, the API,
// PostgreSQL). It is not a measure free of the host's pace: where the hypervisor reports no stolen
// time (this build machine's steal counter stays 0), a vCPU held back by the host is counted as the
// running process's own time, so a slower hour would show as more processor time in every part alike
// (host-pace.ts tells the host's pace apart).
import { readdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

/** Clock ticks a second, the unit of /proc's CPU times. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** user + system time of the process (all its threads), in ticks */
  own: number;
  /** user + system time of its children it has waited for, in ticks */
  reaped: number;
}

async function procStat(pid: number): Promise<ProcStat | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!text) return null;
  // the command name is in parentheses and may hold spaces: the fields after its closing one are fixed
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' ');
  // from field 3 (state) on: ppid is field 4, utime 14, stime 15, cutime 16, cstime 17
  const n = (field: number) => Number(f[field - 3]);
  return { pid, comm, ppid: n(4), own: n(14) + n(15), reaped: n(16) + n(17) };
}

async function allProcesses(): Promise<ProcStat[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  return (await Promise.all(pids.map(procStat))).filter((p): p is ProcStat => p !== null);
}

/** PostgreSQL's whole CPU time: the postmaster's, its ended backends' (reaped), and its live processes'. */
function postgresTicks(processes: ProcStat[]): number {
  const postgres = processes.filter((p) => p.comm === 'postgres' || p.comm.startsWith('postgres:'));
  const pids = new Set(postgres.map((p) => p.pid));
  return postgres.reduce((sum, p) => sum + p.own + (pids.has(p.ppid) ? 0 : p.reaped), 0);
}

/** The machine's processor time since boot, in ticks: busy (user, nice, system, interrupts) and stolen by the hypervisor. */
async function machineTicks(): Promise<{ busy: number; steal: number; total: number }> {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq!;
  return { busy, steal: steal!, total: busy + idle! + iowait! + steal! };
}

export interface CpuSnapshot {
  /** ticks by part */
  parts: Record<string, number>;
  machine: { busy: number; steal: number; total: number };
}

/** The processes a campaign's CPU is counted for; pids read at each snapshot (the worker is replaced for the bare ceiling). */
export interface CpuParts {
  worker: () => number;
  api: () => number;
}

/**
 * The Temporal server's part, when it runs on this machine: the dev server the bench started (its
 * `temporal` child), or else a cluster's `temporal-server` (`scripts/temporal-cluster.sh`, which the
 * bench uses with TEMPORAL_ADDRESS). A server elsewhere has no part; a cluster's store work is in
 * PostgreSQL's part either way.
 */
export function temporalServerPart(processes: ProcStat[], benchPid: number): Record<string, number> {
  const devServer = processes.find((p) => p.comm === 'temporal' && p.ppid === benchPid);
  if (devServer) return { 'dev server': devServer.own };
  const cluster = processes.filter((p) => p.comm === 'temporal-server');
  return cluster.length > 0 ? { 'Temporal cluster': cluster.reduce((sum, p) => sum + p.own, 0) } : {};
}

/** Takes a snapshot of the parts' CPU times: the Temporal server (above), the worker, the API, PostgreSQL and the bench's own process. */
export async function cpuSnapshot(parts: CpuParts): Promise<CpuSnapshot> {
  const processes = await allProcesses();
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  return {
    parts: {
      ...temporalServerPart(processes, process.pid),
      worker: byPid.get(parts.worker())?.own ?? 0,
      API: byPid.get(parts.api())?.own ?? 0,
      PostgreSQL: postgresTicks(processes),
      // the Temporal client and the milestones' reads (the pollers are a process of their own: in `rest`)
      'bench client': byPid.get(process.pid)?.own ?? 0,
    },
    machine: await machineTicks(),
  };
}

export interface CpuPerContact {
  /** milliseconds of processor time a contact, by part; `rest` is the machine's busy time no part accounts for (the pollers, the system) */
  msPerContact: Record<string, number>;
  /** all of the machine's busy time a contact */
  totalMsPerContact: number;
  /** the share of the machine's processor time that was busy, and that the hypervisor stole */
  busyShare: number;
  stealShare: number;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, contacts: number): CpuPerContact {
  const ms = (ticks: number) => (ticks / TICKS_PER_SECOND) * 1000 / contacts;
  const msPerContact: Record<string, number> = {};
  let named = 0;
  for (const [part, ticks] of Object.entries(after.parts)) {
    const spent = Math.max(0, ticks - (before.parts[part] ?? 0));
    named += spent;
    msPerContact[part] = ms(spent);
  }
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  msPerContact.rest = ms(Math.max(0, busy - named));
  return {
    msPerContact,
    totalMsPerContact: ms(busy),
    busyShare: total > 0 ? busy / total : 0,
    stealShare: total > 0 ? (after.machine.steal - before.machine.steal) / total : 0,
  };
}

/** "dev server 12.1, worker 14.0, … = 34.2 ms a contact; machine 95 % busy, 0.1 % stolen" */
export function formatCpu(cpu: CpuPerContact): string {
  const parts = Object.entries(cpu.msPerContact).map(([part, ms]) => `${part} ${ms.toFixed(1)}`).join(', ');
  return `${parts} = ${cpu.totalMsPerContact.toFixed(1)} ms a contact; machine ${(cpu.busyShare * 100).toFixed(0)} % busy, ${(cpu.stealShare * 100).toFixed(1)} % stolen`;
}
