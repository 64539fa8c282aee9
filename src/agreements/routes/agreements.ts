import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { dayOf } from '../../platform/clock.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import { createAgreement, decideCeiling, moveAgreement, proposeCeiling } from '../commands.ts';
import {
  agreementAsOf,
  agreementFigures,
  agreementsAsOf,
  partiesOfAgreement,
  poolFigures,
  proposalsOf,
} from '../queries.ts';
import {
  agreementInputOf,
  ZAgreement,
  ZAgreementFigures,
  ZAgreementInput,
  ZCeilingDecision,
  ZCeilingProposal,
  ZCeilingProposalInput,
  ZId,
  ZPoolFigures,
  ZStateChange,
} from '../schema.ts';
import { shownAgreement, shownFigures } from './shown.ts';

const refusals = { ...problems, 409: ZProblem, 422: ZProblem };

/** Framework agreements: entering them, their states and ceilings, and their figures. */
export function agreementRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  const today = () => dayOf(runtime.clock.now());
  const agreementOwner = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const parties = ZId.safeParse({ id }).success ? await partiesOfAgreement(db, id) : undefined;
    return parties === undefined ? null : { parties };
  };
  const found = async (id: string) => {
    const agreement = await agreementAsOf(db, id, today());
    if (agreement === undefined) throw new DomainError('NOT_FOUND', `No agreement ${id}.`);
    return agreement;
  };
  return async (app) => {
    app.get(
      '/agreements',
      {
        config: { access: access('agreement', 'read') },
        schema: {
          tags: ['agreements'],
          summary: 'Framework agreements; a nation or supplier sees those it takes part in',
          response: { 200: z.array(ZAgreement), ...problems },
        },
      },
      async (request) => {
        const party = request.reach === 'any' ? undefined : signedIn(request).partyId;
        const agreements = await agreementsAsOf(db, today(), party === undefined ? {} : { party });
        return agreements.map(shownAgreement);
      },
    );
    app.post(
      '/agreements',
      {
        config: { access: access('agreement', 'write') },
        schema: {
          tags: ['agreements'],
          summary: 'Enter a framework agreement, as a draft',
          body: ZAgreementInput,
          response: { 201: ZAgreement, ...refusals },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const id = await runCommand(runtime, actorOf(request.principal), (scope) =>
          createAgreement(scope, agreementInputOf(body)),
        );
        return reply.code(201).send(shownAgreement(await found(id)));
      },
    );
    app.get(
      '/agreements/:id',
      {
        config: { access: access('agreement', 'read', agreementOwner) },
        schema: {
          tags: ['agreements'],
          summary: 'One agreement, with its ceiling and what is committed under it',
          params: ZId,
          response: { 200: ZAgreement, ...problems },
        },
      },
      async (request) => shownAgreement(await found(request.params.id)),
    );
    app.put(
      '/agreements/:id/state',
      {
        config: { access: access('agreement', 'write') },
        schema: {
          tags: ['agreements'],
          summary: 'Activate, suspend, resume or close an agreement',
          params: ZId,
          body: ZStateChange,
          response: { 200: ZAgreement, ...refusals },
        },
      },
      async (request) => {
        const { id } = request.params;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          moveAgreement(scope, id, request.body.state, request.body.reason),
        );
        return shownAgreement(await found(id));
      },
    );
    app.get(
      '/agreements/:id/figures',
      {
        config: { access: access('agreement', 'read', agreementOwner) },
        schema: {
          tags: ['agreements'],
          summary:
            'Ceiling, committed, delivered and remaining: in total, by nation and by supplier (a nation or supplier sees its own lines)',
          params: ZId,
          response: { 200: ZAgreementFigures, ...problems },
        },
      },
      async (request) => {
        const agreement = await found(request.params.id);
        const party = request.reach === 'any' ? undefined : signedIn(request).partyId;
        const figures = await agreementFigures(db, agreement, party);
        return {
          total: shownFigures(figures.total),
          nations: figures.nations.map(shownFigures),
          suppliers: figures.suppliers.map(shownFigures),
        };
      },
    );
    app.get(
      '/agreements/:id/ceiling-proposals',
      {
        config: { access: access('agreement', 'read', agreementOwner) },
        schema: {
          tags: ['agreements'],
          summary: 'Proposed changes of the ceiling, pending and decided',
          params: ZId,
          response: { 200: z.array(ZCeilingProposal), ...problems },
        },
      },
      async (request) => {
        const agreement = await found(request.params.id);
        const proposals = await proposalsOf(db, agreement.id);
        return proposals.map((p) => ({
          ...p,
          ceiling: { minor: p.ceiling.toString(), currency: agreement.currency },
        }));
      },
    );
    app.post(
      '/agreements/:id/ceiling-proposals',
      {
        config: { access: access('agreement', 'write') },
        schema: {
          tags: ['agreements'],
          summary: 'Propose a new ceiling; a second officer must approve it',
          params: ZId,
          body: ZCeilingProposalInput,
          response: { 201: z.object({ id: z.string() }), ...refusals },
        },
      },
      async (request, reply) => {
        const proposal = await runCommand(runtime, actorOf(request.principal), (scope) =>
          proposeCeiling(
            scope,
            request.params.id,
            BigInt(request.body.ceiling),
            request.body.reason,
          ),
        );
        return reply.code(201).send({ id: proposal });
      },
    );
    app.post(
      '/agreements/:id/ceiling-proposals/:proposal/decision',
      {
        config: { access: access('agreement', 'write') },
        schema: {
          tags: ['agreements'],
          summary: 'Approve (another officer than the proposer) or reject a proposed ceiling',
          params: z.object({ id: z.uuid(), proposal: z.uuid() }),
          body: ZCeilingDecision,
          response: { 200: ZAgreement, ...refusals },
        },
      },
      async (request) => {
        const { id, proposal } = request.params;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          decideCeiling(scope, id, proposal, request.body),
        );
        return shownAgreement(await found(id));
      },
    );
    app.get(
      '/figures',
      {
        config: { access: access('published', 'read') },
        schema: {
          tags: ['agreements'],
          summary:
            'The pool in figures: ceilings, committed, delivered and remaining of every agreement in force, and their totals',
          response: { 200: ZPoolFigures, ...problems },
        },
      },
      async () => {
        const figures = await poolFigures(db, today());
        return {
          totals: figures.totals.map(shownFigures),
          agreements: figures.agreements.map(shownFigures),
        };
      },
    );
  };
}
