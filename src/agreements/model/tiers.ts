/**
 * A supplier's price schedule for one item: volume tiers, priced all-units. Every unit of the
 * pooled volume is priced at the tier that the cumulative quantity reaches.
 */
export interface Tier {
  /** The cumulative quantity from which this tier's price applies. */
  from: bigint;
  /** Minor units of the supplier's currency, per unit of issue. */
  unitPrice: bigint;
}

/** Why a schedule cannot be used, or undefined when it can. */
export function scheduleProblem(tiers: readonly Tier[]): string | undefined {
  const first = tiers[0];
  if (first === undefined) return 'a price schedule needs at least one tier';
  if (first.from !== 1n) return 'the first tier must start at a quantity of 1';
  for (let i = 0; i < tiers.length; i++) {
    const tier = tiers[i] as Tier;
    if (tier.unitPrice <= 0n) return `tier ${i + 1}: the unit price must be positive`;
    const previous = tiers[i - 1];
    if (previous === undefined) continue;
    if (tier.from <= previous.from) {
      return `tier ${i + 1}: tiers must start at increasing quantities`;
    }
    if (tier.unitPrice > previous.unitPrice) {
      return `tier ${i + 1}: a larger volume may not cost more per unit`;
    }
  }
  return undefined;
}

/** The tier a cumulative quantity reaches: the last whose threshold it meets. */
export function tierAt(tiers: readonly Tier[], cumulative: bigint): Tier {
  let reached = tiers[0];
  if (reached === undefined) throw new RangeError('empty price schedule');
  for (const tier of tiers) if (tier.from <= cumulative) reached = tier;
  return reached;
}
