import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config.ts';

/** Where PGlite keeps its files inside the data dir. */
export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same files would corrupt them.
 * Claims the data dir with a pid file, refusing while another live process holds it; returns the
 * release function.
 */
export async function claimDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lock = join(dataDir, 'pglite.pid');
  const holder = Number.parseInt(await readFile(lock, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new ConfigError(
      `${dataDir} is in use by process ${holder}; stop it first, or use its API (embedded mode serves one process)`,
    );
  }
  await writeFile(lock, String(process.pid));
  return () => rm(lock, { force: true });
}
