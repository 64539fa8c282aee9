import { runCommand } from '../platform/command.ts';
import type { AccessWorld, Caller } from '../testing/access-world.ts';
import type { RouteExamples } from '../testing/route-example.ts';
import { bid155, bidBody, tenderBody } from '../testing/tenders.ts';
import {
  amendDocuments,
  approveAward,
  askClarification,
  createTender,
  declareNoConflict,
  evaluateTender,
  lodgeChallenge,
  markRequirement,
  openTender,
  proposeAward,
  publishTender,
  registerSupplier,
  submitBid,
} from './commands.ts';
import { hasDeclared } from './queries.ts';
import { tenderInputOf, ZTenderInput } from './schema.ts';

// Each example works on a tender of its own, bid on by the target's supplier (Arsenal Nord when
// the target is not a supplier), brought to the stage the route needs. Bids are due an hour after
// the world's clock; a stage after the opening moves the clock two hours on.
const HOUR = 3_600_000;
const STAGES = ['draft', 'published', 'bid', 'opened', 'evaluated', 'proposed', 'awarded'] as const;
type Stage = (typeof STAGES)[number];
const past = (stage: Stage, than: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(than);

const supplierOf = (c: Caller | undefined) => (c?.role === 'supplier-rep' ? c.partyId : 'F0001');
const key = (world: AccessWorld) => world.runtime.masterKey as Uint8Array;

async function tenderAt(world: AccessWorld, stage: Stage, bidder: string) {
  const { runtime, clock } = world;
  const run = <T>(actor: string, work: Parameters<typeof runCommand<T>>[2]) =>
    runCommand(runtime, actor, work);
  for (const supplier of ['F0001', 'D0002']) {
    await run('user:officer', (scope) => registerSupplier(scope, supplier, ['1320']));
  }
  const input = tenderInputOf(ZTenderInput.parse(tenderBody(clock.now(), 1 / 24)));
  const tender = await run('user:officer', (scope) => createTender(scope, input));
  if (stage === 'draft') return { tender, bid: '' };
  await run('user:officer', (scope) => publishTender(scope, tender, key(world)));
  if (stage === 'published') return { tender, bid: '' };
  const bid = await run(`user:${bidder}`, (scope) =>
    submitBid(
      scope,
      { tender, supplier: bidder, lot: 'lot-1', content: bid155(2_800_00n) },
      key(world),
    ),
  );
  if (!past(stage, 'opened')) return { tender, bid };
  clock.advance(2 * HOUR);
  await run('user:officer', (scope) => openTender(scope, tender, key(world)));
  if (!past(stage, 'evaluated')) return { tender, bid };
  await run('user:evaluator', (scope) => declareNoConflict(scope, tender, 'no interest'));
  for (const requirement of ['R1', 'R2']) {
    await run('user:evaluator', (scope) =>
      markRequirement(scope, { tender, bid, requirement, pass: true, justification: 'checked' }),
    );
  }
  await run('user:evaluator', (scope) => evaluateTender(scope, tender));
  if (!past(stage, 'proposed')) return { tender, bid };
  await run('user:officer-a', (scope) => proposeAward(scope, tender));
  if (!past(stage, 'awarded')) return { tender, bid };
  await run('user:officer-b', (scope) => approveAward(scope, tender));
  return { tender, bid };
}

/** Read-only examples share one tender per stage and bidder, so that the matrix stays quick. */
const shared = new WeakMap<AccessWorld, Map<string, Promise<{ tender: string; bid: string }>>>();
function sharedTenderAt(world: AccessWorld, stage: Stage, bidder: string) {
  const ofWorld = shared.get(world) ?? new Map();
  shared.set(world, ofWorld);
  const name = `${stage}/${bidder}`;
  const existing = ofWorld.get(name);
  if (existing !== undefined) return existing;
  const made = tenderAt(world, stage, bidder);
  ofWorld.set(name, made);
  return made;
}

/** An evaluator caller declares for the tender, as they must before reading or marking its bids. */
async function declaredAs(world: AccessWorld, caller: Caller | undefined, tender: string) {
  if (caller?.role !== 'evaluator') return;
  const actor = `user:${caller.userId}`;
  if (await hasDeclared(world.runtime.db, tender, actor)) return;
  await runCommand(world.runtime, actor, (scope) =>
    declareNoConflict(scope, tender, 'no interest'),
  );
}

/** Requests for every route of the tenders context, for the access matrix. */
export const tendersRouteExamples: RouteExamples = {
  'GET /tenders': () => ({}),
  'POST /tenders': ({ world }) => ({ payload: tenderBody(world.clock.now()) }),
  'GET /tenders/:id': async ({ world }) => {
    const { tender } = await sharedTenderAt(world, 'published', 'F0001');
    return { url: `/tenders/${tender}` };
  },
  'POST /tenders/:id/publish': async ({ world }) => {
    const { tender } = await tenderAt(world, 'draft', 'F0001');
    return { url: `/tenders/${tender}/publish` };
  },
  'PUT /tenders/:id/documents': async ({ world }) => {
    const { tender } = await tenderAt(world, 'published', 'F0001');
    return { url: `/tenders/${tender}/documents`, payload: { documents: 'v2', reason: 'typo' } };
  },
  'POST /tenders/:id/cancellation': async ({ world }) => {
    const { tender } = await tenderAt(world, 'published', 'F0001');
    return { url: `/tenders/${tender}/cancellation`, payload: { reason: 'demand withdrawn' } };
  },
  'PUT /supplier-registrations/:supplier': () => ({
    url: '/supplier-registrations/F0001',
    payload: { supplyClasses: ['1320'] },
  }),
  'GET /tenders/:id/clarifications': async ({ world }) => {
    const { tender } = await sharedTenderAt(world, 'published', 'F0001');
    return { url: `/tenders/${tender}/clarifications` };
  },
  'POST /tenders/:id/clarifications': async ({ world }) => {
    const { tender } = await sharedTenderAt(world, 'published', 'F0001');
    return { url: `/tenders/${tender}/clarifications`, payload: { question: 'Which fuze?' } };
  },
  'PUT /tenders/:id/clarifications/:clarification/answer': async ({ world }) => {
    const { tender } = await tenderAt(world, 'published', 'F0001');
    const clarification = await runCommand(world.runtime, 'user:supplier', (scope) =>
      askClarification(scope, { tender, supplier: 'F0001', question: 'Which fuze?' }),
    );
    return {
      url: `/tenders/${tender}/clarifications/${clarification}/answer`,
      payload: { answer: 'Any STANAG 4369 fuze.' },
    };
  },
  'GET /tenders/:id/bids': async ({ world, target }) => {
    const { tender } = await sharedTenderAt(world, 'bid', supplierOf(target));
    return { url: `/tenders/${tender}/bids` };
  },
  'POST /tenders/:id/bids': async ({ world }) => {
    const { tender } = await tenderAt(world, 'published', 'F0001');
    return { url: `/tenders/${tender}/bids`, payload: bidBody(bid155(2_800_00n)) };
  },
  'GET /tenders/:id/bids/:bid': async ({ world, target }) => {
    const bidder = supplierOf(target);
    const { tender, bid } = await sharedTenderAt(world, 'bid', bidder);
    return { url: `/tenders/${tender}/bids/${bid}`, owner: { partyId: bidder } };
  },
  'PUT /tenders/:id/bids/:bid': async ({ world, target }) => {
    const bidder = supplierOf(target);
    const { tender, bid } = await tenderAt(world, 'bid', bidder);
    return {
      url: `/tenders/${tender}/bids/${bid}`,
      payload: bidBody(bid155(2_700_00n)),
      owner: { partyId: bidder },
    };
  },
  'POST /tenders/:id/bids/:bid/confirmation': async ({ world, target }) => {
    const bidder = supplierOf(target);
    const { tender, bid } = await tenderAt(world, 'bid', bidder);
    await runCommand(world.runtime, 'user:officer', (scope) =>
      amendDocuments(scope, tender, 'v2', 'annex added'),
    );
    return { url: `/tenders/${tender}/bids/${bid}/confirmation`, owner: { partyId: bidder } };
  },
  'DELETE /tenders/:id/bids/:bid': async ({ world, target }) => {
    const bidder = supplierOf(target);
    const { tender, bid } = await tenderAt(world, 'bid', bidder);
    return { url: `/tenders/${tender}/bids/${bid}`, owner: { partyId: bidder } };
  },
  'GET /tenders/:id/bids/:bid/content': async ({ world, caller, target }) => {
    const bidder = supplierOf(target);
    const { tender, bid } = await sharedTenderAt(world, 'opened', bidder);
    await declaredAs(world, caller, tender);
    return { url: `/tenders/${tender}/bids/${bid}/content`, owner: { partyId: bidder } };
  },
  'POST /tenders/:id/opening': async ({ world }) => {
    const { tender } = await tenderAt(world, 'bid', 'F0001');
    world.clock.advance(2 * HOUR);
    return { url: `/tenders/${tender}/opening` };
  },
  'POST /tenders/:id/declarations': async ({ world }) => {
    const { tender } = await tenderAt(world, 'published', 'F0001');
    return { url: `/tenders/${tender}/declarations`, payload: { statement: 'no interest' } };
  },
  'POST /tenders/:id/marks': async ({ world, caller }) => {
    const { tender, bid } = await tenderAt(world, 'opened', 'F0001');
    await declaredAs(world, caller, tender);
    return {
      url: `/tenders/${tender}/marks`,
      payload: { bid, requirement: 'R1', pass: true, justification: 'report checked' },
    };
  },
  'POST /tenders/:id/evaluation': async ({ world, caller }) => {
    const { tender, bid } = await tenderAt(world, 'opened', 'F0001');
    await runCommand(world.runtime, 'user:evaluator', async (scope) => {
      await declareNoConflict(scope, tender, 'no interest');
    });
    for (const requirement of ['R1', 'R2']) {
      await runCommand(world.runtime, 'user:evaluator', (scope) =>
        markRequirement(scope, { tender, bid, requirement, pass: true, justification: 'checked' }),
      );
    }
    await declaredAs(world, caller, tender);
    return { url: `/tenders/${tender}/evaluation` };
  },
  'GET /tenders/:id/ranking': async ({ world }) => {
    const { tender } = await sharedTenderAt(world, 'evaluated', 'F0001');
    return { url: `/tenders/${tender}/ranking` };
  },
  'POST /tenders/:id/what-if': async ({ world }) => {
    const { tender } = await sharedTenderAt(world, 'evaluated', 'F0001');
    return {
      url: `/tenders/${tender}/what-if`,
      payload: {
        method: { kind: 'best-value', weights: { price: 70, capacity: 20, leadTime: 10 } },
      },
    };
  },
  'POST /tenders/:id/award': async ({ world }) => {
    const { tender } = await tenderAt(world, 'evaluated', 'F0001');
    return { url: `/tenders/${tender}/award` };
  },
  'POST /tenders/:id/award/approval': async ({ world }) => {
    const { tender } = await tenderAt(world, 'proposed', 'F0001');
    return { url: `/tenders/${tender}/award/approval` };
  },
  'GET /tenders/:id/challenges': async ({ world }) => {
    const { tender } = await sharedTenderAt(world, 'awarded', 'F0001');
    return { url: `/tenders/${tender}/challenges` };
  },
  'POST /tenders/:id/challenges': async ({ world, caller }) => {
    const { tender } = await tenderAt(world, 'awarded', supplierOf(caller));
    return {
      url: `/tenders/${tender}/challenges`,
      payload: { reason: 'The ranking is wrong.', documents: [] },
    };
  },
  'PUT /tenders/:id/challenges/:challenge/decision': async ({ world }) => {
    const { tender } = await tenderAt(world, 'awarded', 'F0001');
    const challenge = await runCommand(world.runtime, 'user:supplier', (scope) =>
      lodgeChallenge(scope, { tender, supplier: 'F0001', reason: 'wrong', documents: [] }),
    );
    return {
      url: `/tenders/${tender}/challenges/${challenge}/decision`,
      payload: { upheld: false, reason: 'The ranking follows the rule.' },
    };
  },
};
