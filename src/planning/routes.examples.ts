import { everyItem } from '../catalogue/queries.ts';
import { runCommand } from '../platform/command.ts';
import type { AccessWorld, Caller } from '../testing/access-world.ts';
import type { RouteExamples } from '../testing/route-example.ts';
import { computePlan } from './commands/compute-plan.ts';
import { addLine } from './commands/lines.ts';
import { listLines } from './queries.ts';

const DM121 = '1320-12-100-0121';

// Each example works on a line of the target's supplier, or of Arsenal Nord when the target is not
// a supplier's representative.
const supplierOf = (c: Caller) => (c.role === 'supplier-rep' ? c.partyId : 'F0001');

/** The supplier's line of DM121, entered the first time it is asked for. */
async function lineOf(world: AccessWorld, target: Caller) {
  const supplier = supplierOf(target);
  const [existing] = await listLines(world.runtime.db, { supplier, nsn: DM121 });
  const id =
    existing?.id ??
    (await runCommand(world.runtime, 'test', (scope) =>
      addLine(scope, { supplier, nsn: DM121, monthlyCapacity: 1000n, from: '2023-10' }),
    ));
  return { id, owner: { partyId: supplier } };
}

/** An item the supplier has no line of yet, so that entering one is new. */
async function freshItem(world: AccessWorld, supplier: string): Promise<string> {
  const taken = new Set((await listLines(world.runtime.db, { supplier })).map((l) => l.nsn));
  for await (const item of everyItem(world.runtime.db)) if (!taken.has(item.nsn)) return item.nsn;
  return DM121;
}

const HORIZON = { firstMonth: '2023-10', months: 6, currency: 'EUR', day: '2023-09-28' };

/** A plan kept of the world as it stands. */
const storedPlan = (world: AccessWorld) =>
  runCommand(world.runtime, 'test', (scope) => computePlan(scope, HORIZON, 'network'));

/** Requests for every route of the planning context, for the access matrix. */
export const planningRouteExamples: RouteExamples = {
  'GET /production-lines': () => ({}),
  'POST /production-lines': async ({ world, target }) => {
    const supplier = supplierOf(target);
    return {
      payload: {
        supplier,
        nsn: await freshItem(world, supplier),
        monthlyCapacity: 500,
        from: '2023-11',
      },
      owner: { partyId: supplier },
    };
  },
  'GET /production-lines/:id': async ({ world, target }) => {
    const { id, owner } = await lineOf(world, target);
    return { url: `/production-lines/${id}`, owner };
  },
  'POST /production-lines/:id/ramp-ups': async ({ world, target }) => {
    const { id, owner } = await lineOf(world, target);
    return {
      url: `/production-lines/${id}/ramp-ups`,
      payload: { addedPerMonth: 200, decidedIn: '2023-10', leadMonths: 9, note: 'a second shift' },
      owner,
    };
  },
  'GET /production-lines/template': () => ({ url: '/production-lines/template?format=csv' }),
  'POST /production-lines/imports': ({ target }) => ({
    payload: {
      format: 'csv',
      content: Buffer.from(
        `supplier,nsn,monthly_capacity,from\n${supplierOf(target)},${DM121},1500,2023-12\n`,
      ).toString('base64'),
    },
  }),
  'GET /plans': () => ({}),
  'POST /plans': () => ({ payload: { firstMonth: '2023-10', months: 6 } }),
  'POST /plans/what-if': () => ({
    payload: {
      months: 6,
      scenario: { capacity: [{ supplier: 'F0001', nsn: DM121, from: '2023-10', units: 500 }] },
    },
  }),
  'GET /plans/:id': async ({ world }) => ({ url: `/plans/${await storedPlan(world)}` }),
  'GET /plans/:id/comparison': async ({ world }) => ({
    url: `/plans/${await storedPlan(world)}/comparison?with=${await storedPlan(world)}`,
  }),
  'GET /plans/:id/recomputation': async ({ world }) => ({
    url: `/plans/${await storedPlan(world)}/recomputation`,
  }),
};
