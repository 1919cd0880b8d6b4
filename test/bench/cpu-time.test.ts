import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuBetween, cpuSnapshot, temporalServerPart, type CpuSnapshot, type ProcStat } from '../../scripts/bench/cpu-time.ts';

/** Keeps this process busy until it has spent `ms` more of processor time (bounded by 10 s of wall time). */
function spin(ms: number): void {
  const start = process.cpuUsage();
  const deadline = performance.now() + 10_000;
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms || performance.now() > deadline) return;
  }
}

/** A stand-in worker: a process that, once told, spends 300 ms of its own processor time and says so. */
const standInWorker = `
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  const s = process.cpuUsage();
  for (;;) { const u = process.cpuUsage(s); if (u.user + u.system >= 300000) break; }
  process.stdout.write('done\\n');
});`;

describe("a campaign's processor time by process", () => {
  it('counts what a process spent between two snapshots, per contact, and gives the rest of the busy machine to `rest`', async () => {
    const child = spawn(process.execPath, ['-e', standInWorker], { stdio: ['pipe', 'pipe', 'ignore'] });
    const said = (word: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the stand-in worker did not say ${word} within 20 s`)), 20_000);
        child.stdout!.on('data', (data: Buffer) => {
          if (data.toString().includes(word)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    try {
      await said('ready');
      const parts = { worker: () => child.pid!, api: () => -1 };
      const before = await cpuSnapshot(parts);
      const done = said('done');
      child.stdin!.write('go\n');
      spin(200); // the bench's own process
      await done;
      const after = await cpuSnapshot(parts);
      const cpu = cpuBetween(before, after, 10);
      // ticks of 10 ms: the child's 300 ms of processor time over 10 contacts is about 30 ms a contact
      expect(cpu.msPerContact.worker).toBeGreaterThanOrEqual(25);
      expect(cpu.msPerContact.worker).toBeLessThanOrEqual(40);
      expect(cpu.msPerContact['bench client']).toBeGreaterThanOrEqual(15);
      expect(cpu.msPerContact.API).toBe(0);
      // the parts and the rest add up to the machine's busy time
      const sum = Object.values(cpu.msPerContact).reduce((a, b) => a + b, 0);
      expect(sum).toBeGreaterThanOrEqual(cpu.totalMsPerContact - 0.001);
      expect(cpu.busyShare).toBeGreaterThan(0);
      expect(cpu.busyShare).toBeLessThanOrEqual(1);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it("names the Temporal server's part: the bench's own dev server first, else a cluster on this machine, else none", () => {
    const proc = (pid: number, comm: string, ppid: number, own: number): ProcStat => ({ pid, comm, ppid, own, reaped: 0 });
    const bench = 100;
    const cluster = [proc(7, 'temporal-server', 1, 40), proc(8, 'temporal-server', 1, 2)];
    expect(temporalServerPart([proc(9, 'temporal', bench, 30), ...cluster], bench)).toEqual({ 'dev server': 30 });
    // another process's dev server is not the bench's
    expect(temporalServerPart([proc(9, 'temporal', 55, 30), ...cluster], bench)).toEqual({ 'Temporal cluster': 42 });
    expect(temporalServerPart([proc(9, 'temporal', 55, 30), proc(10, 'postgres', 1, 5)], bench)).toEqual({});
  });

  it('never counts a part as negative, and puts busy time no part accounts for in `rest`', () => {
    const at = (parts: Record<string, number>, busy: number, total: number): CpuSnapshot => ({ parts, machine: { busy, steal: 0, total } });
    // the worker was replaced between the snapshots: its counter restarted lower
    const cpu = cpuBetween(at({ worker: 500, PostgreSQL: 100 }, 1_000, 2_000), at({ worker: 50, PostgreSQL: 160 }, 1_300, 2_400), 3);
    expect(cpu.msPerContact.worker).toBe(0);
    expect(cpu.msPerContact.PostgreSQL).toBeCloseTo(200); // 60 ticks of 10 ms over 3 contacts
    expect(cpu.msPerContact.rest).toBeCloseTo(800); // 300 busy ticks, 60 of them PostgreSQL's
    expect(cpu.totalMsPerContact).toBeCloseTo(1_000);
    expect(cpu.busyShare).toBeCloseTo(0.75);
  });
});
