const start = performance.now();

/** Tells whoever runs the benchmarks what is happening and when, on stderr, apart from the results. */
export function progress(message: string): void {
  const seconds = ((performance.now() - start) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`bench ${seconds} s  ${message}\n`);
}
