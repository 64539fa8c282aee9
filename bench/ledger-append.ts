import { setTimeout as sleep, setImmediate as turnOfEventLoop } from 'node:timers/promises';
import type { Db } from '../src/platform/db/database.ts';
import { newId } from '../src/platform/ids.ts';
import { append } from '../src/platform/ledger/append.ts';
import { callOffPlaced } from './payload.ts';

/** Events committed by concurrent writers over the measured window. */
export interface AppendRate {
  writers: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** How long to run before counting, and how long to count. */
export interface AppendWindow {
  warmupMs: number;
  measureMs: number;
}

/**
 * Runs one writer per handle, each appending one call-off per transaction to a stream of its own,
 * so no two conflict and all they share is the head lock; counts the events committed in the
 * window after the warm-up.
 */
export async function measureAppendRate(
  handles: readonly Db[],
  window: AppendWindow,
): Promise<AppendRate> {
  const run = newId();
  let committed = 0;
  let stopping = false;
  let failure: unknown;
  const writers = handles.map(async (db, writer) => {
    const stream = `agreement:bench-${run}-${writer}`;
    let version = 0n;
    try {
      while (!stopping) {
        const event = callOffPlaced(committed);
        await db.transaction().execute((trx) =>
          append(trx, {
            stream,
            expectedVersion: version,
            events: [event],
            actor: `user:bench-writer-${writer}`,
            recordedAt: new Date(),
          }),
        );
        version += 1n;
        committed += 1;
        // PGlite answers without I/O, in promise callbacks alone: without a turn of the event
        // loop the timer that ends the window would never fire.
        await turnOfEventLoop();
      }
    } catch (error) {
      // Recorded rather than rethrown: nobody awaits the writers until the window has passed.
      failure ??= error;
      stopping = true;
    }
  });
  await sleep(window.warmupMs);
  const before = committed;
  const start = performance.now();
  await sleep(window.measureMs);
  const events = committed - before;
  const seconds = (performance.now() - start) / 1000;
  stopping = true;
  await Promise.all(writers);
  if (failure !== undefined) throw failure;
  return { writers: handles.length, events, seconds, eventsPerSecond: events / seconds };
}
