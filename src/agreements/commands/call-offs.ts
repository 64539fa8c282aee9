import { dayOf } from '../../platform/clock.ts';
import type { CommandScope, Grouping, GroupOutcome } from '../../platform/command.ts';
import type { Trx } from '../../platform/db/database.ts';
import { sendWithCommit } from '../../platform/db/pipelined-transactions.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { ledgerTimestamp, type NewEvent } from '../../platform/ledger/model.ts';
import { formatMoney, money } from '../../platform/money.ts';
import { convert } from '../../rates/model.ts';
import type { AgreementEventPayload } from '../events.ts';
import { closedForCallOffs, priceListOf, type SupplierTerm } from '../model/agreement.ts';
import {
  callOffValue,
  cascade,
  hasCapacity,
  type MonthlyLoad,
  type MonthQuantity,
  rebatesTo,
  scheduleProblem,
  tierFor,
} from '../model/call-off.ts';
import type { PlacedFacts, PlacementFacts } from '../model/placement-facts.ts';
import { type Asked, PlacementMemory } from '../model/placement-memory.ts';
import type { Tier } from '../model/tiers.ts';
import { tierAt } from '../model/tiers.ts';
import {
  type CallOff,
  callOffsPricedAbove,
  committedByNation,
  findCallOff,
  lockAgreements,
  lockForPlacement,
  monthlyLoad,
  type Placing,
  placedCallOff,
  pooledVolume,
  type StoredAgreement,
} from '../store.ts';
import {
  ceilingRefusal,
  conversionOn,
  event,
  invalid,
  lockedAgreement,
  recordOn,
} from './shared.ts';

/** A nation's firm order against an agreement. */
export interface CallOffInput {
  agreementId: string;
  nation: string;
  /** Named, or left to the cascade. */
  supplier: string | null;
  nsn: string;
  quantity: bigint;
  schedule: MonthQuantity[];
  destination: string;
}

const scheduleText = (schedule: readonly MonthQuantity[]) =>
  schedule.map((m) => ({ month: m.month, quantity: m.quantity.toString() }));

function refuseIfClosed(agreement: StoredAgreement, day: string): void {
  const reason = closedForCallOffs(agreement, day);
  if (reason !== undefined) throw new DomainError('AGREEMENT_NOT_ACTIVE', `${reason}.`);
}

/** Rebate events, and the room under the ceiling (and each nation's part of it) that they free. */
interface Rebates {
  events: NewEvent[];
  freed: bigint;
  freedByNation: Map<string, bigint>;
}

const NO_REBATES: Rebates = { events: [], freed: 0n, freedByNation: new Map() };

/** The rebates a tier owes to the live call-offs priced above it, with their ceiling effect. */
async function rebatesFor(
  scope: Pick<CommandScope, 'trx'>,
  callOff: Pick<CallOff, 'agreementId' | 'supplier' | 'nsn'>,
  tier: Tier,
  pooled: bigint,
  except?: string,
): Promise<Rebates> {
  const earlier = (
    await callOffsPricedAbove(
      scope.trx,
      callOff.agreementId,
      callOff.supplier,
      callOff.nsn,
      tier.unitPrice,
    )
  ).filter((c) => c.id !== except);
  const byId = new Map(earlier.map((c) => [c.id, c]));
  const events: NewEvent[] = [];
  let freed = 0n;
  const freedByNation = new Map<string, bigint>();
  for (const rebate of rebatesTo(tier, earlier)) {
    const owed = byId.get(rebate.callOff) as CallOff;
    const after = convert(money(owed.value - rebate.amount, owed.currency), owed.conversion);
    const ceilingAmount = owed.ceilingValue - after.minor;
    freed += ceilingAmount;
    freedByNation.set(owed.nation, (freedByNation.get(owed.nation) ?? 0n) + ceilingAmount);
    events.push(
      event('CallOffRebated', {
        agreement: callOff.agreementId,
        callOff: owed.id,
        fromUnitPrice: rebate.fromUnitPrice.toString(),
        toUnitPrice: rebate.toUnitPrice.toString(),
        amount: rebate.amount.toString(),
        ceilingAmount: ceilingAmount.toString(),
        pooled: pooled.toString(),
      }),
    );
  }
  return { events, freed, freedByNation };
}

/**
 * Refuses a change of committed value that would cross the agreement's ceiling or the nation's
 * sub-ceiling: `change` more for the nation's call-off, less what the rebates it triggers free.
 */
