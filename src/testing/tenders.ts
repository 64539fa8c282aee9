import { createUser, registerParty } from '../parties/commands.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import {
  createTender,
  publishTender,
  registerSupplier,
  type TenderInput,
} from '../tenders/commands.ts';
import type { BidContent } from '../tenders/model/bid.ts';
import type { AccessWorld } from './access-world.ts';
import { DM121, L15A1 } from './agreements.ts';

/** A third supplier beside the access world's two, so that a lot draws three bids. */
export const THIRD_SUPPLIER = 'P0003';

/**
 * A 155 mm tender for France and Germany, one lot of 20,000 rounds awarding two suppliers, bids
 * due a week after the access world's clock starts.
 */
function tender155(overrides: Partial<TenderInput> = {}): TenderInput {
  return {
    title: '155 mm artillery ammunition, 2024–2027',
    currency: 'EUR',
    currencies: ['EUR'],
    bidDeadline: '2023-10-05T12:00:00.000Z',
    standstillDays: 10,
    eligibility: { supplyClasses: ['1320'], countries: [] },
    method: { kind: 'lptc' },
    documents: 'Tender documents, version 1.',
    lots: [
      {
        lot: 'lot-1',
        title: '155 mm projectiles',
        items: [DM121, L15A1],
        quantity: '20000',
        nations: ['FRA', 'DEU'],
        requirements: [
          { id: 'R1', text: 'STANAG 4425 qualification' },
          { id: 'R2', text: 'AQAP-2110 certification' },
        ],
        ceiling: '100000000000',
        durationMonths: 48,
        awards: 2,
      },
    ],
    ...overrides,
  };
}

/** A bid on lot-1 at one unit price for every volume, answering both requirements. */
export function bid155(unitPrice: bigint, evidence = 'qualification report'): BidContent {
  return {
    nsn: DM121,
    currency: 'EUR',
    tiers: [
      { from: 1n, unitPrice: unitPrice + 200_00n },
      { from: 10_000n, unitPrice },
    ],
    monthlyCapacity: 5_000n,
    leadTimeDays: 120,
    answers: [
      { requirement: 'R1', answer: 'qualified', evidence: [evidence] },
      { requirement: 'R2', answer: 'certified', evidence: ['AQAP-2110 certificate'] },
    ],
  };
}

/** Registers the access world's suppliers and a third for supply class 1320. */
export async function registerBidders(runtime: CommandRuntime): Promise<void> {
  await runCommand(runtime, 'test', (scope) =>
    registerParty(scope, {
      id: THIRD_SUPPLIER,
      kind: 'supplier',
      name: 'Polska Amunicja (illustrative)',
      iso3: null,
      ncbCode: null,
      ncage: THIRD_SUPPLIER,
      country: 'POL',
      groups: [],
    }),
  );
  for (const supplier of ['F0001', 'D0002', THIRD_SUPPLIER]) {
    await runCommand(runtime, 'user:officer', (scope) =>
      registerSupplier(scope, supplier, ['1320']),
    );
  }
}

/** Drafts and publishes a tender, returning its id. */
export async function publishedTender(
  runtime: CommandRuntime,
  input: TenderInput = tender155(),
): Promise<string> {
  const id = await runCommand(runtime, 'user:officer', (scope) => createTender(scope, input));
  await runCommand(runtime, 'user:officer', (scope) =>
    publishTender(scope, id, runtime.masterKey ?? new Uint8Array()),
  );
  return id;
}

/** A bearer token for a representative of the third supplier (registered by `registerBidders`). */
export async function thirdSupplierBearer(world: AccessWorld): Promise<string> {
  const user = await runCommand(world.runtime, 'test', (scope) =>
    createUser(scope, {
      username: 'supplier-rep.third',
      displayName: 'Third supplier',
      partyId: THIRD_SUPPLIER,
      roles: ['supplier-rep'],
      passwordHash: 'not used: this user signs in with a token',
    }),
  );
  return (await world.issueBearer(user.id)).bearer;
}

/** The same bid as a request body, as a supplier sends it. */
export function bidBody(content: BidContent, lot = 'lot-1') {
  return {
    lot,
    nsn: content.nsn,
    currency: content.currency,
    tiers: content.tiers.map((t) => ({ from: Number(t.from), unitPrice: t.unitPrice.toString() })),
    monthlyCapacity: Number(content.monthlyCapacity),
    leadTimeDays: content.leadTimeDays,
    answers: content.answers,
  };
}

/** A tender as a request body, bids due `days` after `now`. */
export function tenderBody(now: Date, days = 7, input: TenderInput = tender155()) {
  return {
    ...input,
    bidDeadline: new Date(now.getTime() + days * 86_400_000).toISOString(),
    lots: input.lots.map((l) => ({ ...l, quantity: Number(l.quantity) })),
  };
}
