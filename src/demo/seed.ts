import { createAgreement, moveAgreement, placeCallOff } from '../agreements/commands.ts';
import { anyAgreement } from '../agreements/queries.ts';
import { registerParty } from '../parties/commands.ts';
import { findParty } from '../parties/queries.ts';
import { addLine, decideRampUp } from '../planning/commands/lines.ts';
import { dayOf } from '../platform/clock.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import { demoAgreements, demoCallOffs } from './agreements.ts';
import { demoNations, demoSuppliers } from './nations.ts';
import { demoLines } from './production.ts';

const ACTOR = 'system:demo';

/** `YYYY-MM-DD` of a date, and of the same day some years later. */
const yearsLater = (date: Date, years: number) =>
  dayOf(new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate())));

/** The month after a date, `YYYY-MM`: when the demo's call-offs are delivered. */
const nextMonth = (date: Date) =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);

/**
 * Loads the demo into a database that has no agreement yet, through ordinary commands, so that
 * every figure of the dashboard comes from ledger events: the nations, a dozen illustrative
 * suppliers, three framework agreements (EUR 2.4 billion of ceilings) and their call-offs (EUR 1.0
 * billion firm) and production lines of those suppliers (illustrative capacities, two ramped up).
 * The catalogue must be loaded first. Returns false when there was nothing to do.
 */
export async function seedDemo(runtime: CommandRuntime): Promise<boolean> {
  const today = runtime.clock.now();
  if (await anyAgreement(runtime.db)) return false;
  for (const party of [...demoNations, ...demoSuppliers]) {
    if ((await findParty(runtime.db, party.id)) !== undefined) continue;
    await runCommand(runtime, ACTOR, (scope) => registerParty(scope, party));
  }
  const validity = { validFrom: dayOf(today), validTo: yearsLater(today, 4) };
  const agreements: string[] = [];
  for (const input of demoAgreements(validity)) {
    const id = await runCommand(runtime, ACTOR, (scope) => createAgreement(scope, input));
    await runCommand(runtime, ACTOR, (scope) => moveAgreement(scope, id, 'active', 'signed'));
    agreements.push(id);
  }
  const month = nextMonth(today);
  for (const order of demoCallOffs) {
    await runCommand(runtime, ACTOR, (scope) =>
      placeCallOff(scope, {
        agreementId: agreements[order.agreement] as string,
        nation: order.nation,
        supplier: order.supplier,
        nsn: order.nsn,
        quantity: order.quantity,
        schedule: [{ month, quantity: order.quantity }],
        destination: `${order.nation} national depot`,
      }),
    );
  }
  for (const line of demoLines) {
    const id = await runCommand(runtime, ACTOR, (scope) =>
      addLine(scope, { ...line, from: dayOf(today).slice(0, 7) }),
    );
    const { rampUp } = line;
    if (rampUp === undefined) continue;
    await runCommand(runtime, ACTOR, (scope) =>
      decideRampUp(scope, id, { ...rampUp, decidedIn: dayOf(today).slice(0, 7) }),
    );
  }
  return true;
}
