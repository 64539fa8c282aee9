import type { AgreementFacts } from './placement-facts.ts';

/** What one agreement's placements decide on, as the last group left it. */
export interface Remembered<A> {
  agreement: A;
  facts: AgreementFacts;
}

/** What a group of placements asks about. */
export interface Asked {
  agreementIds: readonly string[];
  nsns: readonly string[];
  months: readonly string[];
}

// The items and months remembered grow towards those placements ask about; past this many
// months (twenty years of schedules) they start again from what is asked.
const MOST_MONTHS = 240;

/**
 * The placement facts of the agreements the lane placed on last, kept between groups so that the
 * next group need not read them again: each is as the last group left it, at the version of the
 * agreement's stream that group moved it to. The facts cover the items and months they were read
 * for, and a group asking about any other reads them all again. The memory is only a guess: the
 * group that decides on it locks the agreements, and the ledger refuses its append if any of
 * their streams has moved since (a command alone, another process).
 */
export class PlacementMemory<A> {
  private readonly agreements = new Map<string, Remembered<A>>();
  private nsns = new Set<string>();
  private months = new Set<string>();

  /** What the group asks about, if every agreement, item and month of it is remembered. */
  recall(asked: Asked): Map<string, Remembered<A>> | undefined {
    if (!asked.nsns.every((n) => this.nsns.has(n))) return undefined;
    if (!asked.months.every((m) => this.months.has(m))) return undefined;
    const recalled = new Map<string, Remembered<A>>();
    for (const id of asked.agreementIds) {
      const remembered = this.agreements.get(id);
      if (remembered === undefined) return undefined;
      recalled.set(id, remembered);
    }
    return recalled;
  }

  /** What to read when the memory falls short: what is asked, and what is remembered. */
  toRead(asked: Asked): Asked {
    const months = new Set([...this.months, ...asked.months]);
    return {
      agreementIds: asked.agreementIds,
      nsns: [...new Set([...this.nsns, ...asked.nsns])],
      months: [...(months.size > MOST_MONTHS ? asked.months : months)],
    };
  }

  /**
   * Keeps what was read, under the locks, for `read`'s items and months; the agreements
   * remembered before for other items or months are forgotten.
   */
  keep(read: Asked, placings: ReadonlyMap<string, Remembered<A>>): void {
    const sameCover =
      read.nsns.length === this.nsns.size &&
      read.nsns.every((n) => this.nsns.has(n)) &&
      read.months.length === this.months.size &&
      read.months.every((m) => this.months.has(m));
    if (!sameCover) {
      this.agreements.clear();
      this.nsns = new Set(read.nsns);
      this.months = new Set(read.months);
    }
    for (const [id, placing] of placings) this.agreements.set(id, placing);
  }

  forget(): void {
    this.agreements.clear();
    this.nsns.clear();
    this.months.clear();
  }
}
