import { dayOf } from '../platform/clock.ts';
import type { AccessWorld, Caller } from '../testing/access-world.ts';
import { postLine, shellLine } from '../testing/demand.ts';
import type { RouteExamples } from '../testing/route-example.ts';
import { tenderBody } from '../testing/tenders.ts';
import { proposedLots } from './queries.ts';

// Each example works on a signal of the target's nation, or of France when the target is not a
// nation's representative.
const nationOf = (c: Caller) => (c.role === 'nation-rep' ? c.partyId : 'FRA');

async function signalOf(world: AccessWorld, target: Caller) {
  const nation = nationOf(target);
  const id = await postLine(world.runtime, shellLine(nation));
  return { id, owner: { partyId: nation } };
}

const terms = { family: '155mm projectile', quantity: 500, neededBy: '2024-09' };

/** Requests for every route of the demand context, for the access matrix. */
export const demandRouteExamples: RouteExamples = {
  'GET /demand/signals': () => ({}),
  'POST /demand/signals': ({ target }) => ({
    payload: { ...terms, nation: nationOf(target) },
    owner: { partyId: nationOf(target) },
  }),
  'GET /demand/signals/:id': async ({ world, target }) => {
    const { id, owner } = await signalOf(world, target);
    return { url: `/demand/signals/${id}`, owner };
  },
  'POST /demand/signals/:id/revision': async ({ world, target }) => {
    const { id, owner } = await signalOf(world, target);
    return {
      url: `/demand/signals/${id}/revision`,
      payload: { ...terms, reason: 'the plan moved a quarter' },
      owner,
    };
  },
  'POST /demand/signals/:id/withdrawal': async ({ world, target }) => {
    const { id, owner } = await signalOf(world, target);
    return {
      url: `/demand/signals/${id}/withdrawal`,
      payload: { reason: 'covered by stocks' },
      owner,
    };
  },
  'GET /demand/template': () => ({ url: '/demand/template?format=csv' }),
  'GET /demand/signals/export': () => ({ url: '/demand/signals/export?format=csv' }),
  'POST /demand/imports': ({ unique }) => ({
    payload: {
      format: 'csv',
      content: Buffer.from(
        `reference,family,quantity,needed_by,firmness\n${unique()},155mm projectile,100,2024-06,firm\n`,
      ).toString('base64'),
    },
  }),
  'GET /demand/lots': async ({ world, target }) => {
    await signalOf(world, target);
    return { url: '/demand/lots?period=quarter' };
  },
  'POST /demand/lots/tender': async ({ world, target }) => {
    await signalOf(world, target);
    const [lot] = await proposedLots(world.runtime.db, {
      day: dayOf(world.clock.now()),
      periodMonths: 3,
    });
    const { lots: _tendered, ...tender } = tenderBody(world.clock.now());
    return {
      payload: {
        ...tender,
        period: 'quarter',
        lots: [
          {
            proposed: lot?.id ?? 'none',
            lot: 'LOT-1',
            title: '155 mm for the pool',
            requirements: [],
            ceiling: '100000000',
            durationMonths: 24,
            awards: 1,
          },
        ],
      },
    };
  },
  'PUT /demand/sharing': ({ target }) => ({
    payload: { nation: nationOf(target), share: true },
    owner: { partyId: nationOf(target) },
  }),
};
