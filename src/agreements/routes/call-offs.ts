import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand, runGrouped } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import {
  amendCallOff,
  callOffPlacement,
  cancelCallOff,
  confirmCallOff,
  decideDelivery,
  declareDelivery,
} from '../commands.ts';
import type { MonthQuantity } from '../model/call-off.ts';
import {
  deliveriesOf,
  findCallOff,
  listCallOffs,
  partiesOfCallOff,
  timelineOf,
} from '../queries.ts';
import {
  ZAmendment,
  ZCallOff,
  ZCallOffInput,
  ZCallOffQuery,
  ZCancellation,
  ZDelivery,
  ZDeliveryDecision,
  ZDeliveryInput,
  ZId,
  ZTimelineEntry,
} from '../schema.ts';
import { shownCallOff, shownDelivery } from './shown.ts';

const refusals = { ...problems, 409: ZProblem, 422: ZProblem };

const schedule = (months: readonly { month: string; quantity: number }[]): MonthQuantity[] =>
  months.map((m) => ({ month: m.month, quantity: BigInt(m.quantity) }));

/** Call-offs: placing, confirming, amending and cancelling them, and their deliveries. */
export function callOffRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  const callOffOwner = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const parties = ZId.safeParse({ id }).success ? await partiesOfCallOff(db, id) : undefined;
    return parties === undefined ? null : { parties };
  };
  // A nation places call-offs for itself: the body's nation (by default the caller's) is the owner.
  const placingNation = async (request: FastifyRequest) => {
    const { nation } = request.body as { nation?: string };
    const principal = request.principal;
    return { partyId: nation ?? (principal.kind === 'user' ? principal.partyId : '') };
  };
  const shown = async (id: string) => {
    const callOff = await findCallOff(db, id);
    if (callOff === undefined) throw new DomainError('NOT_FOUND', `No call-off ${id}.`);
    return shownCallOff(callOff);
  };
  const ownedCallOff = { params: ZId, response: { 200: ZCallOff, ...refusals } };
  return async (app) => {
    app.post(
      '/agreements/:id/call-offs',
      {
        config: { access: access('call-off', 'write', placingNation) },
        schema: {
          tags: ['call-offs'],
          summary:
            'Place a call-off: priced at the tier the pooled volume reaches, refused if it would cross a ceiling',
          params: ZId,
          body: ZCallOffInput,
          response: { 201: ZCallOff, ...refusals },
        },
      },
      async (request, reply) => {
        const principal = signedIn(request);
        const body = request.body;
        // Call-offs queue on their agreements' locks and the ledger's head anyway: placed in groups.
        const placed = await runGrouped(
          runtime,
          actorOf(principal),
          {
            agreementId: request.params.id,
            nation: body.nation ?? principal.partyId,
            supplier: body.supplier,
            nsn: body.nsn,
            quantity: BigInt(body.quantity),
            schedule: schedule(body.schedule),
            destination: body.destination,
          },
          callOffPlacement,
        );
        return reply.code(201).send(shownCallOff(placed));
      },
    );
    app.get(
      '/call-offs',
      {
        config: { access: access('call-off', 'read') },
        schema: {
          tags: ['call-offs'],
          summary: 'Call-offs, newest first; a nation or supplier sees its own',
          querystring: ZCallOffQuery,
          response: { 200: z.array(ZCallOff), ...problems },
        },
      },
      async (request) => {
        const { agreement, nation, supplier, limit } = request.query;
        const callOffs = await listCallOffs(db, {
          ...(agreement === undefined ? {} : { agreement }),
          ...(nation === undefined ? {} : { nation }),
          ...(supplier === undefined ? {} : { supplier }),
          ...(request.reach === 'any' ? {} : { party: signedIn(request).partyId }),
          limit,
        });
        return callOffs.map(shownCallOff);
      },
    );
    app.get(
      '/call-offs/:id',
      {
        config: { access: access('call-off', 'read', callOffOwner) },
        schema: { tags: ['call-offs'], summary: 'One call-off', ...ownedCallOff },
      },
      async (request) => shown(request.params.id),
    );
    app.get(
      '/call-offs/:id/timeline',
      {
        config: { access: access('call-off', 'read', callOffOwner) },
        schema: {
          tags: ['call-offs'],
          summary: 'Everything that happened to a call-off, in order, with who did it',
          params: ZId,
          response: { 200: z.array(ZTimelineEntry), ...problems },
        },
      },
      async (request) => timelineOf(db, request.params.id),
    );
    app.post(
      '/call-offs/:id/confirmation',
      {
        config: { access: access('call-off', 'confirm', callOffOwner) },
        schema: {
          tags: ['call-offs'],
          summary: 'The supplier confirms a call-off',
          ...ownedCallOff,
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          confirmCallOff(scope, request.params.id),
        );
        return shown(request.params.id);
      },
    );
    app.post(
      '/call-offs/:id/amendments',
      {
        config: { access: access('call-off', 'amend', callOffOwner) },
        schema: {
          tags: ['call-offs'],
          summary:
            "Amend quantity, schedule or price variation (within the agreement's bound), with a reason",
          params: ZId,
          body: ZAmendment,
          response: { 200: ZCallOff, ...refusals },
        },
      },
      async (request) => {
        const body = request.body;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          amendCallOff(scope, request.params.id, {
            reason: body.reason,
            ...(body.quantity === undefined ? {} : { quantity: BigInt(body.quantity) }),
            ...(body.schedule === undefined ? {} : { schedule: schedule(body.schedule) }),
            ...(body.variationBp === undefined ? {} : { variationBp: body.variationBp }),
          }),
        );
        return shown(request.params.id);
      },
    );
    app.post(
      '/call-offs/:id/cancellation',
      {
        config: { access: access('call-off', 'cancel', callOffOwner) },
        schema: {
          tags: ['call-offs'],
          summary: 'Cancel a call-off nothing was delivered against, with a reason',
          params: ZId,
          body: ZCancellation,
          response: { 200: ZCallOff, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          cancelCallOff(scope, request.params.id, request.body.reason),
        );
        return shown(request.params.id);
      },
    );
    app.get(
      '/call-offs/:id/deliveries',
      {
        config: { access: access('call-off', 'read', callOffOwner) },
        schema: {
          tags: ['call-offs'],
          summary: 'Deliveries declared against a call-off',
          params: ZId,
          response: { 200: z.array(ZDelivery), ...problems },
        },
      },
      async (request) => (await deliveriesOf(db, request.params.id)).map(shownDelivery),
    );
    app.post(
      '/call-offs/:id/deliveries',
      {
        config: { access: access('call-off', 'deliver', callOffOwner) },
        schema: {
          tags: ['call-offs'],
          summary: 'The supplier declares a delivery, with its lot number',
          params: ZId,
          body: ZDeliveryInput,
          response: { 201: ZDelivery, ...refusals },
        },
      },
      async (request, reply) => {
        const { quantity, lotNumber, deliveredOn } = request.body;
        const delivery = await runCommand(runtime, actorOf(request.principal), (scope) =>
          declareDelivery(scope, request.params.id, {
            quantity: BigInt(quantity),
            lotNumber,
            deliveredOn,
          }),
        );
        const declared = (await deliveriesOf(db, request.params.id)).find((d) => d.id === delivery);
        return reply.code(201).send(shownDelivery(declared as NonNullable<typeof declared>));
      },
    );
    app.post(
      '/call-offs/:id/deliveries/:delivery/decision',
      {
        config: { access: access('call-off', 'accept-delivery', callOffOwner) },
        schema: {
          tags: ['call-offs'],
          summary: 'The nation accepts a delivery, or rejects it with a reason',
          params: z.object({ id: z.uuid(), delivery: z.uuid() }),
          body: ZDeliveryDecision,
          response: { 200: ZCallOff, ...refusals },
        },
      },
      async (request) => {
        const { id, delivery } = request.params;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          decideDelivery(scope, id, delivery, request.body),
        );
        return shown(id);
      },
    );
  };
}
