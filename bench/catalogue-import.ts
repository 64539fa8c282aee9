import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One run of `qm catalogue import` over a generated file. */
export interface ImportRate {
  items: number;
  seconds: number;
  itemsPerSecond: number;
  /** The peak resident set of the `qm` process, in MiB. */
  peakRssMiB: number;
  /** Seconds the `qm` process spent on the CPU; the rest of its time it waited for the database. */
  cpuSeconds: number;
}

/**
 * Runs `qm catalogue import FILE` as its own process, against the database that `env` names
 * (DATABASE_URL, or QM_DATA_DIR for PGlite), migrated first by `qm migrate` so that the figure is
 * the import alone; times it from start to exit and reads back the process's peak resident set
 * and CPU time.
 * Every row must be created.
 */
export async function measureImport(
  env: Record<string, string>,
  file: string,
  items: number,
  usageFile: string,
): Promise<ImportRate> {
  const bin = new URL('../bin/qm.js', import.meta.url).pathname;
  const preload = new URL('./report-usage.mjs', import.meta.url).pathname;
  // Only the database `env` names: none inherited from whoever runs the benchmarks.
  const { DATABASE_URL: _url, QM_DATA_DIR: _dir, ...inherited } = process.env;
  await run(process.execPath, [bin, 'migrate'], { env: { ...inherited, ...env } });
  const start = performance.now();
  const { stdout } = await run(
    process.execPath,
    ['--import', preload, bin, 'catalogue', 'import', file, '--json'],
    { env: { ...inherited, ...env, QM_BENCH_USAGE_FILE: usageFile }, maxBuffer: 64 * 2 ** 20 },
  );
  const seconds = (performance.now() - start) / 1000;
  const report = JSON.parse(stdout) as { created: number };
  if (report.created !== items) throw new Error(`the import created ${report.created} of ${items}`);
  const usage = JSON.parse(await readFile(usageFile, 'utf8')) as {
    maxRSS: number;
    cpuMicros: number;
  };
  return {
    items,
    seconds,
    itemsPerSecond: items / seconds,
    peakRssMiB: usage.maxRSS / 1024,
    cpuSeconds: usage.cpuMicros / 1e6,
  };
}
