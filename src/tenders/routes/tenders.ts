import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf, type Principal } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import {
  amendDocuments,
  answerClarification,
  askClarification,
  cancelTender,
  createTender,
  publishTender,
  registerSupplier,
  requireMasterKey,
} from '../commands.ts';
import type { Tender } from '../model/tender.ts';
import { clarifications, listTenders, tenderOr404 } from '../queries.ts';
import {
  shownTender,
  tenderInputOf,
  ZAnswerInput,
  ZClarification,
  ZClarificationParams,
  ZCreated,
  ZDocumentsInput,
  ZId,
  ZQuestionInput,
  ZReasonInput,
  ZRegistrationInput,
  ZTender,
  ZTenderInput,
} from '../schema.ts';

const refusals = { ...problems, 409: ZProblem, 422: ZProblem };

/** Whether the caller is of the agency's staff, who see drafts and who asked what. */
function isStaff(principal: Principal): boolean {
  return (
    principal.kind === 'user' &&
    principal.roles.some((r) => r === 'agency-officer' || r === 'evaluator' || r === 'auditor')
  );
}

/** A tender the caller may see: a draft is the agency's alone. */
export function visible(principal: Principal, tender: Tender): Tender {
  if (tender.state === 'draft' && !isStaff(principal)) {
    throw new DomainError('NOT_FOUND', `No tender ${tender.id}.`);
  }
  return tender;
}

/** Tenders: drafting, publishing, amending, cancelling, questions and answers, eligibility. */
export function tenderRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.get(
      '/tenders',
      {
        config: { access: access('tender', 'read') },
        schema: {
          tags: ['tenders'],
          summary: 'Tenders, latest bid deadline first; drafts only for the agency',
          response: { 200: z.array(ZTender), ...problems },
        },
      },
      async (request) => {
        const staff = isStaff(request.principal);
        return (await listTenders(db)).filter((t) => staff || t.state !== 'draft').map(shownTender);
      },
    );
    app.post(
      '/tenders',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['tenders'],
          summary: 'Draft a tender with its lots',
          body: ZTenderInput,
          response: { 201: ZCreated, ...refusals },
        },
      },
      async (request, reply) => {
        const id = await runCommand(runtime, actorOf(request.principal), (scope) =>
          createTender(scope, tenderInputOf(request.body)),
        );
        return reply.code(201).send({ id });
      },
    );
    app.get(
      '/tenders/:id',
      {
        config: { access: access('tender', 'read') },
        schema: {
          tags: ['tenders'],
          summary: 'A tender, its lots, and its award once proposed; never a bid',
          params: ZId,
          response: { 200: ZTender, ...problems },
        },
      },
      async (request) =>
        shownTender(visible(request.principal, await tenderOr404(db, request.params.id))),
    );
    app.post(
      '/tenders/:id/publish',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['tenders'],
          summary: 'Publish a draft: exchange rates are fixed and the bid key is made',
          params: ZId,
          response: { 200: ZTender, ...refusals },
        },
      },
      async (request) => {
        const key = requireMasterKey(runtime.masterKey);
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          publishTender(scope, request.params.id, key),
        );
        return shownTender(await tenderOr404(db, request.params.id));
      },
    );
    app.put(
      '/tenders/:id/documents',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['tenders'],
          summary: 'Amend the tender documents; bids already submitted must be re-confirmed',
          params: ZId,
          body: ZDocumentsInput,
          response: { 200: z.object({ invalidatedBids: z.array(z.string()) }), ...refusals },
        },
      },
      async (request) => {
        const invalidatedBids = await runCommand(runtime, actorOf(request.principal), (scope) =>
          amendDocuments(scope, request.params.id, request.body.documents, request.body.reason),
        );
        return { invalidatedBids };
      },
    );
    app.post(
      '/tenders/:id/cancellation',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['tenders'],
          summary: 'Cancel a tender, with the reason',
          params: ZId,
          body: ZReasonInput,
          response: { 200: ZTender, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          cancelTender(scope, request.params.id, request.body.reason),
        );
        return shownTender(await tenderOr404(db, request.params.id));
      },
    );
    app.put(
      '/supplier-registrations/:supplier',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['tenders'],
          summary: 'The supply classes a supplier is registered for, which eligibility asks for',
          params: z.object({ supplier: z.string().regex(/^[A-Z0-9]{1,16}$/) }),
          body: ZRegistrationInput,
          response: { 200: ZRegistrationInput, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          registerSupplier(scope, request.params.supplier, request.body.supplyClasses),
        );
        return request.body;
      },
    );
    app.get(
      '/tenders/:id/clarifications',
      {
        config: { access: access('tender', 'read') },
        schema: {
          tags: ['tenders'],
          summary: 'Questions and answers; who asked is shown to the agency and the asker only',
          params: ZId,
          response: { 200: z.array(ZClarification), ...problems },
        },
      },
      async (request) => {
        visible(request.principal, await tenderOr404(db, request.params.id));
        const principal = request.principal;
        const staff = isStaff(principal);
        const party = principal.kind === 'user' ? principal.partyId : undefined;
        return clarifications(db, request.params.id, (asker) => staff || asker === party);
      },
    );
    app.post(
      '/tenders/:id/clarifications',
      {
        config: { access: access('tender', 'ask') },
        schema: {
          tags: ['tenders'],
          summary: 'A supplier asks a question; other suppliers do not learn who asked',
          params: ZId,
          body: ZQuestionInput,
          response: { 201: ZCreated, ...refusals },
        },
      },
      async (request, reply) => {
        const supplier = signedIn(request).partyId;
        const id = await runCommand(runtime, actorOf(request.principal), (scope) =>
          askClarification(scope, {
            tender: request.params.id,
            supplier,
            question: request.body.question,
          }),
        );
        return reply.code(201).send({ id });
      },
    );
    app.put(
      '/tenders/:id/clarifications/:clarification/answer',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['tenders'],
          summary: 'Answer a question, to every bidder',
          params: ZClarificationParams,
          body: ZAnswerInput,
          response: { 200: ZAnswerInput, ...refusals },
        },
      },
      async (request) => {
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          answerClarification(scope, {
            tender: request.params.id,
            clarification: request.params.clarification,
            answer: request.body.answer,
          }),
        );
        return request.body;
      },
    );
  };
}
