import type { AgreementInput } from '../agreements/commands.ts';

const EUR = (euros: number) => BigInt(euros) * 100n;

const DM121 = '1320-12-100-0121';
const L15A1 = '1320-99-100-0015';
const JAVELIN = '1410-01-100-0148';
const NLAW = '1410-99-100-0001';
const SHARD = '1315-12-100-0120';

/** The validity of the demo's agreements: four years from the day the demo is loaded. */
export interface Validity {
  validFrom: string;
  validTo: string;
}

/**
 * Three framework agreements from three tenders, whose ceilings add up to EUR 2.4 billion, as
 * the seeds report: 155 mm artillery ammunition, anti-tank guided missiles and main battle tank
 * ammunition. Prices and capacities are illustrative.
 */
export function demoAgreements(validity: Validity): AgreementInput[] {
  const capacity = 1_000_000n;
  return [
    {
      title: '155 mm artillery ammunition',
      lot: 'DEMO-155-LOT1',
      currency: 'EUR',
      ceiling: EUR(1_200_000_000),
      ...validity,
      priceVariationBoundBp: 1000,
      items: [DM121, L15A1],
      nations: ['CZE', 'DEU', 'DNK', 'ESP', 'FRA', 'ITA', 'NLD', 'NOR', 'POL'].map((nation) => ({
        nation,
        subCeiling: nation === 'DEU' ? EUR(300_000_000) : null,
      })),
      suppliers: [
        {
          supplier: 'D1A01',
          rank: 1,
          currency: 'EUR',
          monthlyCapacity: capacity,
          prices: [DM121, L15A1].map((nsn) => ({
            nsn,
            tiers: [
              { from: 1n, unitPrice: EUR(4_000) },
              { from: 100_000n, unitPrice: EUR(3_500) },
            ],
          })),
        },
        {
          supplier: 'F1B02',
          rank: 2,
          currency: 'EUR',
          monthlyCapacity: capacity,
          prices: [{ nsn: DM121, tiers: [{ from: 1n, unitPrice: EUR(4_100) }] }],
        },
        {
          supplier: 'P1D04',
          rank: 3,
          currency: 'EUR',
          monthlyCapacity: capacity,
          prices: [{ nsn: L15A1, tiers: [{ from: 1n, unitPrice: EUR(4_200) }] }],
        },
      ],
    },
    {
      title: 'Anti-tank guided missiles',
      lot: 'DEMO-ATGM-LOT1',
      currency: 'EUR',
      ceiling: EUR(700_000_000),
      ...validity,
      priceVariationBoundBp: 500,
      items: [JAVELIN, NLAW],
      nations: ['DNK', 'EST', 'FIN', 'GBR', 'LTU', 'LVA', 'NLD', 'NOR'].map((nation) => ({
        nation,
        subCeiling: null,
      })),
      suppliers: [
        {
          supplier: '01J09',
          rank: 1,
          currency: 'EUR',
          monthlyCapacity: 10_000n,
          prices: [{ nsn: JAVELIN, tiers: [{ from: 1n, unitPrice: EUR(200_000) }] }],
        },
        {
          supplier: 'K1C03',
          rank: 2,
          currency: 'EUR',
          monthlyCapacity: 10_000n,
          prices: [{ nsn: NLAW, tiers: [{ from: 1n, unitPrice: EUR(40_000) }] }],
        },
      ],
    },
    {
      title: 'Main battle tank ammunition, 120 mm',
      lot: 'DEMO-120-LOT1',
      currency: 'EUR',
      ceiling: EUR(500_000_000),
      ...validity,
      priceVariationBoundBp: 1000,
      items: [SHARD],
      nations: ['DEU', 'DNK', 'FIN', 'NLD', 'NOR', 'POL'].map((nation) => ({
        nation,
        subCeiling: null,
      })),
      suppliers: [
        {
          supplier: 'H1K10',
          rank: 1,
          currency: 'EUR',
          monthlyCapacity: 50_000n,
          prices: [{ nsn: SHARD, tiers: [{ from: 1n, unitPrice: EUR(5_500) }] }],
        },
      ],
    },
  ];
}

/** One nation's firm order in the demo: which agreement (by index), what and how many. */
export interface DemoCallOff {
  agreement: number;
  nation: string;
  nsn: string;
  supplier: string | null;
  quantity: bigint;
}

/**
 * Call-offs that commit EUR 1.0 billion once all are placed: 140,000 rounds of 155 mm from one
 * supplier, whose pooled volume reaches the EUR 3,500 tier, so the first orders are rebated (EUR
 * 490 million);
 * 1,000 Javelin and 5,000 NLAW (EUR 400 million); 20,000 rounds of 120 mm (EUR 110 million).
 */
export const demoCallOffs: DemoCallOff[] = [
  ...(
    [
      ['DEU', 30_000],
      ['POL', 25_000],
      ['FRA', 20_000],
      ['CZE', 15_000],
      ['NLD', 10_000],
      ['DNK', 10_000],
      ['NOR', 10_000],
      ['ESP', 10_000],
      ['ITA', 10_000],
    ] as const
  ).map(([nation, quantity]) => ({
    agreement: 0,
    nation,
    nsn: DM121,
    supplier: 'D1A01',
    quantity: BigInt(quantity),
  })),
  ...(
    [
      ['NLD', 300],
      ['EST', 200],
      ['LTU', 200],
      ['LVA', 150],
      ['NOR', 150],
    ] as const
  ).map(([nation, quantity]) => ({
    agreement: 1,
    nation,
    nsn: JAVELIN,
    supplier: null,
    quantity: BigInt(quantity),
  })),
  ...(
    [
      ['GBR', 2_000],
      ['NOR', 1_000],
      ['FIN', 1_000],
      ['DNK', 1_000],
    ] as const
  ).map(([nation, quantity]) => ({
    agreement: 1,
    nation,
    nsn: NLAW,
    supplier: null,
    quantity: BigInt(quantity),
  })),
  ...(
    [
      ['DEU', 8_000],
      ['NLD', 4_000],
      ['NOR', 3_000],
      ['FIN', 3_000],
      ['DNK', 2_000],
    ] as const
  ).map(([nation, quantity]) => ({
    agreement: 2,
    nation,
    nsn: SHARD,
    supplier: null,
    quantity: BigInt(quantity),
  })),
];
