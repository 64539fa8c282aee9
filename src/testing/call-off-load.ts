import type { AgreementInput } from '../agreements/commands.ts';
import { DM121, L15A1, lot155 } from './agreements.ts';

/** One call-off a client tries to place, and the value it would commit if accepted. */
export interface Attempt {
  agreement: string;
  nation: string;
  quantity: number;
  value: bigint;
  body: {
    nation: string;
    nsn: string;
    quantity: number;
    schedule: { month: string; quantity: number }[];
    destination: string;
  };
}

/** What the server answered. */
export interface Answer {
  status: number;
  body: { code?: string; ceilingValue?: { minor: string } };
}

/** Sends one call-off to an agreement as a nation's representative. */
export type Send = (attempt: Attempt, client: number) => Promise<Answer>;

/** A flat price per item, so that an accepted call-off's value never changes after it. */
export const UNIT_PRICE = 3_000_00n;

/**
 * An agreement for a race: one flat price, capacity no one reaches, a ceiling of `ceiling` and a
 * sub-ceiling for France, so that only the ceilings can refuse.
 */
export function raceLot(ceiling: bigint, frenchSubCeiling: bigint): AgreementInput {
  const base = lot155();
  return {
    ...base,
    // Valid whenever the race runs: server processes keep the real time.
    validFrom: '2000-01-01',
    validTo: '2099-12-31',
    ceiling,
    nations: [
      { nation: 'FRA', subCeiling: frenchSubCeiling },
      { nation: 'DEU', subCeiling: null },
    ],
    suppliers: [
      {
        supplier: 'F0001',
        rank: 1,
        currency: 'EUR',
        monthlyCapacity: 10n ** 12n,
        prices: [DM121, L15A1].map((nsn) => ({
          nsn,
          tiers: [{ from: 1n, unitPrice: UNIT_PRICE }],
        })),
      },
    ],
  };
}

/** A small deterministic generator (mulberry32), so that a failing race can be run again. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` call-offs of 1 to `largest` units, spread over the agreements and two nations. */
export function attempts(
  agreements: readonly string[],
  count: number,
  largest: number,
  seed = 1,
): Attempt[] {
  const next = generator(seed);
  return Array.from({ length: count }, (_, i) => {
    const quantity = 1 + Math.floor(next() * largest);
    const nation = next() < 0.5 ? 'FRA' : 'DEU';
    return {
      agreement: agreements[i % agreements.length] as string,
      nation,
      quantity,
      value: BigInt(quantity) * UNIT_PRICE,
      body: {
        nation,
        nsn: next() < 0.5 ? DM121 : L15A1,
        quantity,
        schedule: [{ month: '2024-01', quantity }],
        destination: 'depot',
      },
    };
  });
}

/** Sends every attempt through `clients` concurrent clients; answers come back in attempt order. */
export async function race(
  all: readonly Attempt[],
  clients: number,
  send: Send,
): Promise<Answer[]> {
  const answers: Answer[] = new Array(all.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = next++; i < all.length; i = next++) {
        answers[i] = await send(all[i] as Attempt, client);
      }
    }),
  );
  return answers;
}
