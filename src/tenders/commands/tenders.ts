import { findItem } from '../../catalogue/queries.ts';
import { findParty } from '../../parties/queries.ts';
import { dayOf } from '../../platform/clock.ts';
import type { CommandScope } from '../../platform/command.ts';
import { DomainError, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { conversionBy, identity } from '../../rates/model.ts';
import { latestRate } from '../../rates/queries.ts';
import type { TenderEventPayload } from '../events.ts';
import { weightsProblem } from '../model/evaluation.ts';
import { newTenderKey, wrapTenderKey } from '../sealing.ts';
import { bidsOf, putTenderKey } from '../store.ts';
import { event, lockedTender, recordOn, requireMove, requireState, streamOf } from './shared.ts';

/** What an officer enters to draft a tender: everything but its id. */
export type TenderInput = Omit<TenderEventPayload<'TenderCreated'>, 'id'>;

async function problemsOf(scope: CommandScope, input: TenderInput): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (Date.parse(input.bidDeadline) <= scope.now.getTime()) {
    add('body.bidDeadline', 'the bid deadline has passed already');
  }
  if (input.method.kind === 'best-value') {
    const problem = weightsProblem(input.method.weights);
    if (problem !== undefined) add('body.method.weights', problem);
  }
  if (new Set(input.lots.map((l) => l.lot)).size !== input.lots.length) {
    add('body.lots', 'each lot needs a name of its own');
  }
  for (const [i, lot] of input.lots.entries()) {
    for (const [j, nsn] of lot.items.entries()) {
      if ((await findItem(scope.trx, nsn)) === undefined)
        add(`body.lots.${i}.items.${j}`, `no item ${nsn}`);
    }
    for (const [j, nation] of lot.nations.entries()) {
      const party = await findParty(scope.trx, nation);
      if (party?.kind !== 'nation' && party?.kind !== 'partner-nation') {
        add(`body.lots.${i}.nations.${j}`, `${nation} is not a nation`);
      }
    }
    if (new Set(lot.requirements.map((r) => r.id)).size !== lot.requirements.length) {
      add(`body.lots.${i}.requirements`, 'each requirement needs an id of its own');
    }
  }
  return problems;
}

/** Drafts a tender with its lots; nobody outside the agency sees it until it is published. */
export async function createTender(scope: CommandScope, input: TenderInput): Promise<string> {
  const problems = await problemsOf(scope, input);
  const first = problems[0];
  if (first !== undefined) {
    throw new DomainError('VALIDATION_FAILED', `${first.path}: ${first.message}.`, problems);
  }
  const id = newId();
  await recordOn(scope, streamOf(id), [event('TenderCreated', { id, ...input })]);
  return id;
}

/**
 * Publishes a tender: fixes the exchange rate of each currency bids may be priced in (the latest
 * published on or before today), and makes the tender's bid key, wrapped by the master key.
 */
export async function publishTender(
  scope: CommandScope,
  id: string,
  masterKey: Uint8Array,
): Promise<void> {
  const tender = await lockedTender(scope, id);
  requireMove(tender, 'published');
  if (Date.parse(tender.bidDeadline) <= scope.now.getTime()) {
    throw new DomainError('INVALID_TRANSITION', 'The bid deadline has passed: set a later one.');
  }
  const day = dayOf(scope.now);
  const conversions = [];
  for (const currency of tender.currencies) {
    if (currency === tender.currency) {
      conversions.push(identity(currency, day));
      continue;
    }
    const rate = await latestRate(scope.trx, currency, tender.currency, day);
    if (rate === undefined) {
      throw new DomainError(
        'EXCHANGE_RATE_MISSING',
        `No ${currency}/${tender.currency} exchange rate is published on or before ${day}.`,
      );
    }
    conversions.push(conversionBy(rate, currency, tender.currency));
  }
  await putTenderKey(scope.trx, id, wrapTenderKey(masterKey, id, newTenderKey()));
  await recordOn(scope, streamOf(id), [event('TenderPublished', { tender: id, conversions })]);
}

/**
 * Amends the tender documents while bids are taken. Every bid already submitted is invalidated
 * and counts again only once its supplier re-confirms it (as Prozorro does).
 */
export async function amendDocuments(
  scope: CommandScope,
  id: string,
  documents: string,
  reason: string,
): Promise<string[]> {
  const tender = await lockedTender(scope, id);
  requireState(tender, 'draft', 'published');
  const invalidated = (await bidsOf(scope.trx, id))
    .filter((b) => b.state === 'submitted')
    .map((b) => b.id);
  await recordOn(scope, streamOf(id), [
    event('TenderDocumentsAmended', {
      tender: id,
      documents,
      version: tender.documentsVersion + 1,
      reason,
      invalidatedBids: invalidated,
    }),
  ]);
  return invalidated;
}

/** Cancels a tender at any stage before it is final, with the reason on record. */
export async function cancelTender(scope: CommandScope, id: string, reason: string): Promise<void> {
  const tender = await lockedTender(scope, id);
  requireMove(tender, 'cancelled');
  await recordOn(scope, streamOf(id), [
    event('TenderCancelled', { tender: id, from: tender.state, reason }),
  ]);
}

/** Records the supply classes a supplier is registered for, which eligibility rules ask for. */
export async function registerSupplier(
  scope: CommandScope,
  supplier: string,
  supplyClasses: string[],
): Promise<void> {
  if ((await findParty(scope.trx, supplier))?.kind !== 'supplier') {
    throw new DomainError('NOT_FOUND', `No supplier ${supplier}.`);
  }
  await recordOn(scope, `supplier-register:${supplier}`, [
    event('SupplierRegistered', { supplier, supplyClasses: [...new Set(supplyClasses)].sort() }),
  ]);
}
