/** One supplier's production line in the demo, with the ramp-up it has decided, if any. */
export interface DemoLine {
  supplier: string;
  nsn: string;
  monthlyCapacity: bigint;
  rampUp?: { addedPerMonth: bigint; leadMonths: number; note: string };
}

/**
 * Production lines of the demo agreements' suppliers for the items they are awarded, so that a
 * plan has something to allocate. The capacities are illustrative, not any company's figures:
 * chosen so that two years of production fall short of the 155 mm, Javelin and 120 mm call-offs
 * while NLAW catches up after its ramp-up — a plan with a shortfall to explain.
 */
export const demoLines: DemoLine[] = [
  {
    supplier: 'D1A01',
    nsn: '1320-12-100-0121',
    monthlyCapacity: 3_000n,
    rampUp: { addedPerMonth: 2_000n, leadMonths: 12, note: 'illustrative: a new filling plant' },
  },
  { supplier: 'D1A01', nsn: '1320-99-100-0015', monthlyCapacity: 1_000n },
  { supplier: 'F1B02', nsn: '1320-12-100-0121', monthlyCapacity: 1_500n },
  { supplier: 'P1D04', nsn: '1320-99-100-0015', monthlyCapacity: 1_500n },
  { supplier: '01J09', nsn: '1410-01-100-0148', monthlyCapacity: 30n },
  {
    supplier: 'K1C03',
    nsn: '1410-99-100-0001',
    monthlyCapacity: 150n,
    rampUp: { addedPerMonth: 100n, leadMonths: 6, note: 'illustrative: a second assembly line' },
  },
  { supplier: 'H1K10', nsn: '1315-12-100-0120', monthlyCapacity: 600n },
];
