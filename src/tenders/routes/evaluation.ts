import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import {
  approveAward,
  decideChallenge,
  declareNoConflict,
  evaluateTender,
  lodgeChallenge,
  markRequirement,
  proposeAward,
  requireMethod,
} from '../commands.ts';
import { challenges, ranking, tenderOr404, whatIf } from '../queries.ts';
import {
  shownTender,
  ZChallenge,
  ZChallengeDecision,
  ZChallengeInput,
  ZChallengeParams,
  ZCreated,
  ZDeclarationInput,
  ZId,
  ZMarkInput,
  ZRanking,
  ZTender,
  ZWhatIfInput,
} from '../schema.ts';

const refusals = { ...problems, 409: ZProblem, 422: ZProblem };

/** Evaluation, award, standstill and challenges. */
export function evaluationRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.post(
      '/tenders/:id/declarations',
      {
        config: { access: access('tender', 'evaluate') },
        schema: {
          tags: ['evaluation'],
          summary: 'An evaluator declares no conflict of interest, before seeing any bid',
          params: ZId,
          body: ZDeclarationInput,
          response: { 201: ZDeclarationInput, ...refusals },
        },
      },
      async (request, reply) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          declareNoConflict(scope, request.params.id, request.body.statement),
        );
        return reply.code(201).send(request.body);
      },
    );
    app.post(
      '/tenders/:id/marks',
      {
        config: { access: access('tender', 'evaluate') },
        schema: {
          tags: ['evaluation'],
          summary: 'Mark one requirement of an opened bid pass or fail, with the justification',
          params: ZId,
          body: ZMarkInput,
          response: { 200: ZMarkInput, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          markRequirement(scope, { ...request.body, tender: request.params.id }),
        );
        return request.body;
      },
    );
    app.post(
      '/tenders/:id/evaluation',
      {
        config: { access: access('tender', 'evaluate') },
        schema: {
          tags: ['evaluation'],
          summary: "Rank each lot's compliant bids by the tender's method",
          params: ZId,
          response: { 200: ZRanking, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          evaluateTender(scope, request.params.id),
        );
        return ranking(db, request.params.id);
      },
    );
    app.get(
      '/tenders/:id/ranking',
      {
        config: { access: access('tender', 'read-evaluation') },
        schema: {
          tags: ['evaluation'],
          summary: 'The ranking of the last evaluation, per lot, with evaluated prices',
          params: ZId,
          response: { 200: ZRanking, ...problems },
        },
      },
      async (request) => {
        await tenderOr404(db, request.params.id);
        return ranking(db, request.params.id);
      },
    );
    app.post(
      '/tenders/:id/what-if',
      {
        config: { access: access('tender', 'read-evaluation') },
        schema: {
          tags: ['evaluation'],
          summary: 'The ranking under another method or weights: computed, recorded nowhere',
          params: ZId,
          body: ZWhatIfInput,
          response: { 200: ZRanking, ...refusals },
        },
      },
      async (request) =>
        whatIf(db, await tenderOr404(db, request.params.id), requireMethod(request.body.method)),
    );
    app.post(
      '/tenders/:id/award',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['award'],
          summary: "Propose the award: each lot's top-ranked bids, as many as it awards",
          params: ZId,
          response: { 200: ZTender, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          proposeAward(scope, request.params.id),
        );
        return shownTender(await tenderOr404(db, request.params.id));
      },
    );
    app.post(
      '/tenders/:id/award/approval',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['award'],
          summary: 'A second officer approves the award; the standstill begins',
          params: ZId,
          response: { 200: ZTender, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          approveAward(scope, request.params.id),
        );
        return shownTender(await tenderOr404(db, request.params.id));
      },
    );
    app.get(
      '/tenders/:id/challenges',
      {
        config: { access: access('tender', 'read-evaluation') },
        schema: {
          tags: ['award'],
          summary: 'Challenges to the award and their decisions',
          params: ZId,
          response: { 200: z.array(ZChallenge), ...problems },
        },
      },
      async (request) => {
        await tenderOr404(db, request.params.id);
        return challenges(db, request.params.id);
      },
    );
    app.post(
      '/tenders/:id/challenges',
      {
        config: { access: access('tender', 'challenge') },
        schema: {
          tags: ['award'],
          summary: 'A bidder challenges the award during the standstill',
          params: ZId,
          body: ZChallengeInput,
          response: { 201: ZCreated, ...refusals },
        },
      },
      async (request, reply) => {
        const supplier = signedIn(request).partyId;
        const id = await runCommand(runtime, actorOf(request.principal), (scope) =>
          lodgeChallenge(scope, { ...request.body, tender: request.params.id, supplier }),
        );
        return reply.code(201).send({ id });
      },
    );
    app.put(
      '/tenders/:id/challenges/:challenge/decision',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['award'],
          summary: 'Uphold a challenge (re-evaluation) or reject it with the reason',
          params: ZChallengeParams,
          body: ZChallengeDecision,
          response: { 200: ZTender, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          decideChallenge(scope, {
            ...request.body,
            tender: request.params.id,
            challenge: request.params.challenge,
          }),
        );
        return shownTender(await tenderOr404(db, request.params.id));
      },
    );
  };
}
