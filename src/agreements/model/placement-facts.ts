import type { MonthlyLoad, MonthQuantity } from './call-off.ts';

/** What one placement decides on besides the agreement. */
export interface PlacementFacts {
  /** Each supplier's load in the months asked. */
  loads: Map<string, MonthlyLoad>;
  /** Each supplier's pooled volume of the item. */
  pooled: Map<string, bigint>;
  /** Each supplier's highest unit price among live call-offs of the item: rebates reach below it. */
  highestPrice: Map<string, bigint>;
  /** What the nation has committed under the agreement. */
  nationCommitted: bigint;
  /** The version of the agreement's ledger stream. */
  streamVersion: bigint;
}

/** A placement as it changes what the next one decides on. */
export interface PlacedFacts {
  nation: string;
  supplier: string;
  nsn: string;
  quantity: bigint;
  schedule: readonly MonthQuantity[];
  unitPrice: bigint;
  /** Its value in the agreement's currency: what it commits under the ceilings. */
  ceilingValue: bigint;
}

const itemKey = (supplier: string, nsn: string) => `${supplier}\u0000${nsn}`;

/**
 * What a group of placements on one agreement decides on: read once, under the agreement's lock,
 * for every nation, item and month the group asks about, then moved on by each placement the
 * group makes, so that the next decides on exactly what it would read had the one before it
 * committed alone.
 */
export class AgreementFacts {
  private readonly loads = new Map<string, Map<string, bigint>>();
  private readonly pooled = new Map<string, bigint>();
  private readonly highestPrice = new Map<string, bigint>();
  private readonly nationCommitted: Map<string, bigint>;

  constructor(
    read: {
      loads: readonly { supplier: string; month: string; quantity: bigint }[];
      pooled: readonly { supplier: string; nsn: string; pooled: bigint }[];
      prices: readonly { supplier: string; nsn: string; price: bigint }[];
      nationCommitted: ReadonlyMap<string, bigint>;
    },
    /** What the agreement has committed under its ceiling. */
    public committed: bigint,
    /** The version of the agreement's stream these facts are at. */
    public streamVersion: bigint,
  ) {
    for (const l of read.loads) this.addLoad(l.supplier, l.month, l.quantity);
    for (const p of read.pooled) this.pooled.set(itemKey(p.supplier, p.nsn), p.pooled);
    for (const p of read.prices) this.highestPrice.set(itemKey(p.supplier, p.nsn), p.price);
    this.nationCommitted = new Map(read.nationCommitted);
  }

  private addLoad(supplier: string, month: string, quantity: bigint): void {
    const months = this.loads.get(supplier) ?? new Map<string, bigint>();
    months.set(month, (months.get(month) ?? 0n) + quantity);
    this.loads.set(supplier, months);
  }

  /** What a placement of `nsn` for `nation` decides on. */
  forPlacement(nation: string, nsn: string): PlacementFacts {
    const ofItem = (facts: Map<string, bigint>) =>
      new Map(
        [...facts]
          .filter(([key]) => key.endsWith(`\u0000${nsn}`))
          .map(([key, value]) => [key.slice(0, key.indexOf('\u0000')), value]),
      );
    return {
      loads: new Map([...this.loads].map(([supplier, months]) => [supplier, new Map(months)])),
      pooled: ofItem(this.pooled),
      highestPrice: ofItem(this.highestPrice),
      nationCommitted: this.nationCommitted.get(nation) ?? 0n,
      streamVersion: this.streamVersion,
    };
  }

  /** The stream has moved on by a group's `events`, which these facts have been moved on by. */
  advance(events: number): void {
    this.streamVersion += BigInt(events);
  }

  /** Moves the facts on by a placement that triggered no rebate. */
  place(placed: PlacedFacts): void {
    const key = itemKey(placed.supplier, placed.nsn);
    for (const m of placed.schedule) this.addLoad(placed.supplier, m.month, m.quantity);
    this.pooled.set(key, (this.pooled.get(key) ?? 0n) + placed.quantity);
    const highest = this.highestPrice.get(key);
    if (highest === undefined || placed.unitPrice > highest) {
      this.highestPrice.set(key, placed.unitPrice);
    }
    this.nationCommitted.set(
      placed.nation,
      (this.nationCommitted.get(placed.nation) ?? 0n) + placed.ceilingValue,
    );
    this.committed += placed.ceilingValue;
  }
}
