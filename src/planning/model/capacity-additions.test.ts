import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.ts';
import { buildInstance } from './build.ts';
import { capacityAdditions } from './capacity-additions.ts';

const { instance } = buildInstance({
  months: 3,
  priorities: 2,
  production: [{ supplier: 'Nammo', item: '155-HE', capacity: [4, 0, 4] }],
  lines: [
    {
      nation: 'LV',
      priority: 0,
      quantity: 3,
      due: 0,
      options: [{ supplier: 'Nammo', item: '155-HE', price: 100 }],
    },
    {
      nation: 'EE',
      priority: 1,
      quantity: 6,
      due: 1,
      options: [{ supplier: 'Nammo', item: '155-HE', price: 100 }],
    },
    {
      nation: 'LT',
      priority: 1,
      quantity: 2,
      due: 0,
      options: [{ supplier: 'Rheinmetall', item: '155-HE', price: 90 }],
    },
  ],
});

describe('the smallest capacity additions', () => {
  const { schedule } = allocate(instance);

  it('close a class on time around what the class above keeps, and price the capacity', () => {
    const found = capacityAdditions(instance, schedule.flow, 1);
    // Class 1 keeps month 0's one unit left by LV's three; month 2 is too late for EE.
    expect(found.available).toEqual(Float64Array.of(1, 0, 4));
    expect(found.total).toBe(5);
    expect(found.additions.map((a) => a.units).reduce((x, y) => x + y, 0)).toBe(5);
    expect(found.additions.every((a) => a.source < 2 && a.price === 1)).toBe(true);
    expect(Array.from(found.capacityPrice)).toEqual([1, 1, 0]);
    expect(found.needPrice[1]).toBe(1);
    // LT's only option is a production line the plan does not have.
    expect(found.unreachable).toEqual([2]);
  });

  it('add nothing for a class the plan already serves on time', () => {
    const found = capacityAdditions(instance, schedule.flow, 0);
    expect(found.total).toBe(0);
    expect(found.additions).toEqual([]);
  });
});
