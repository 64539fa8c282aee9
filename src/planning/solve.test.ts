import { describe, expect, it } from 'vitest';
import type { StoredInput } from './events.ts';
import { solvePlan } from './solve.ts';

/** One supplier making 10 a month of one item; two nations' call-offs on it. */
function input(franceDue: number): StoredInput {
  const option = { supplier: 'S1', item: '1315-12-100-0120', price: '100' };
  const line = (nation: string, quantity: number, due: number) => ({
    kind: 'call-off' as const,
    id: `${nation}-1`,
    nation,
    nsn: option.item,
    family: '155mm projectile',
    priority: 0,
    quantity,
    due,
    options: [option],
  });
  return {
    firstMonth: '2030-01',
    months: 4,
    currency: 'EUR',
    priorities: 1,
    production: [{ supplier: 'S1', item: option.item, capacity: [10, 10, 10, 10] }],
    lines: [line('FRA', 25, franceDue), line('DEU', 5, 3)],
  };
}

describe('a plan’s smallest capacity additions', () => {
  it('add what the class lacks by its due dates, no more, where it is due, priced at 1 each', async () => {
    // By March (month 2) S1 has made 30; France needs 25 by then and Germany 5 by April, with 40
    // made in all: nothing is short, but France's units after March would be late.
    const onTime = await solvePlan(input(2), 'network');
    expect(onTime.capacityAdditions).toEqual([]);

    // France needs 25 by January: 10 are made by then, so 15 more are needed in January.
    const early = await solvePlan(input(0), 'network');
    expect(early.totals.lateness).toBeGreaterThan(0);
    expect(early.capacityAdditions).toEqual([
      {
        priority: 0,
        supplier: 'S1',
        item: '1315-12-100-0120',
        month: '2030-01',
        units: 15,
        dualPrice: '1',
      },
    ]);
  });

  it('are the same whichever solver made the plan', async () => {
    const network = await solvePlan(input(0), 'network');
    const highs = await solvePlan(input(0), 'highs');
    expect(highs.capacityAdditions).toEqual(network.capacityAdditions);
  });
});
