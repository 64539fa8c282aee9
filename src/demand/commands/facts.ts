import { findItem, findPlatform, searchItems } from '../../catalogue/queries.ts';
import { findParty } from '../../parties/queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { SignalTerms } from '../model/signal.ts';
import type { DraftSignal } from '../model/signal-record.ts';

/** Members and partners alike state demand and receive donations. */
const isNation = (kind: string | undefined) => kind === 'nation' || kind === 'partner-nation';

/** A problem with a line that the catalogue or the parties reveal, by field. */
export interface FactProblem {
  field: keyof DraftSignal;
  message: string;
}

/**
 * What the catalogue and the parties say about the lines of a signal, asked once per NSN,
 * platform, family and party however many lines name them: an import of 50,000 lines asks about
 * the few dozen things they name.
 */
export class SignalFacts {
  readonly #db: Executor;
  readonly #answers = new Map<string, Promise<unknown>>();

  constructor(db: Executor) {
    this.#db = db;
  }

  #once<T>(key: string, ask: () => Promise<T>): Promise<T> {
    let answer = this.#answers.get(key) as Promise<T> | undefined;
    if (answer === undefined) {
      answer = ask();
      this.#answers.set(key, answer);
    }
    return answer;
  }

  /** The kind of a party, or undefined when there is no such party. */
  partyKind(id: string) {
    return this.#once(`party ${id}`, async () => (await findParty(this.#db, id))?.kind);
  }

  /** The family of an item, or undefined when the catalogue has no such NSN. */
  familyOfItem(nsn: string) {
    return this.#once(`item ${nsn}`, async () => (await findItem(this.#db, nsn))?.family);
  }

  /** The family a platform fires, or undefined when there is no such platform. */
  familyOfPlatform(id: string) {
    return this.#once(`platform ${id}`, async () => (await findPlatform(this.#db, id))?.family);
  }

  /** Whether the catalogue has an item of a family. */
  familyKnown(family: string) {
    return this.#once(`family ${family}`, async () => {
      const items = await searchItems(this.#db, {
        family,
        includeRestricted: true,
        limit: 1,
        offset: 0,
      });
      return items.length > 0;
    });
  }

  /**
   * A draft's terms checked against the catalogue and the parties: its family from its item when
   * it names one, its platform one that fires that family, its nation and recipient known.
   */
  async resolve(draft: DraftSignal): Promise<SignalTerms | FactProblem[]> {
    const problems: FactProblem[] = [];
    if (!isNation(await this.partyKind(draft.nation)))
      problems.push({ field: 'nation', message: `${draft.nation} is not a nation known here` });
    if (draft.recipient !== null && !isNation(await this.partyKind(draft.recipient)))
      problems.push({
        field: 'recipient',
        message: `${draft.recipient} is not a nation known here`,
      });
    let family = draft.family;
    if (draft.nsn !== null) {
      const ofItem = await this.familyOfItem(draft.nsn);
      if (ofItem === undefined) problems.push({ field: 'nsn', message: 'is not in the catalogue' });
      else if (family !== null && family !== ofItem)
        problems.push({ field: 'family', message: `the item is of the family ${ofItem}` });
      else family = ofItem;
    } else if (family !== null && !(await this.familyKnown(family))) {
      problems.push({ field: 'family', message: 'the catalogue has no item of this family' });
    }
    if (draft.platform !== null && family !== null) {
      const fires = await this.familyOfPlatform(draft.platform);
      if (fires === undefined)
        problems.push({ field: 'platform', message: 'is not a platform in the catalogue' });
      else if (fires !== family)
        problems.push({ field: 'platform', message: `fires ${fires}, not ${family}` });
    }
    if (problems.length > 0 || family === null) return problems;
    const { nation: _nation, reference: _reference, ...terms } = draft;
    return { ...terms, family };
  }
}
