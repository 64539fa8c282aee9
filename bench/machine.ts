import { readFile } from 'node:fs/promises';
import { availableParallelism, release, totalmem } from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/database.ts';

/** The machine a run measured on, as BENCHMARKS.md states it. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** Only for the parts that measured that database. */
  postgres?: string;
  pglite?: string;
}

async function fieldOf(path: string, pattern: RegExp): Promise<string | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return pattern.exec(text)?.[1]?.trim();
}

/** Reads the CPU model, cores, memory and OS of this machine; the database versions come from the servers. */
export async function describeMachine(
  versions: { postgres?: string; pglite?: string } = {},
): Promise<Machine> {
  const cpu = await fieldOf('/proc/cpuinfo', /^model name\s*:\s*(.+)$/m);
  const os = await fieldOf('/etc/os-release', /^PRETTY_NAME="?([^"\n]+)"?$/m);
  return {
    cpu: cpu ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${os ?? process.platform}, Linux ${release()}`,
    node: process.version,
    ...versions,
  };
}

/** The PostgreSQL version a database runs, e.g. "15.18 (Debian 15.18-0+deb12u1)". */
export async function databaseVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ server_version: string }>`SHOW server_version`.execute(db);
  return rows[0]?.server_version ?? 'unknown';
}
