import { newAgreementEvents } from '../../agreements/commands.ts';
import { dayOf } from '../../platform/clock.ts';
import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { NewEvent } from '../../platform/ledger/model.ts';
import { streamVersion } from '../../platform/ledger/store.ts';
import { ZBidJson } from '../events.ts';
import { bidOfJson } from '../model/bid.ts';
import { awardees } from '../model/evaluation.ts';
import { dueMove } from '../model/lifecycle.ts';
import { lastDayAfter, standstillEnd, type Tender } from '../model/tender.ts';
import { bidsOf, challengesOf, rankingOf, revealedBid } from '../store.ts';
import { event, lockedTender, recordOn, requireState, streamOf } from './shared.ts';

/** How far an amendment may move a call-off's price under an awarded framework: 10 %. */
const PRICE_VARIATION_BOUND_BP = 1000;

/** An officer proposes the award: for each lot, the top of its ranking, as many as it awards. */
export async function proposeAward(scope: CommandScope, tenderId: string): Promise<void> {
  const tender = await lockedTender(scope, tenderId);
  requireState(tender, 'evaluated');
  if (tender.award !== null) {
    throw new DomainError(
      'INVALID_TRANSITION',
      'An award is proposed already, waiting for approval.',
    );
  }
  const ranking = await rankingOf(scope.trx, tenderId);
  const proposed = tender.lots.flatMap((lot) =>
    awardees(
      ranking
        .filter((r) => r.lot === lot.lot)
        .map((r) => ({
          rank: r.rank,
          bid: r.bid_id,
          supplier: r.supplier,
          price: r.price_minor,
          score: r.score,
        })),
      lot.awards,
    ).map((r) => ({
      lot: lot.lot,
      rank: r.rank,
      bid: r.bid,
      supplier: r.supplier,
      price: r.price.toString(),
    })),
  );
  if (proposed.length === 0) {
    throw new DomainError(
      'INVALID_TRANSITION',
      'No lot has a compliant bid to award: cancel the tender.',
    );
  }
  await recordOn(scope, streamOf(tenderId), [
    event('AwardProposed', { tender: tenderId, awardees: proposed }),
  ]);
}

/** A second officer approves the proposed award; the standstill begins. */
export async function approveAward(scope: CommandScope, tenderId: string): Promise<string> {
  const tender = await lockedTender(scope, tenderId);
  requireState(tender, 'evaluated');
  if (tender.award === null) throw new DomainError('INVALID_TRANSITION', 'No award is proposed.');
  if (tender.awardProposedBy === scope.actor) {
    throw new DomainError(
      'SECOND_APPROVER_REQUIRED',
      'Another officer must approve the award you proposed.',
    );
  }
  const standstillEndsAt = standstillEnd(scope.now, tender.standstillDays);
  await recordOn(scope, streamOf(tenderId), [
    event('AwardApproved', { tender: tenderId, standstillEndsAt }),
  ]);
  return standstillEndsAt;
}

/** A bidder challenges the award during the standstill, with its reason and documents. */
export async function lodgeChallenge(
  scope: CommandScope,
  input: { tender: string; supplier: string; reason: string; documents: string[] },
): Promise<string> {
  const tender = await lockedTender(scope, input.tender);
  requireState(tender, 'awarded');
  if (
    tender.standstillEndsAt !== null &&
    scope.now.getTime() >= Date.parse(tender.standstillEndsAt)
  ) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `The standstill ended at ${tender.standstillEndsAt}.`,
    );
  }
  const bids = await bidsOf(scope.trx, tender.id, input.supplier);
  if (bids.every((b) => b.state === 'withdrawn')) {
    throw new DomainError(
      'NOT_ELIGIBLE',
      `${input.supplier} did not bid: only bidders may challenge the award.`,
    );
  }
  const challenge = newId();
  await recordOn(scope, streamOf(tender.id), [
    event('ChallengeLodged', { ...input, tender: tender.id, challenge }),
  ]);
  return challenge;
}

