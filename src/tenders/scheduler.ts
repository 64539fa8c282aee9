import { type CommandRuntime, runCommand } from '../platform/command.ts';
import { closeTender, finaliseTender } from './commands.ts';
import { tendersInMotion } from './store.ts';

/** The actor the clock's moves are recorded under. */
const CLOCK_ACTOR = 'system:tender-clock';

/** A move the clock made. */
export interface ClockMove {
  tender: string;
  to: 'closed' | 'final';
}

/**
 * Makes every move that is due now: closes tenders whose bid deadline has passed and makes final
 * the awards whose standstill ended unchallenged. Each tender moves in its own command, so one
 * that fails does not hold the others back.
 */
export async function tickTenders(runtime: CommandRuntime): Promise<ClockMove[]> {
  const moves: ClockMove[] = [];
  for (const tender of await tendersInMotion(runtime.db)) {
    if (await runCommand(runtime, CLOCK_ACTOR, (scope) => closeTender(scope, tender))) {
      moves.push({ tender, to: 'closed' });
    } else if (await runCommand(runtime, CLOCK_ACTOR, (scope) => finaliseTender(scope, tender))) {
      moves.push({ tender, to: 'final' });
    }
  }
  return moves;
}

/**
 * Ticks every `intervalMs` while the server runs; a failed tick is reported and the next one runs
 * anyway. Returns the function that stops it.
 */
export function startTenderClock(
  runtime: CommandRuntime,
  intervalMs: number,
  report: (error: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    tickTenders(runtime)
      .catch(report)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
