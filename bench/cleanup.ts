import { progress } from './progress.ts';

type Cleanup = () => Promise<void>;

const pending: Cleanup[] = [];

/**
 * Registers something the run must undo however it ends (a cluster to stop, a temp dir to
 * remove); returns a function that undoes it now, for the normal path.
 */
export function deferCleanup(cleanup: Cleanup): Cleanup {
  pending.push(cleanup);
  return async () => {
    const index = pending.indexOf(cleanup);
    if (index === -1) return;
    pending.splice(index, 1);
    await cleanup();
  };
}

/**
 * Undoes everything still registered, newest first, then exits: for a signal or a run that
 * overstays its time, when the normal path will not get to its `finally` blocks.
 */
export async function abandonRun(reason: string, exitCode: number): Promise<never> {
  progress(`${reason}: cleaning up`);
  // Stopping the server under open connections makes idle ones report errors; the run is over.
  process.on('uncaughtException', () => undefined);
  for (const cleanup of pending.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => progress(`cleanup failed: ${String(error)}`));
  }
  process.exit(exitCode);
}
