import { runCommand } from '../platform/command.ts';
import type { AccessWorld, Caller } from '../testing/access-world.ts';
import { activeAgreement, agreementBody, DM121, pairLot } from '../testing/agreements.ts';
import type { RouteExamples } from '../testing/route-example.ts';
import { confirmCallOff, declareDelivery, placeCallOff, proposeCeiling } from './commands.ts';

// Each example works on an agreement between the target's party (or France, or Arsenal Nord, when
// the target is neither a nation nor a supplier) and no one else.
const nationOf = (c: Caller) => (c.role === 'nation-rep' ? c.partyId : 'FRA');
const supplierOf = (c: Caller) => (c.role === 'supplier-rep' ? c.partyId : 'F0001');

async function agreementOf(world: AccessWorld, target: Caller) {
  const nation = nationOf(target);
  const supplier = supplierOf(target);
  const id = await activeAgreement(world.runtime, pairLot(nation, supplier));
  return { id, nation, supplier, owner: { parties: [nation, supplier] } };
}

async function callOffOf(
  world: AccessWorld,
  target: Caller,
  stage: 'placed' | 'confirmed' = 'placed',
) {
  const agreement = await agreementOf(world, target);
  const { id } = await runCommand(world.runtime, 'user:rep', (scope) =>
    placeCallOff(scope, {
      agreementId: agreement.id,
      nation: agreement.nation,
      supplier: agreement.supplier,
      nsn: DM121,
      quantity: 10n,
      schedule: [{ month: '2024-01', quantity: 10n }],
      destination: 'depot',
    }),
  );
  if (stage === 'confirmed') {
    await runCommand(world.runtime, 'user:supplier', (scope) => confirmCallOff(scope, id));
  }
  return { id, owner: agreement.owner };
}

/** Requests for every route of the agreements context, for the access matrix. */
export const agreementsRouteExamples: RouteExamples = {
  'GET /agreements': () => ({}),
  'POST /agreements': () => ({ payload: agreementBody() }),
  'GET /agreements/:id': async ({ world, target }) => {
    const { id, owner } = await agreementOf(world, target);
    return { url: `/agreements/${id}`, owner };
  },
  'PUT /agreements/:id/state': async ({ world, target }) => {
    const { id } = await agreementOf(world, target);
    return { url: `/agreements/${id}/state`, payload: { state: 'suspended', reason: 'audit' } };
  },
  'GET /agreements/:id/figures': async ({ world, target }) => {
    const { id, owner } = await agreementOf(world, target);
    return { url: `/agreements/${id}/figures`, owner };
  },
  'GET /agreements/:id/ceiling-proposals': async ({ world, target }) => {
    const { id, owner } = await agreementOf(world, target);
    return { url: `/agreements/${id}/ceiling-proposals`, owner };
  },
  'POST /agreements/:id/ceiling-proposals': async ({ world, target }) => {
    const { id } = await agreementOf(world, target);
    return {
      url: `/agreements/${id}/ceiling-proposals`,
      payload: { ceiling: '20000000000', reason: 'more nations' },
    };
  },
  'POST /agreements/:id/ceiling-proposals/:proposal/decision': async ({ world, target }) => {
    const { id } = await agreementOf(world, target);
    const proposal = await runCommand(world.runtime, 'user:another-officer', (scope) =>
      proposeCeiling(scope, id, 20_000_000_000n, 'more nations'),
    );
    return {
      url: `/agreements/${id}/ceiling-proposals/${proposal}/decision`,
      payload: { approve: true, reason: 'budget confirmed' },
    };
  },
  'GET /figures': () => ({}),
  'POST /agreements/:id/call-offs': async ({ world, target }) => {
    const { id, nation } = await agreementOf(world, target);
    return {
      url: `/agreements/${id}/call-offs`,
      payload: {
        nation,
        nsn: DM121,
        quantity: 10,
        schedule: [{ month: '2024-01', quantity: 10 }],
        destination: 'depot',
      },
      owner: { partyId: nation },
    };
  },
  'GET /call-offs': () => ({}),
  'GET /call-offs/:id': async ({ world, target }) => {
    const { id, owner } = await callOffOf(world, target);
    return { url: `/call-offs/${id}`, owner };
  },
  'GET /call-offs/:id/timeline': async ({ world, target }) => {
    const { id, owner } = await callOffOf(world, target);
    return { url: `/call-offs/${id}/timeline`, owner };
  },
  'POST /call-offs/:id/confirmation': async ({ world, target }) => {
    const { id, owner } = await callOffOf(world, target);
    return { url: `/call-offs/${id}/confirmation`, owner };
  },
  'POST /call-offs/:id/amendments': async ({ world, target }) => {
    const { id, owner } = await callOffOf(world, target);
    return {
      url: `/call-offs/${id}/amendments`,
      payload: { variationBp: 100, reason: 'steel index' },
      owner,
    };
  },
  'POST /call-offs/:id/cancellation': async ({ world, target }) => {
    const { id, owner } = await callOffOf(world, target);
    return { url: `/call-offs/${id}/cancellation`, payload: { reason: 'budget' }, owner };
  },
  'GET /call-offs/:id/deliveries': async ({ world, target }) => {
    const { id, owner } = await callOffOf(world, target);
    return { url: `/call-offs/${id}/deliveries`, owner };
  },
  'POST /call-offs/:id/deliveries': async ({ world, target }) => {
    const { id, owner } = await callOffOf(world, target, 'confirmed');
    return {
      url: `/call-offs/${id}/deliveries`,
      payload: { quantity: 4, lotNumber: 'LOT-1', deliveredOn: '2024-01-15' },
      owner,
    };
  },
  'POST /call-offs/:id/deliveries/:delivery/decision': async ({ world, target }) => {
    const { id, owner } = await callOffOf(world, target, 'confirmed');
    const delivery = await runCommand(world.runtime, 'user:supplier', (scope) =>
      declareDelivery(scope, id, { quantity: 4n, lotNumber: 'LOT-1', deliveredOn: '2024-01-15' }),
    );
    return {
      url: `/call-offs/${id}/deliveries/${delivery}/decision`,
      payload: { accept: true },
      owner,
    };
  },
};
