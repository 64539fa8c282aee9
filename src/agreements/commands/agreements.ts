import { findItem } from '../../catalogue/queries.ts';
import { findParty } from '../../parties/queries.ts';
import { dayOf } from '../../platform/clock.ts';
import type { CommandScope } from '../../platform/command.ts';
import { DomainError, type FieldProblem } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { NewEvent } from '../../platform/ledger/model.ts';
import { formatMoney, money } from '../../platform/money.ts';
import { type Agreement, mayMove, type SettableState, stateOn } from '../model/agreement.ts';
import { scheduleProblem } from '../model/tiers.ts';
import { findProposal } from '../store.ts';
import { event, lockedAgreement, recordOn } from './shared.ts';

/** What an officer enters to make an agreement: everything but its id and state. */
export type AgreementInput = Omit<Agreement, 'id' | 'state'>;

async function problemsOf(scope: CommandScope, input: AgreementInput): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (input.validFrom > input.validTo) add('body.validTo', 'ends before it begins');
  for (const [i, nsn] of input.items.entries()) {
    if ((await findItem(scope.trx, nsn)) === undefined) add(`body.items.${i}`, `no item ${nsn}`);
  }
  if (new Set(input.items).size !== input.items.length)
    add('body.items', 'an item is listed twice');
  for (const [i, { nation, subCeiling }] of input.nations.entries()) {
    const party = await findParty(scope.trx, nation);
    if (party?.kind !== 'nation' && party?.kind !== 'partner-nation') {
      add(`body.nations.${i}.nation`, `${nation} is not a nation`);
    }
    if (subCeiling !== null && subCeiling > input.ceiling) {
      add(`body.nations.${i}.subCeiling`, 'exceeds the ceiling');
    }
  }
  if (new Set(input.nations.map((n) => n.nation)).size !== input.nations.length) {
    add('body.nations', 'a nation is listed twice');
  }
  if (new Set(input.suppliers.map((s) => s.rank)).size !== input.suppliers.length) {
    add('body.suppliers', 'each supplier needs a rank of its own');
  }
  for (const [i, term] of input.suppliers.entries()) {
    if ((await findParty(scope.trx, term.supplier))?.kind !== 'supplier') {
      add(`body.suppliers.${i}.supplier`, `${term.supplier} is not a supplier`);
    }
    for (const [j, price] of term.prices.entries()) {
      const path = `body.suppliers.${i}.prices.${j}`;
      if (!input.items.includes(price.nsn)) add(`${path}.nsn`, `${price.nsn} is not in the lot`);
      const problem = scheduleProblem(price.tiers);
      if (problem !== undefined) add(`${path}.tiers`, problem);
    }
  }
  if (new Set(input.suppliers.map((s) => s.supplier)).size !== input.suppliers.length) {
    add('body.suppliers', 'a supplier is listed twice');
  }
  return problems;
}

/**
 * The checked events that enter a framework agreement on its new stream — as a draft, or active at
 * once when `activation` gives the reason (an award that is final) — for a command that records them
 * together with its own events in its one append.
 */
export async function newAgreementEvents(
  scope: CommandScope,
  input: AgreementInput,
  activation?: string,
): Promise<{ id: string; stream: string; events: NewEvent[] }> {
  const problems = await problemsOf(scope, input);
  const first = problems[0];
  if (first !== undefined) {
    throw new DomainError('VALIDATION_FAILED', `${first.path}: ${first.message}.`, problems);
  }
  const id = newId();
  const events = [
    event('AgreementCreated', {
      id,
      title: input.title,
      lot: input.lot,
      currency: input.currency,
      ceiling: input.ceiling.toString(),
      validFrom: input.validFrom,
      validTo: input.validTo,
      priceVariationBoundBp: input.priceVariationBoundBp,
      items: input.items,
      nations: input.nations.map((n) => ({
        nation: n.nation,
        subCeiling: n.subCeiling === null ? null : n.subCeiling.toString(),
      })),
      suppliers: input.suppliers.map((s) => ({
        supplier: s.supplier,
        rank: s.rank,
        currency: s.currency,
        monthlyCapacity: s.monthlyCapacity.toString(),
        prices: s.prices.map((p) => ({
          nsn: p.nsn,
          tiers: p.tiers.map((t) => ({
            from: t.from.toString(),
            unitPrice: t.unitPrice.toString(),
          })),
        })),
      })),
    }),
  ];
  if (activation !== undefined) {
    events.push(
      event('AgreementStateChanged', {
        agreement: id,
        from: 'draft',
        to: 'active',
        reason: activation,
      }),
    );
  }
  return { id, stream: `agreement:${id}`, events };
}

