import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import {
  confirmBid,
  openTender,
  replaceBid,
  requireMasterKey,
  submitBid,
  withdrawBid,
} from '../commands.ts';
import { bidContent, bidOr404, bidsOf, findBid, hasDeclared, tenderOr404 } from '../queries.ts';
import {
  bidContentOf,
  shownBid,
  ZBidContent,
  ZBidEnvelope,
  ZBidInput,
  ZBidParams,
  ZCreated,
  ZId,
  ZOpening,
} from '../schema.ts';
import { visible } from './tenders.ts';

const refusals = { ...problems, 409: ZProblem, 422: ZProblem };

/** Sealed bids: submitted, replaced, re-confirmed and withdrawn by their supplier; opened by the agency. */
export function bidRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  const bidOwner = async (request: FastifyRequest) => {
    const parsed = ZBidParams.safeParse(request.params);
    if (!parsed.success) return null;
    const bid = await findBid(db, parsed.data.id, parsed.data.bid);
    return bid === undefined ? null : { partyId: bid.supplier };
  };
  return async (app) => {
    app.get(
      '/tenders/:id/bids',
      {
        config: { access: access('bid', 'read') },
        schema: {
          tags: ['bids'],
          summary: "A tender's bids: who bid, when, and each commitment; a supplier sees its own",
          params: ZId,
          response: { 200: z.array(ZBidEnvelope), ...problems },
        },
      },
      async (request) => {
        visible(request.principal, await tenderOr404(db, request.params.id));
        const supplier = request.reach === 'any' ? undefined : signedIn(request).partyId;
        return (await bidsOf(db, request.params.id, supplier)).map(shownBid);
      },
    );
    app.post(
      '/tenders/:id/bids',
      {
        config: { access: access('bid', 'write') },
        schema: {
          tags: ['bids'],
          summary: 'Submit a sealed bid for a lot; only its salted commitment is recorded',
          params: ZId,
          body: ZBidInput,
          response: { 201: ZCreated, ...refusals },
        },
      },
      async (request, reply) => {
        const key = requireMasterKey(runtime.masterKey);
        const supplier = signedIn(request).partyId;
        const id = await runCommand(runtime, actorOf(request.principal), (scope) =>
          submitBid(
            scope,
            {
              tender: request.params.id,
              supplier,
              lot: request.body.lot,
              content: bidContentOf(request.body),
            },
            key,
          ),
        );
        return reply.code(201).send({ id });
      },
    );
    app.get(
      '/tenders/:id/bids/:bid',
      {
        config: { access: access('bid', 'read', bidOwner) },
        schema: {
          tags: ['bids'],
          summary: "A bid's envelope: never its content",
          params: ZBidParams,
          response: { 200: ZBidEnvelope, ...problems },
        },
      },
      async (request) => shownBid(await bidOr404(db, request.params.id, request.params.bid)),
    );
    app.put(
      '/tenders/:id/bids/:bid',
      {
        config: { access: access('bid', 'write', bidOwner) },
        schema: {
          tags: ['bids'],
          summary: 'Replace a bid until the deadline; it then counts from now',
          params: ZBidParams,
          body: ZBidInput,
          response: { 200: ZBidEnvelope, ...refusals },
        },
      },
      async (request) => {
        const key = requireMasterKey(runtime.masterKey);
        const supplier = signedIn(request).partyId;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          replaceBid(
            scope,
            {
              tender: request.params.id,
              bid: request.params.bid,
              supplier,
              content: bidContentOf(request.body),
            },
            key,
          ),
        );
        return shownBid(await bidOr404(db, request.params.id, request.params.bid));
      },
    );
    app.post(
      '/tenders/:id/bids/:bid/confirmation',
      {
        config: { access: access('bid', 'write', bidOwner) },
        schema: {
          tags: ['bids'],
          summary: 'Re-confirm a bid that an amendment of the documents invalidated',
          params: ZBidParams,
          response: { 200: ZBidEnvelope, ...refusals },
        },
      },
      async (request) => {
        const supplier = signedIn(request).partyId;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          confirmBid(scope, { tender: request.params.id, bid: request.params.bid, supplier }),
        );
        return shownBid(await bidOr404(db, request.params.id, request.params.bid));
      },
    );
    app.delete(
      '/tenders/:id/bids/:bid',
      {
        config: { access: access('bid', 'write', bidOwner) },
        schema: {
          tags: ['bids'],
          summary: 'Withdraw a bid until the deadline; its ciphertext is erased',
          params: ZBidParams,
          response: { 200: ZBidEnvelope, ...refusals },
        },
      },
      async (request) => {
        const supplier = signedIn(request).partyId;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          withdrawBid(scope, { tender: request.params.id, bid: request.params.bid, supplier }),
        );
        return shownBid(await bidOr404(db, request.params.id, request.params.bid));
      },
    );
    app.get(
      '/tenders/:id/bids/:bid/content',
      {
        config: { access: access('sealed-bid-content', 'read', bidOwner) },
        schema: {
          tags: ['bids'],
          summary: 'What a bid offers: BID_SEALED to everyone before the opening',
          params: ZBidParams,
          response: { 200: ZBidContent, ...refusals },
        },
      },
      async (request) => {
        const bid = await bidOr404(db, request.params.id, request.params.bid);
        const content = await bidContent(db, bid);
        const { roles, userId } = signedIn(request);
        const onlyEvaluator = !roles.some(
          (r) => r === 'agency-officer' || r === 'auditor' || r === 'supplier-rep',
        );
        if (onlyEvaluator && !(await hasDeclared(db, bid.tender, `user:${userId}`))) {
          throw new DomainError(
            'CONFLICT_NOT_DECLARED',
            'Declare that you have no conflict of interest in this tender before reading its bids.',
          );
        }
        return content;
      },
    );
    app.post(
      '/tenders/:id/opening',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['bids'],
          summary: 'Open the bids after the deadline, each checked against its commitment',
          params: ZId,
          response: { 200: ZOpening, ...refusals },
        },
      },
      async (request) => {
        const key = requireMasterKey(runtime.masterKey);
        const opening = await runCommand(runtime, actorOf(request.principal), (scope) =>
          openTender(scope, request.params.id, key),
        );
        return { opened: opening.opened.map((o) => o.bid), setAside: opening.setAside };
      },
    );
  };
}