/**
 * Decides a challenge: upheld, the award falls and the tender goes back to evaluation; rejected,
 * with its reason, and the award becomes final at once if the standstill is over and nothing else
 * is pending.
 */
export async function decideChallenge(
  scope: CommandScope,
  input: { tender: string; challenge: string; upheld: boolean; reason: string },
): Promise<void> {
  const tender = await lockedTender(scope, input.tender);
  requireState(tender, 'awarded');
  const challenges = await challengesOf(scope.trx, tender.id);
  const challenge = challenges.find((c) => c.id === input.challenge);
  if (challenge === undefined)
    throw new DomainError('NOT_FOUND', `No challenge ${input.challenge}.`);
  if (challenge.state !== 'pending') {
    throw new DomainError('INVALID_TRANSITION', `The challenge is ${challenge.state} already.`);
  }
  await recordOn(scope, streamOf(tender.id), [
    event('ChallengeDecided', { ...input, tender: tender.id }),
  ]);
  if (!input.upheld) {
    const pending = challenges.filter((c) => c.state === 'pending').length - 1;
    await finaliseIfDue(scope, tender, pending);
  }
}

/** Makes the award final when its standstill is over and no challenge is pending (the clock's step). */
export async function finaliseTender(scope: CommandScope, tenderId: string): Promise<boolean> {
  const tender = await lockedTender(scope, tenderId);
  const pending = (await challengesOf(scope.trx, tenderId)).filter(
    (c) => c.state === 'pending',
  ).length;
  return finaliseIfDue(scope, tender, pending);
}

async function finaliseIfDue(
  scope: CommandScope,
  tender: Tender,
  pending: number,
): Promise<boolean> {
  if (dueMove({ ...tender, pendingChallenges: pending }, scope.now) !== 'final') return false;
  const created: { lot: string; agreement: string }[] = [];
  const agreements: { stream: string; expectedVersion: bigint; events: NewEvent[] }[] = [];
  for (const lot of tender.lots) {
    const awarded = (tender.award ?? []).filter((a) => a.lot === lot.lot);
    if (awarded.length === 0) continue;
    const suppliers = [];
    for (const a of awarded) {
      const revealed = await revealedBid(scope.trx, a.bid);
      if (revealed === undefined) throw new Error(`awarded bid ${a.bid} has no revealed content`);
      const content = bidOfJson(ZBidJson.parse(revealed.content));
      suppliers.push({
        supplier: a.supplier,
        rank: a.rank,
        currency: content.currency,
        monthlyCapacity: content.monthlyCapacity,
        prices: [{ nsn: content.nsn, tiers: content.tiers }],
      });
    }
    const validFrom = dayOf(scope.now);
    const agreement = await newAgreementEvents(
      scope,
      {
        title: `${tender.title}: ${lot.title}`,
        lot: `${tender.id}/${lot.lot}`,
        currency: tender.currency,
        ceiling: lot.ceiling,
        validFrom,
        validTo: lastDayAfter(validFrom, lot.durationMonths),
        priceVariationBoundBp: PRICE_VARIATION_BOUND_BP,
        items: lot.items,
        nations: lot.nations.map((nation) => ({ nation, subCeiling: null })),
        suppliers,
      },
      `awarded by tender ${tender.id}, final at the end of its standstill`,
    );
    agreements.push({ stream: agreement.stream, expectedVersion: 0n, events: agreement.events });
    created.push({ lot: lot.lot, agreement: agreement.id });
  }
  // The agreements and the final award are one fact: appended together, or not at all.
  const stream = streamOf(tender.id);
  await scope.recordStreams([
    ...agreements,
    {
      stream,
      expectedVersion: await streamVersion(scope.trx, stream),
      events: [event('AwardFinal', { tender: tender.id, agreements: created })],
    },
  ]);
  return true;
}
