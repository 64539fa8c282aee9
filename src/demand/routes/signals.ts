import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import { postSignal, reviseSignal, SignalFacts, setSharing, withdrawSignal } from '../commands.ts';
import type { SignalState } from '../model/signal.ts';
import { findSignal, listSignals, nationOfSignal, type SignalFilter } from '../queries.ts';
import {
  draftOf,
  shownSignal,
  ZId,
  ZRevision,
  ZSharing,
  ZSignal,
  ZSignalInput,
  ZSignalQuery,
  ZWithdrawal,
} from '../schema.ts';

const refusals = { ...problems, 409: ZProblem };

/** The nation a body names, by default the caller's own: the owner a nation writes for. */
const bodyNation = async (request: FastifyRequest) => {
  const { nation } = (request.body ?? {}) as { nation?: string };
  const principal = request.principal;
  return { partyId: nation ?? (principal.kind === 'user' ? principal.partyId : '') };
};

/** What a list asks for, narrowed to the caller's nation when its grant reaches only its own. */
export function signalFilter(request: FastifyRequest): SignalFilter {
  const { nation, state, family } = request.query as {
    nation?: string;
    state?: SignalState;
    family?: string;
  };
  const own = request.reach === 'any' ? nation : signedIn(request).partyId;
  return {
    ...(own === undefined ? {} : { nation: own }),
    ...(state === undefined ? {} : { state }),
    ...(family === undefined ? {} : { family }),
  };
}

/** Demand signals: a nation posts, revises and withdraws its own, and sees only its own. */
export function signalRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  const signalOwner = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const nation = ZId.safeParse({ id }).success ? await nationOfSignal(db, id) : undefined;
    return nation === undefined ? null : { partyId: nation };
  };
  const shown = async (id: string) => {
    const signal = await findSignal(db, id);
    if (signal === undefined) throw new DomainError('NOT_FOUND', `No demand signal ${id}.`);
    return shownSignal(signal);
  };
  return async (app) => {
    app.get(
      '/demand/signals',
      {
        config: { access: access('demand-line', 'read') },
        schema: {
          tags: ['demand'],
          summary: 'Demand signals in id order, a page at a time; a nation sees only its own',
          querystring: ZSignalQuery,
          response: { 200: z.array(ZSignal), ...problems },
        },
      },
      async (request) => {
        const { after, limit } = request.query;
        const signals = await listSignals(db, signalFilter(request), {
          ...(after === undefined ? {} : { after }),
          limit,
        });
        return signals.map(shownSignal);
      },
    );
    app.post(
      '/demand/signals',
      {
        config: { access: access('demand-line', 'write', bodyNation) },
        schema: {
          tags: ['demand'],
          summary: "Post a demand signal for the caller's nation",
          body: ZSignalInput,
          response: { 201: ZSignal, ...refusals },
        },
      },
      async (request, reply) => {
        const principal = signedIn(request);
        const { nation, reference, ...terms } = request.body;
        const draft = draftOf(terms, nation ?? principal.partyId, reference);
        const id = await runCommand(runtime, actorOf(principal), (scope) =>
          postSignal(scope, new SignalFacts(scope.trx), draft),
        );
        return reply.code(201).send(await shown(id));
      },
    );
    app.get(
      '/demand/signals/:id',
      {
        config: { access: access('demand-line', 'read', signalOwner) },
        schema: {
          tags: ['demand'],
          summary: 'One demand signal',
          params: ZId,
          response: { 200: ZSignal, ...problems },
        },
      },
      async (request) => shown(request.params.id),
    );
    app.post(
      '/demand/signals/:id/revision',
      {
        config: { access: access('demand-line', 'write', signalOwner) },
        schema: {
          tags: ['demand'],
          summary: "Revise a signal's terms, with the reason",
          params: ZId,
          body: ZRevision,
          response: { 200: ZSignal, ...refusals },
        },
      },
      async (request) => {
        const { reason, ...terms } = request.body;
        const { nation: _nation, reference: _reference, ...draft } = draftOf(terms, '', null);
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          reviseSignal(scope, new SignalFacts(scope.trx), request.params.id, draft, reason),
        );
        return shown(request.params.id);
      },
    );
    app.post(
      '/demand/signals/:id/withdrawal',
      {
        config: { access: access('demand-line', 'write', signalOwner) },
        schema: {
          tags: ['demand'],
          summary: 'Withdraw a signal, with the reason; it leaves the lots',
          params: ZId,
          body: ZWithdrawal,
          response: { 200: ZSignal, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          withdrawSignal(scope, request.params.id, request.body.reason),
        );
        return shown(request.params.id);
      },
    );
    app.put(
      '/demand/sharing',
      {
        config: { access: access('demand-line', 'write', bodyNation) },
        schema: {
          tags: ['demand'],
          summary:
            "Agree (or no longer agree) to show the nation's lines to the other nations of its lots",
          body: ZSharing,
          response: { 200: ZSharing.required(), ...refusals },
        },
      },
      async (request) => {
        const nation = request.body.nation ?? signedIn(request).partyId;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          setSharing(scope, nation, request.body.share),
        );
        return { nation, share: request.body.share };
      },
    );
  };
}
