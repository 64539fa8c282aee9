import type { Machine } from './machine.ts';
import { table, whole } from './markdown.ts';

/** When, where and how long one run of a part of the benchmarks measured. */
export interface Run {
  startedAt: Date;
  seconds: number;
  machine: Machine;
  loadAverage: number;
}

/**
 * A part's heading, the run that measured it and the machine it ran on: each part of
 * BENCHMARKS.md is rewritten by its own run, so each says which run its figures belong to.
 */
export function runHeader(title: string, part: string, r: Run): string {
  const m = r.machine;
  const databases: [string, string][] = [];
  if (m.postgres !== undefined) {
    databases.push(['PostgreSQL', `${m.postgres}, a throwaway cluster on 127.0.0.1 with fsync on`]);
  }
  if (m.pglite !== undefined) {
    databases.push([
      'PGlite',
      `PostgreSQL ${m.pglite} in WASM, in-process, data dir on disk in a temp folder`,
    ]);
  }
  return `## ${title}

Measured on ${r.startedAt.toISOString().slice(0, 10)} by \`npm run bench -- ${part}\` (or \`npm run bench\`,
which runs every part); the run took ${whole(r.seconds)} s. Compare figures only with figures
of the same part.

${table(
  ['', ''],
  [
    ['CPU', m.cpu],
    ['Cores', String(m.cores)],
    ['Memory', `${m.memoryGiB} GiB`],
    ['OS', m.os],
    ['Node.js', m.node],
    ...databases,
    ['Load average when the run started', r.loadAverage.toFixed(2)],
  ],
)}

The machine is not reserved for benchmarks: other work running beside them lowers every
figure, and by more when the load average above approaches the number of cores.`;
}