async function guardCeilings(
  agreement: StoredAgreement,
  nation: string,
  change: bigint,
  rebates: Rebates,
  nationCommitted: () => Promise<bigint>,
): Promise<void> {
  const growth = change - rebates.freed;
  const nationGrowth = change - (rebates.freedByNation.get(nation) ?? 0n);
  const room = agreement.ceiling - agreement.committed;
  if (growth > room) {
    throw ceilingRefusal(
      'CEILING_EXCEEDED',
      `This would commit ${formatMoney(money(growth, agreement.currency))} more, and only ${formatMoney(money(room, agreement.currency))} is left under the ceiling.`,
      money(room, agreement.currency),
    );
  }
  const subCeiling = agreement.nations.find((n) => n.nation === nation)?.subCeiling ?? null;
  if (subCeiling === null) return;
  const nationRoom = subCeiling - (await nationCommitted());
  if (nationGrowth > nationRoom) {
    throw ceilingRefusal(
      'SUBCEILING_EXCEEDED',
      `This would commit ${formatMoney(money(nationGrowth, agreement.currency))} more for ${nation}, and only ${formatMoney(money(nationRoom, agreement.currency))} is left under its sub-ceiling.`,
      money(nationRoom, agreement.currency),
    );
  }
}

/** The supplier a call-off goes to: the one named, or the cascade's choice. */
function supplierFor(
  agreement: StoredAgreement,
  input: CallOffInput,
  facts: PlacementFacts,
): SupplierTerm {
  const loadOf = (supplier: string): MonthlyLoad => facts.loads.get(supplier) ?? new Map();
  if (input.supplier === null) {
    const chosen = cascade(agreement.suppliers, input.nsn, input.schedule, loadOf);
    if (chosen === undefined) {
      throw new DomainError(
        'CAPACITY_EXCEEDED',
        `No supplier of ${input.nsn} on this agreement has capacity left in the months asked.`,
      );
    }
    return chosen;
  }
  const term = agreement.suppliers.find((s) => s.supplier === input.supplier);
  if (term === undefined) throw invalid('body.supplier', 'not a supplier of this agreement');
  if (priceListOf(term, input.nsn) === undefined) {
    throw invalid('body.supplier', `${term.supplier} has no price for ${input.nsn}`);
  }
  if (!hasCapacity(term, loadOf(term.supplier), input.schedule)) {
    throw new DomainError(
      'CAPACITY_EXCEEDED',
      `${term.supplier} has no capacity left in one of the months asked.`,
    );
  }
  return term;
}

/** What a placement decided, ready to record. */
interface Decided {
  placed: AgreementEventPayload<'CallOffPlaced'>;
  /** The placement's event, then the rebates it triggers. */
  events: NewEvent[];
  /** What the placement changes in the facts the next one decides on. */
  facts: PlacedFacts;
}

/** The rebates a placement triggers, once it knows its tier and the pooled volume it reaches. */
type OwedRebates = (
  callOff: Pick<CallOff, 'agreementId' | 'supplier' | 'nsn'>,
  tier: Tier,
  pooled: bigint,
) => Promise<Rebates>;

/**
 * Decides a call-off on the agreement, locked, and the facts read under its lock: checks the
 * nation, the item, the schedule and the supplier's capacity; prices every unit at the tier the
 * supplier's pooled volume of the item reaches with it; rebates earlier call-offs that the new
 * volume makes cheaper; and refuses anything that would cross the ceiling or the nation's
 * sub-ceiling.
 */
