import { placeCallOff } from '../agreements/commands.ts';
import { addLine, decideRampUp } from '../planning/commands/lines.ts';
import type { CommandRuntime } from '../platform/command.ts';
import { runCommand } from '../platform/command.ts';
import { activeAgreement, DM121, L15A1 } from './agreements.ts';
import { postLine, shellLine } from './demand.ts';

/** The horizon the planning tests plan over: a year from October 2023, in euros. */
export const HORIZON = { firstMonth: '2023-10', months: 12, currency: 'EUR', day: '2023-09-28' };

/**
 * What a plan is made of, between the access world's parties: the 155 mm agreement with a call-off
 * of France from Arsenal Nord and one of Germany from Rheinwerk; production lines of both
 * suppliers, Rheinwerk's ramped up; Germany's firm demand for any 155 mm round and France's
 * indicative demand, which nothing made serves at the level France accepts (qualified on CAESAR).
 */
export async function planningWorld(runtime: CommandRuntime): Promise<void> {
  const agreementId = await activeAgreement(runtime);
  const order = (nation: string, supplier: string, schedule: [string, bigint][]) =>
    runCommand(runtime, `user:rep-${nation}`, (scope) =>
      placeCallOff(scope, {
        agreementId,
        nation,
        supplier,
        nsn: DM121,
        quantity: schedule.reduce((sum, [, q]) => sum + q, 0n),
        schedule: schedule.map(([month, quantity]) => ({ month, quantity })),
        destination: `${nation} depot`,
      }),
    );
  await order('FRA', 'F0001', [['2023-11', 3000n]]);
  await order('DEU', 'D0002', [
    ['2023-12', 2000n],
    ['2024-01', 2000n],
  ]);
  const line = (supplier: string, nsn: string, monthlyCapacity: bigint, from: string) =>
    runCommand(runtime, 'user:officer', (scope) =>
      addLine(scope, { supplier, nsn, monthlyCapacity, from }),
    );
  await line('F0001', DM121, 1000n, '2023-10');
  await line('F0001', L15A1, 500n, '2023-10');
  const rheinwerk = await line('D0002', DM121, 800n, '2023-11');
  await runCommand(runtime, 'user:officer', (scope) =>
    decideRampUp(scope, rheinwerk, {
      addedPerMonth: 400n,
      decidedIn: '2023-10',
      leadMonths: 4,
      note: 'a second filling line',
    }),
  );
  await postLine(runtime, shellLine('DEU', { quantity: 2000n, neededBy: '2024-03' }));
  await postLine(
    runtime,
    shellLine('FRA', { quantity: 1500n, neededBy: '2024-02', firmness: 'indicative' }),
  );
}
