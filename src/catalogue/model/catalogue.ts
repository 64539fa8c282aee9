import type { Level } from './compatibility.ts';

/** Money as integer minor units of an ISO 4217 currency. */
interface Money {
  minor: bigint;
  currency: string;
}

/** An item of supply, known by its NSN. */
export interface Item {
  nsn: string;
  supplyClass: string;
  ncb: string;
  name: string;
  /** What it is, for pooling: `155mm projectile`, `ATGM`, `120mm tank round`. */
  family: string;
  /** Standards it meets, e.g. `STANAG 4425`. */
  standards: string[];
  unitOfIssue: string;
  referencePrice: Money | null;
  /** Restricted items are shown to signed-in users only. */
  restricted: boolean;
  /** False for illustrative or unconfirmed facts (an NSN made up for the demo, say). */
  verified: boolean;
  source: string;
}

/** A weapon system that fires items of a family. */
export interface Platform {
  id: string;
  name: string;
  family: string;
  description: string;
  verified: boolean;
  source: string;
}

/** An assessed edge: how an item fits a platform, by whose account, as of when. */
export interface Compatibility {
  nsn: string;
  platform: string;
  level: Level;
  source: string;
  /** ISO date (YYYY-MM-DD). */
  asOf: string;
}

/** One assessment in an edge's history: what was found, and who recorded it when. */
export interface Assessment extends Compatibility {
  recordedBy: string;
  /** ISO 8601 UTC timestamp of the ledger event. */
  recordedAt: string;
}

/** Whether two items say the same thing, field by field (so re-registering one is a no-op). */
export function sameItem(a: Item, b: Item): boolean {
  return (
    a.nsn === b.nsn &&
    a.supplyClass === b.supplyClass &&
    a.ncb === b.ncb &&
    a.name === b.name &&
    a.family === b.family &&
    a.standards.length === b.standards.length &&
    a.standards.every((s, i) => s === b.standards[i]) &&
    a.unitOfIssue === b.unitOfIssue &&
    a.referencePrice?.minor === b.referencePrice?.minor &&
    a.referencePrice?.currency === b.referencePrice?.currency &&
    a.restricted === b.restricted &&
    a.verified === b.verified &&
    a.source === b.source
  );
}

/** What registering an item does to a catalogue. */
export type Registration = 'created' | 'revised' | 'unchanged';

/** What registering `item` does where the catalogue holds `existing` under its NSN. */
export function registrationOf(existing: Item | undefined, item: Item): Registration {
  if (existing === undefined) return 'created';
  return sameItem(existing, item) ? 'unchanged' : 'revised';
}