async function decidePlacement(
  scope: Pick<CommandScope, 'trx' | 'now'>,
  agreement: StoredAgreement,
  facts: PlacementFacts,
  input: CallOffInput,
  owedRebates: OwedRebates,
): Promise<Decided> {
  const day = dayOf(scope.now);
  refuseIfClosed(agreement, day);
  if (!agreement.nations.some((n) => n.nation === input.nation)) {
    throw new DomainError(
      'NOT_A_PARTICIPANT',
      `${input.nation} does not take part in this agreement.`,
    );
  }
  if (!agreement.items.includes(input.nsn)) throw invalid('body.nsn', 'not an item of this lot');
  const problem = scheduleProblem(input.schedule, input.quantity);
  if (problem !== undefined) throw invalid('body.schedule', problem);
  const term = supplierFor(agreement, input, facts);
  const tiers = priceListOf(term, input.nsn) as Tier[];
  const pooled = (facts.pooled.get(term.supplier) ?? 0n) + input.quantity;
  const tier = tierFor(tiers, pooled - input.quantity, input.quantity);
  const conversion = await conversionOn(scope, term.currency, agreement.currency, day);
  const value = callOffValue(input.quantity, tier.unitPrice, 0);
  const ceilingValue = convert(money(value, term.currency), conversion).minor;
  // Only a call-off priced above the tier reached is owed a rebate: most placements have none.
  const rebates =
    (facts.highestPrice.get(term.supplier) ?? 0n) > tier.unitPrice
      ? await owedRebates(
          { agreementId: agreement.id, supplier: term.supplier, nsn: input.nsn },
          tier,
          pooled,
        )
      : NO_REBATES;
  await guardCeilings(
    agreement,
    input.nation,
    ceilingValue,
    rebates,
    async () => facts.nationCommitted,
  );
  const placed = {
    agreement: agreement.id,
    callOff: newId(),
    nation: input.nation,
    supplier: term.supplier,
    nsn: input.nsn,
    destination: input.destination,
    quantity: input.quantity.toString(),
    schedule: scheduleText(input.schedule),
    currency: term.currency,
    tierFrom: tier.from.toString(),
    unitPrice: tier.unitPrice.toString(),
    value: value.toString(),
    conversion,
    ceilingValue: ceilingValue.toString(),
    pooled: pooled.toString(),
    chosenBy: input.supplier === null ? ('cascade' as const) : ('named' as const),
  };
  return {
    placed,
    events: [event('CallOffPlaced', placed), ...rebates.events],
    facts: {
      nation: input.nation,
      supplier: term.supplier,
      nsn: input.nsn,
      quantity: input.quantity,
      schedule: input.schedule,
      unitPrice: tier.unitPrice,
      ceilingValue,
    },
  };
}

/** What a group of placements asks about: its agreements, in the order they are locked in. */
function askedBy(inputs: readonly CallOffInput[]): Asked {
  return {
    agreementIds: [...new Set(inputs.map((i) => i.agreementId))].sort(),
    nsns: [...new Set(inputs.map((i) => i.nsn))],
    months: [...new Set(inputs.flatMap((i) => i.schedule.map((m) => m.month)))],
  };
}

/** Locks the agreements asked about and reads what they decide on; the memory keeps it. */
async function readForPlacement(
  trx: Trx,
  memory: PlacementMemory<StoredAgreement>,
  asked: Asked,
): Promise<Map<string, Placing>> {
  const read = memory.toRead(asked);
  const placings = await lockForPlacement(trx, read);
  memory.keep(read, placings);
  return placings;
}

function placingOn(placings: ReadonlyMap<string, Placing>, agreementId: string): Placing {
  const placing = placings.get(agreementId);
  if (placing === undefined) throw new DomainError('NOT_FOUND', `No agreement ${agreementId}.`);
  return placing;
}

/** The call-off a decided placement creates, as placing it answers. */
function createdCallOff(decided: Decided, now: Date, actor: string): CallOff {
  // The rebates touch only earlier call-offs: this one is as its placement projects it.
  const [placement] = decided.events as [NewEvent];
  return placedCallOff(decided.placed, { at: ledgerTimestamp(now), actor }, placement.id);
}

/** Places a call-off in the command's own transaction: see decidePlacement. */
export async function placeCallOff(scope: CommandScope, input: CallOffInput): Promise<CallOff> {
  const placings = await lockForPlacement(scope.trx, askedBy([input]));
  const { agreement, facts } = placingOn(placings, input.agreementId);
  const decided = await decidePlacement(
    scope,
    agreement,
    facts.forPlacement(input.nation, input.nsn),
    input,
    (callOff, tier, pooled) => rebatesFor(scope, callOff, tier, pooled),
  );
  await recordOn(scope, agreement.id, facts.streamVersion, decided.events);
  return createdCallOff(decided, scope.now, scope.actor);
}

// A placement that owes rebates reads the call-offs it rebates from their table, where the
// group's own placements are not yet: it is set aside, to run alone once the group commits.
class OwesRebates extends Error {}

