import type { AgreementInput } from '../agreements/commands.ts';
import { createAgreement, moveAgreement } from '../agreements/commands.ts';
import { agreementsProjector } from '../agreements/projector.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import type { Db } from '../platform/db/database.ts';
import { projectionRows } from './projection-rows.ts';

/** The seeded items a 155 mm lot is made of. */
export const DM121 = '1320-12-100-0121';
export const L15A1 = '1320-99-100-0015';

/**
 * A 155 mm framework agreement between the access world's parties: France (capped) and Germany,
 * Arsenal Nord first in the cascade, Rheinwerk second. Prices in EUR cents, all-units tiers.
 */
export function lot155(overrides: Partial<AgreementInput> = {}): AgreementInput {
  return {
    title: '155 mm artillery ammunition',
    lot: 'lot-155',
    currency: 'EUR',
    ceiling: 100_000_000_00n,
    validFrom: '2023-09-01',
    validTo: '2027-08-31',
    priceVariationBoundBp: 1000,
    items: [DM121, L15A1],
    nations: [
      { nation: 'FRA', subCeiling: 40_000_000_00n },
      { nation: 'DEU', subCeiling: null },
    ],
    suppliers: [
      {
        supplier: 'F0001',
        rank: 1,
        currency: 'EUR',
        monthlyCapacity: 20_000n,
        prices: [
          {
            nsn: DM121,
            tiers: [
              { from: 1n, unitPrice: 3_000_00n },
              { from: 10_000n, unitPrice: 2_800_00n },
              { from: 50_000n, unitPrice: 2_600_00n },
            ],
          },
          { nsn: L15A1, tiers: [{ from: 1n, unitPrice: 3_200_00n }] },
        ],
      },
      {
        supplier: 'D0002',
        rank: 2,
        currency: 'EUR',
        monthlyCapacity: 10_000n,
        prices: [{ nsn: DM121, tiers: [{ from: 1n, unitPrice: 3_100_00n }] }],
      },
    ],
    ...overrides,
  };
}

/** Creates an agreement and activates it. */
export async function activeAgreement(
  runtime: CommandRuntime,
  input: AgreementInput = lot155(),
): Promise<string> {
  const id = await runCommand(runtime, 'user:officer', (scope) => createAgreement(scope, input));
  await runCommand(runtime, 'user:officer', (scope) =>
    moveAgreement(scope, id, 'active', 'signed'),
  );
  return id;
}

/** The same agreement as a request body, as a client would send it. */
export function agreementBody(input: AgreementInput = lot155()) {
  return {
    ...input,
    ceiling: input.ceiling.toString(),
    nations: input.nations.map((n) => ({
      nation: n.nation,
      subCeiling: n.subCeiling === null ? null : n.subCeiling.toString(),
    })),
    suppliers: input.suppliers.map((s) => ({
      ...s,
      monthlyCapacity: Number(s.monthlyCapacity),
      prices: s.prices.map((p) => ({
        nsn: p.nsn,
        tiers: p.tiers.map((t) => ({ from: Number(t.from), unitPrice: t.unitPrice.toString() })),
      })),
    })),
  };
}

/**
 * A 155 mm agreement between one nation and one supplier only, so that a caller of another party
 * has no part in it.
 */
export function pairLot(nation: string, supplier: string): AgreementInput {
  const base = lot155();
  const first = base.suppliers[0] as AgreementInput['suppliers'][number];
  return {
    ...base,
    nations: [{ nation, subCeiling: null }],
    suppliers: [{ ...first, supplier }],
  };
}

/** Every row of the agreements' read tables in a fixed order, to compare before and after replay. */
export function agreementTables(db: Db): Promise<unknown[]> {
  return projectionRows(db, agreementsProjector.tables);
}
