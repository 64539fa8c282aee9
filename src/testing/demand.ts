import { postSignal, SignalFacts } from '../demand/commands.ts';
import type { DraftSignal } from '../demand/model/signal-record.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';

/** A line of a nation's demand for 155 mm shells of any kind, with what a test overrides. */
export function shellLine(nation: string, overrides: Partial<DraftSignal> = {}): DraftSignal {
  return {
    nation,
    reference: null,
    nsn: null,
    family: '155mm projectile',
    platform: null,
    quantity: 1000n,
    neededBy: '2024-06',
    purpose: 'replenish',
    recipient: null,
    priority: 2,
    priceCap: null,
    firmness: 'firm',
    ...overrides,
  };
}

/** Posts a line as the nation's representative would, and answers its id. */
export function postLine(runtime: CommandRuntime, line: DraftSignal): Promise<string> {
  return runCommand(runtime, `user:rep-${line.nation}`, (scope) =>
    postSignal(scope, new SignalFacts(scope.trx), line),
  );
}
