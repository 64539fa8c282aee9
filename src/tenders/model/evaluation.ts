import { type Tier, tierAt } from '../../agreements/model/tiers.ts';
import type { Money } from '../../platform/money.ts';
import { type Conversion, convert } from '../../rates/model.ts';

/** A bid as evaluation sees it once opened and marked. */
export interface Candidate {
  bid: string;
  supplier: string;
  /** Every technical requirement of the lot passed. */
  compliant: boolean;
  /** The evaluated price, in minor units of the tender's currency. */
  price: bigint;
  monthlyCapacity: bigint;
  leadTimeDays: number;
  /** When the bid took its final form (a replacement's time), ISO 8601. */
  finalSubmittedAt: string;
}

/**
 * The evaluated price of a schedule for a lot: the unit price at the tier the lot's whole estimated
 * quantity reaches, times that quantity, converted at the rate fixed at publication.
 */
export function evaluatedPrice(
  tiers: readonly Tier[],
  quantity: bigint,
  conversion: Conversion,
): Money {
  const unitPrice = tierAt(tiers, quantity).unitPrice;
  return convert({ minor: unitPrice * quantity, currency: conversion.from }, conversion);
}

/** Weights of best-value evaluation, in whole percent adding up to 100. */
export interface Weights {
  price: number;
  capacity: number;
  leadTime: number;
}

/** How a lot's bids are ranked: Lowest Price Technically Compliant, or best value by weights. */
export type Method = { kind: 'lptc' } | { kind: 'best-value'; weights: Weights };

/** Why weights cannot be used, or undefined. */
export function weightsProblem(weights: Weights): string | undefined {
  const all = [weights.price, weights.capacity, weights.leadTime];
  if (all.some((w) => !Number.isInteger(w) || w < 0)) return 'weights are whole percentages';
  if (all.reduce((a, b) => a + b, 0) !== 100) return 'weights add up to 100';
  return undefined;
}

/** One place in a lot's ranking. `score` is the best-value score, null under LPTC. */
export interface Ranked {
  rank: number;
  bid: string;
  supplier: string;
  price: bigint;
  score: bigint | null;
}

// The resolution of a best-value score: each criterion scores up to SCALE before its weight.
const SCALE = 1_000_000n;

/** Earliest final submission first; the bid id settles a tie at the same millisecond. */
function earlierFinal(a: Candidate, b: Candidate): number {
  const byTime = Date.parse(a.finalSubmittedAt) - Date.parse(b.finalSubmittedAt);
  if (byTime !== 0) return byTime;
  return a.bid < b.bid ? -1 : a.bid > b.bid ? 1 : 0;
}

function bestValueScores(compliant: readonly Candidate[], weights: Weights): Map<string, bigint> {
  const prices = compliant.map((c) => c.price).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const capacities = compliant
    .map((c) => c.monthlyCapacity)
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const lowest = prices[0] ?? 1n;
  const largest = capacities[0] ?? 0n;
  const quickest = compliant.reduce(
    (m, c) => Math.min(m, c.leadTimeDays),
    compliant[0]?.leadTimeDays ?? 0,
  );
  return new Map(
    compliant.map((c) => {
      const price = c.price > 0n ? (lowest * SCALE) / c.price : SCALE;
      const capacity = largest > 0n ? (c.monthlyCapacity * SCALE) / largest : SCALE;
      // One day added to both sides, so that an immediate delivery (0 days) scores in full.
      const lead = (BigInt(quickest + 1) * SCALE) / BigInt(c.leadTimeDays + 1);
      const score =
        BigInt(weights.price) * price +
        BigInt(weights.capacity) * capacity +
        BigInt(weights.leadTime) * lead;
      return [c.bid, score];
    }),
  );
}

/**
 * Ranks a lot's compliant bids; non-compliant bids are never ranked. LPTC: the lowest evaluated
 * price first. Best value: the highest weighted score first. Either way a tie goes to the earliest
 * final submission (a replaced bid counts from its replacement).
 */
export function rank(candidates: readonly Candidate[], method: Method): Ranked[] {
  const compliant = candidates.filter((c) => c.compliant);
  const scores = method.kind === 'best-value' ? bestValueScores(compliant, method.weights) : null;
  const ordered = [...compliant].sort((a, b) => {
    if (scores !== null) {
      const sa = scores.get(a.bid) ?? 0n;
      const sb = scores.get(b.bid) ?? 0n;
      if (sa !== sb) return sa > sb ? -1 : 1;
    } else if (a.price !== b.price) {
      return a.price < b.price ? -1 : 1;
    }
    return earlierFinal(a, b);
  });
  return ordered.map((c, i) => ({
    rank: i + 1,
    bid: c.bid,
    supplier: c.supplier,
    price: c.price,
    score: scores?.get(c.bid) ?? null,
  }));
}

/** The bids a lot awards: the first `awards` of its ranking. */
export function awardees(ranking: readonly Ranked[], awards: number): Ranked[] {
  return ranking.slice(0, awards);
}

/** A bid is compliant when every requirement of its lot is marked, and every mark passes. */
export function isCompliant(
  requirements: readonly string[],
  marks: ReadonlyMap<string, boolean>,
): boolean {
  return requirements.every((r) => marks.get(r) === true);
}
