// Preloaded into the `qm` process a figure runs (node --import), so that what it reports is that
// process's own: on exit, write its peak resident set (KiB) and CPU time (µs) to the file named.
import { writeFileSync } from 'node:fs';

const path = process.env.QM_BENCH_USAGE_FILE;
if (path !== undefined) {
  process.on('exit', () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(path, JSON.stringify({ maxRSS, cpuMicros: userCPUTime + systemCPUTime }));
  });
}
