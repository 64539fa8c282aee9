import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

interface ProcessStat {
  pid: number;
  parent: number;
  /** User and system CPU seconds so far. */
  cpuSeconds: number;
}

/** A process's parent and CPU time from /proc, or undefined once it has gone. */
async function statOf(pid: number): Promise<ProcessStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  // The command name, in parentheses, may hold spaces: the fields are counted after it.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { pid, parent: Number(fields[1]), cpuSeconds: ticks / TICKS_PER_SECOND };
}

/** CPU seconds a process has used so far. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  return (await statOf(pid))?.cpuSeconds ?? 0;
}

async function processes(): Promise<ProcessStat[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map(statOf));
  return stats.filter((s) => s !== undefined);
}

/**
 * CPU seconds used so far by a PostgreSQL cluster: its postmaster and every process it started
 * that is still running (the connections of a pool stay open, so a window's difference is theirs).
 */
export async function clusterCpuSeconds(postmaster: number): Promise<number> {
  const all = await processes();
  return all
    .filter((s) => s.pid === postmaster || s.parent === postmaster)
    .reduce((sum, s) => sum + s.cpuSeconds, 0);
}