/**
 * Call-offs placed as a group (DESIGN.md, Ledger: group commit). They would queue anyway: on
 * their agreement's lock, and every one of them on the ledger's head, whose lock is held to the
 * commit; together they take it once. The group decides on the facts the last group left its
 * agreements at (PlacementMemory), or, when it asks about anything not remembered, locks the
 * agreements and reads their facts in one statement; each call-off is decided in turn on the
 * facts as the ones before it moved them, exactly as if each had committed alone; the group's
 * placements are projected in one statement and appended in one, sent with the COMMIT (and the
 * agreements' locks, when it decided on remembered facts). A refused call-off records nothing and
 * leaves the facts as they were.
 */
export const callOffPlacement: Grouping<CallOffInput, CallOff, PlacementMemory<StoredAgreement>> = {
  laneOf: () => 'call-offs',
  alone: placeCallOff,
  memory: () => new PlacementMemory(),
  forget: (memory) => memory.forget(),
  async together(scope, commands) {
    const asked = askedBy(commands.map((c) => c.input));
    const recalled = scope.memory.recall(asked);
    const placings = recalled ?? (await readForPlacement(scope.trx, scope.memory, asked));
    const recorded = new Map<string, number>();
    const outcomes: GroupOutcome<CallOff>[] = [];
    for (const { actor, input } of commands) {
      try {
        const { agreement, facts } = placingOn(placings, input.agreementId);
        const decided = await decidePlacement(
          scope,
          { ...agreement, committed: facts.committed },
          facts.forPlacement(input.nation, input.nsn),
          input,
          async () => {
            throw new OwesRebates();
          },
        );
        scope.record(actor, `agreement:${agreement.id}`, facts.streamVersion, decided.events);
        facts.place(decided.facts);
        recorded.set(agreement.id, (recorded.get(agreement.id) ?? 0) + decided.events.length);
        outcomes.push({ value: createdCallOff(decided, scope.now, actor) });
      } catch (error) {
        if (error instanceof OwesRebates) outcomes.push({ alone: true });
        else if (error instanceof DomainError) outcomes.push({ refused: error });
        else throw error;
      }
    }
    for (const [id, events] of recorded) placingOn(placings, id).facts.advance(events);
    if (recalled !== undefined) {
      // Decided on what the last group left: the locks are taken as the group commits, and the
      // ledger refuses the append if an agreement's stream has moved since.
      await sendWithCommit(scope.trx);
      await lockAgreements(scope.trx, asked.agreementIds);
    }
    return outcomes;
  },
};

/** Reads a call-off and locks its agreement, or answers 404. */
async function lockedCallOff(
  scope: CommandScope,
  id: string,
): Promise<{ callOff: CallOff; agreement: StoredAgreement }> {
  const unlocked = await findCallOff(scope.trx, id);
  if (unlocked === undefined) throw new DomainError('NOT_FOUND', `No call-off ${id}.`);
  const agreement = await lockedAgreement(scope, unlocked.agreementId);
  // Read again under the lock: a command that held it may have changed the call-off meanwhile.
  return { callOff: (await findCallOff(scope.trx, id)) as CallOff, agreement };
}

function refuseUnlessLive(callOff: CallOff): void {
  if (callOff.state !== 'placed' && callOff.state !== 'confirmed') {
    throw new DomainError('INVALID_TRANSITION', `The call-off is ${callOff.state}.`);
  }
}

/** What an amendment changes; what it leaves out stays as it is. */
export interface Amendment {
  quantity?: bigint;
  schedule?: MonthQuantity[];
  variationBp?: number;
  reason: string;
}

/**
 * Amends a call-off's quantity, schedule or price variation, under the same ceilings as a new
 * one. More units may reach a cheaper tier (the call-off and the earlier ones are rebated);
 * fewer units never raise a price that was already lowered.
 */
