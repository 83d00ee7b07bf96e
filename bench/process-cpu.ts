// CPU time of processes on this machine (Linux /proc), for a benchmark's cost per unit of work.
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

// /proc reports utime and stime in USER_HZ, which Linux fixes at 100 for userland.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far; null once it is gone. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds of the PostgreSQL backends connected to any of these databases (by their process title). */
export function postgresBackendsCpuSeconds(databases: string[]): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ')) continue;
      const words = title.split(/\s+/);
      if (!databases.some((db) => words.includes(db))) continue;
      total += processCpuSeconds(Number(entry)) ?? 0;
    } catch {
      // The backend ended between the listing and the read.
    }
  }
  return total;
}

/** The whole machine's CPU time so far, busy and in all (USER_HZ ticks), from /proc/stat. */
export async function machineCpu(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8').catch(() => 'cpu 0 0 0 0')).split('\n')[0]!;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle, iowait
  return { busy: total - idle, total };
}