/** Enters a framework agreement, as a draft until an officer activates it. */
export async function createAgreement(scope: CommandScope, input: AgreementInput): Promise<string> {
  const { id, events } = await newAgreementEvents(scope, input);
  await recordOn(scope, id, 0n, events);
  return id;
}

/** Activates, suspends, resumes or closes an agreement. */
export async function moveAgreement(
  scope: CommandScope,
  id: string,
  to: SettableState,
  reason: string,
): Promise<void> {
  const agreement = await lockedAgreement(scope, id);
  const from = stateOn(agreement, dayOf(scope.now));
  if (!mayMove(from, to)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `An agreement that is ${from} cannot become ${to}.`,
    );
  }
  await recordOn(scope, id, undefined, [
    event('AgreementStateChanged', { agreement: id, from, to, reason }),
  ]);
}

/** Proposes a new ceiling; it takes effect only when another officer approves it. */
export async function proposeCeiling(
  scope: CommandScope,
  id: string,
  ceiling: bigint,
  reason: string,
): Promise<string> {
  const agreement = await lockedAgreement(scope, id);
  if (agreement.state === 'closed') {
    throw new DomainError('INVALID_TRANSITION', 'The agreement is closed.');
  }
  if (ceiling === agreement.ceiling) {
    throw new DomainError('VALIDATION_FAILED', 'body.ceiling: the ceiling is that already.', [
      { path: 'body.ceiling', message: 'the ceiling is that already' },
    ]);
  }
  const proposal = newId();
  await recordOn(scope, id, undefined, [
    event('CeilingChangeProposed', {
      agreement: id,
      proposal,
      ceiling: ceiling.toString(),
      reason,
    }),
  ]);
  return proposal;
}

/**
 * Approves or rejects a proposed ceiling. Approval takes a second officer (four eyes), and never
 * puts the ceiling under what is already committed; the proposer may withdraw by rejecting.
 */
export async function decideCeiling(
  scope: CommandScope,
  id: string,
  proposalId: string,
  decision: { approve: boolean; reason: string },
): Promise<void> {
  const agreement = await lockedAgreement(scope, id);
  const proposal = await findProposal(scope.trx, id, proposalId);
  if (proposal === undefined) throw new DomainError('NOT_FOUND', `No proposal ${proposalId}.`);
  if (proposal.state !== 'pending') {
    throw new DomainError('INVALID_TRANSITION', `The proposal is ${proposal.state} already.`);
  }
  if (decision.approve && proposal.proposedBy === scope.actor) {
    throw new DomainError(
      'SECOND_APPROVER_REQUIRED',
      'Another officer must approve the ceiling you proposed.',
    );
  }
  if (decision.approve && proposal.ceiling < agreement.committed) {
    throw new DomainError(
      'CEILING_BELOW_COMMITTED',
      `Call-offs commit ${formatMoney(money(agreement.committed, agreement.currency))} already.`,
    );
  }
  await recordOn(scope, id, undefined, [
    event('CeilingChangeDecided', {
      agreement: id,
      proposal: proposalId,
      approved: decision.approve,
      from: agreement.ceiling.toString(),
      to: proposal.ceiling.toString(),
      reason: decision.reason,
    }),
  ]);
}