export async function amendCallOff(
  scope: CommandScope,
  id: string,
  amendment: Amendment,
): Promise<void> {
  const { callOff, agreement } = await lockedCallOff(scope, id);
  refuseUnlessLive(callOff);
  refuseIfClosed(agreement, dayOf(scope.now));
  const quantity = amendment.quantity ?? callOff.quantity;
  if (amendment.quantity !== undefined && amendment.schedule === undefined) {
    if (quantity !== callOff.quantity) throw invalid('body.schedule', 'give the new schedule');
  }
  const schedule = amendment.schedule ?? callOff.schedule;
  const problem = scheduleProblem(schedule, quantity);
  if (problem !== undefined) throw invalid('body.schedule', problem);
  const delivered = callOff.acceptedQuantity + callOff.declaredQuantity;
  if (quantity < delivered) {
    throw invalid('body.quantity', `${delivered} units are delivered or declared already`);
  }
  const variationBp = amendment.variationBp ?? callOff.variationBp;
  if (Math.abs(variationBp) > agreement.priceVariationBoundBp) {
    throw invalid(
      'body.variationBp',
      `the agreement bounds price variation to ±${agreement.priceVariationBoundBp} basis points`,
    );
  }
  const term = agreement.suppliers.find((s) => s.supplier === callOff.supplier) as SupplierTerm;
  // The call-off's own months are part of the load: take them out, it is being replaced.
  const load = await monthlyLoad(
    scope.trx,
    agreement.id,
    callOff.supplier,
    schedule.map((m) => m.month),
  );
  for (const own of callOff.schedule) {
    load.set(own.month, (load.get(own.month) ?? 0n) - own.quantity);
  }
  if (amendment.schedule !== undefined && !hasCapacity(term, load, schedule)) {
    throw new DomainError(
      'CAPACITY_EXCEEDED',
      `${callOff.supplier} has no capacity left in one of the months asked.`,
    );
  }
  const pooled =
    (await pooledVolume(scope.trx, agreement.id, callOff.supplier, callOff.nsn)) -
    callOff.quantity +
    quantity;
  const tier = tierAt(priceListOf(term, callOff.nsn) as Tier[], pooled);
  const grows = quantity > callOff.quantity;
  const unitPrice =
    grows && tier.unitPrice < callOff.unitPrice ? tier.unitPrice : callOff.unitPrice;
  const value = callOffValue(quantity, unitPrice, variationBp);
  const ceilingValue = convert(money(value, callOff.currency), callOff.conversion).minor;
  if (
    quantity === callOff.quantity &&
    variationBp === callOff.variationBp &&
    JSON.stringify(scheduleText(schedule)) === JSON.stringify(scheduleText(callOff.schedule))
  ) {
    throw invalid('body', 'the amendment changes nothing');
  }
  const rebates = grows
    ? await rebatesFor(scope, callOff, tier, pooled, callOff.id)
    : { events: [], freed: 0n, freedByNation: new Map<string, bigint>() };
  const growth = ceilingValue - callOff.ceilingValue;
  await guardCeilings(agreement, callOff.nation, growth, rebates, () =>
    committedByNation(scope.trx, agreement.id, callOff.nation),
  );
  const terms = (q: bigint, s: MonthQuantity[], p: bigint, bp: number, v: bigint, c: bigint) => ({
    quantity: q.toString(),
    schedule: scheduleText(s),
    unitPrice: p.toString(),
    variationBp: bp,
    value: v.toString(),
    ceilingValue: c.toString(),
  });
  await recordOn(scope, agreement.id, undefined, [
    event('CallOffAmended', {
      agreement: agreement.id,
      callOff: callOff.id,
      reason: amendment.reason,
      before: terms(
        callOff.quantity,
        callOff.schedule,
        callOff.unitPrice,
        callOff.variationBp,
        callOff.value,
        callOff.ceilingValue,
      ),
      after: terms(quantity, schedule, unitPrice, variationBp, value, ceilingValue),
      pooled: pooled.toString(),
    }),
    ...rebates.events,
  ]);
}

/** The supplier confirms a call-off placed with it. */
export async function confirmCallOff(scope: CommandScope, id: string): Promise<void> {
  const { callOff, agreement } = await lockedCallOff(scope, id);
  if (callOff.state !== 'placed') {
    throw new DomainError('INVALID_TRANSITION', `The call-off is ${callOff.state}.`);
  }
  await recordOn(scope, agreement.id, undefined, [
    event('CallOffConfirmed', { agreement: agreement.id, callOff: id }),
  ]);
}

/**
 * Cancels a call-off that nothing was delivered against, freeing its value under the ceiling.
 * Rebates it received stay given: a cancellation claws nothing back from anyone.
 */
export async function cancelCallOff(
  scope: CommandScope,
  id: string,
  reason: string,
): Promise<void> {
  const { callOff, agreement } = await lockedCallOff(scope, id);
  refuseUnlessLive(callOff);
  if (callOff.acceptedQuantity + callOff.declaredQuantity > 0n) {
    throw new DomainError(
      'INVALID_TRANSITION',
      'Deliveries were declared against this call-off: amend its quantity down instead.',
    );
  }
  await recordOn(scope, agreement.id, undefined, [
    event('CallOffCancelled', { agreement: agreement.id, callOff: id, reason }),
  ]);
}

export { lockedCallOff };
